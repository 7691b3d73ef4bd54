"""`make bench`: load each page under gunicorn and compare it with a bare view.

Production settings (DEBUG off, manifest static files, persistent database
connections) on a fresh PostgreSQL database, gunicorn with 2 sync workers on
127.0.0.1, and wrk as the load (bounded by BENCH_SECONDS and BENCH_CONNECTIONS).
Prints requests/s and p50/p95/p99 for every page and its throughput as a ratio
of the baseline's. Figures, not pass/fail: targets are read by people.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
# Its own name per checkout if several people bench on one PostgreSQL at once.
DB_NAME = os.environ.get("BENCH_DB_NAME", "toex_recruit_bench")
PG = "postgres://postgres@127.0.0.1:5432"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(port: int) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "toex_recruit.settings.base",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-bench",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{PG}/{DB_NAME}",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12"),
        "EMAIL_URL": "smtp://127.0.0.1:1025",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SECURE_SSL_REDIRECT": "false",
        "BENCHMARK_BASELINE_VIEW": "true",
        "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
        "LOG_LEVEL": "WARNING",
    }


def run(cmd: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def fresh_database(env: dict[str, str]) -> None:
    run(
        [
            PYTHON,
            "-c",
            (
                "import psycopg2; c = psycopg2.connect('" + PG + "/postgres'); c.autocommit = True;"
                f"k = c.cursor(); k.execute('DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)');"
                f"k.execute('CREATE DATABASE {DB_NAME}')"
            ),
        ],
        env,
    )
    run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env)
    run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env)


def wrk(url: str, cookie: str = "") -> dict:
    output = subprocess.run(
        [
            "wrk",
            *(["-H", f"Cookie: {cookie}"] if cookie else []),
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--timeout",
            "5s",
            "-s",
            str(ROOT / "bench" / "report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def main() -> None:
    port = free_port()
    env = bench_env(port)
    print(f"Preparing a fresh bench database ({DB_NAME}) ...", flush=True)
    fresh_database(env)
    pages = json.loads(run([PYTHON, "-m", "bench.pages"], env))
    # BENCH_PAGES=word,word measures only the pages whose name holds one (and the baseline).
    only = [word for word in os.environ.get("BENCH_PAGES", "").split(",") if word]
    if only:
        pages = [pages[0], *(page for page in pages[1:] if any(w in page[0] for w in only))]

    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "toex_recruit.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--no-control-socket",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.2)
        else:
            sys.exit("gunicorn did not start")

        print(
            f"gunicorn 2 sync workers; wrk 2 threads, {CONNECTIONS} connections, "
            f"{SECONDS}s per page\n"
        )
        header = (
            f"{'page':<44} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
            f"{'errors':>7} {'vs baseline':>12}"
        )
        print(header)
        print("-" * len(header))
        baseline_rps = None
        # A page is (name, path) or (name, path, cookie) for a signed-in visitor.
        for name, path, *cookie in pages:
            cookie = cookie[0] if cookie else ""
            request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310
            for _ in range(20):  # warm-up: imports, template loading, connections
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    response.read()
                    if response.url != base + path:
                        sys.exit(f"{name}: redirected to {response.url}")
            figures = wrk(base + path, cookie)
            baseline_rps = baseline_rps or figures["rps"]
            ratio = figures["rps"] / baseline_rps
            print(
                f"{name:<44} {figures['rps']:>9.0f} {figures['p50_ms']:>8.2f} "
                f"{figures['p95_ms']:>8.2f} {figures['p99_ms']:>8.2f} "
                f"{figures['errors'] + figures['non_2xx']:>7} {ratio:>11.2f}x",
                flush=True,
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
