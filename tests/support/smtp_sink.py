"""A local SMTP server (aiosmtpd) that records every message it accepts.

Tests and the fan-out bench point the outbox at it and count deliveries by
Message-ID and by recipient. It can refuse chosen recipients (to provoke 4xx/5xx
replies) and call hooks as each message arrives (e.g. to SIGKILL a worker at a
known point). Runs in a thread of the calling process, on a spare loopback port.
"""

from __future__ import annotations

import inspect
import logging
import socket
import threading
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from email.parser import BytesHeaderParser

from aiosmtpd.controller import Controller

# aiosmtpd logs every connection at INFO; thousands of them bury a failure's output.
logging.getLogger("mail.log").setLevel(logging.WARNING)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class ReceivedMessage:
    message_id: str
    recipients: tuple[str, ...]
    subject: str
    raw: bytes


class _Handler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        # One EHLO per SMTP session (no STARTTLS here): counts connections.
        with self.sink.lock:
            self.sink.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = self.sink.rcpt_replies.get(address.lower())
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.sink.before_accept:
            reply = self.sink.before_accept(envelope)
            if inspect.isawaitable(reply):
                # A coroutine hook can hold this message without stopping the server:
                # other sessions still get their replies meanwhile.
                reply = await reply
            if reply:
                return reply
        headers = BytesHeaderParser().parsebytes(envelope.original_content or envelope.content)
        message = ReceivedMessage(
            message_id=str(headers.get("Message-ID", "")).strip(),
            recipients=tuple(address.lower() for address in envelope.rcpt_tos),
            subject=str(headers.get("Subject", "")),
            raw=(envelope.original_content or envelope.content) if self.sink.keep_raw else b"",
        )
        with self.sink.lock:
            self.sink.messages.append(message)
        if self.sink.after_accept:
            self.sink.after_accept(message)
        return "250 Message accepted for delivery"


class SmtpSink:
    def __init__(self, *, port: int | None = None, keep_raw: bool = True):
        """``keep_raw=False`` keeps headers' facts only (for 100,000-message benches)."""
        self.port = port or free_port()
        self.keep_raw = keep_raw
        self.lock = threading.Lock()
        self.messages: list[ReceivedMessage] = []
        self.sessions = 0  # SMTP sessions opened with EHLO
        # address (lower case) -> SMTP reply for RCPT, e.g. "550 5.1.1 No such user".
        self.rcpt_replies: dict[str, str] = {}
        # Called with the envelope before a message is accepted; a returned string
        # is sent as the reply instead (e.g. "451 Try again later"). A plain function
        # runs on the server's loop, so nothing else is answered until it returns;
        # a coroutine function holds only its own message.
        self.before_accept: Callable | None = None
        # Called with each ReceivedMessage after it is recorded.
        self.after_accept: Callable[[ReceivedMessage], None] | None = None
        self._controller: Controller | None = None

    @property
    def email_url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> SmtpSink:
        """Start listening (again, after stop(): same port, same records)."""
        self._controller = Controller(
            _Handler(self), hostname="127.0.0.1", port=self.port, data_size_limit=None
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def by_message_id(self) -> Counter:
        with self.lock:
            return Counter(message.message_id for message in self.messages)

    def by_recipient(self) -> Counter:
        with self.lock:
            return Counter(address for message in self.messages for address in message.recipients)

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()


@contextmanager
def smtp_sink(**kwargs):
    sink = SmtpSink(**kwargs).start()
    try:
        yield sink
    finally:
        sink.stop()
