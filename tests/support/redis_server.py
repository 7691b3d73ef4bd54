"""A private redis-server on a spare loopback port, for tests that stop the broker.

Never the machine's shared Redis: its own port, its own temporary --dir, no
persistence; stopped and restarted by the PID it recorded, on the same port, so
clients configured with its URL reconnect when it comes back.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager, suppress

from tests.support.smtp_sink import free_port


class RedisServer:
    def __init__(self, *, port: int | None = None):
        self.port = port or free_port()
        self.dir = tempfile.mkdtemp(prefix="test-redis-")
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def _ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self, *, timeout: float = 20) -> RedisServer:
        assert self.process is None, "already running"
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._ping():
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server exited with {self.process.returncode}")
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server not answering on {self.port} after {timeout}s")

    def stop(self, *, timeout: float = 20) -> None:
        """Stop it by its recorded PID (SIGKILL: no graceful save to wait for)."""
        if self.process is None:
            return
        with suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=timeout)
        self.process = None
        deadline = time.monotonic() + timeout
        while self._ping() and time.monotonic() < deadline:
            time.sleep(0.05)

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


@contextmanager
def redis_server(**kwargs):
    server = RedisServer(**kwargs).start()
    try:
        yield server
    finally:
        server.cleanup()
