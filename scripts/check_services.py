"""Fail fast, with instructions, when PostgreSQL or Redis is not reachable.

`make test` runs this first: the suite needs both and must never skip for want
of one (a missing service is a failure, in CI above all).
"""

import os
import socket
import sys
from urllib.parse import urlsplit

SERVICES = (
    (
        "PostgreSQL",
        "DATABASE_URL",
        "postgres://postgres@127.0.0.1:5432/toex_recruit",
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start",
    ),
    (
        "Redis",
        "REDIS_URL",
        "redis://127.0.0.1:6379/14",
        'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
    ),
)


def reachable(url: str) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=2):
            return True
    except OSError:
        return False


def main() -> int:
    down = []
    for name, variable, default, local_start in SERVICES:
        url = os.environ.get(variable, default)
        if not reachable(url):
            host = urlsplit(url).netloc.rsplit("@", 1)[-1]
            down.append(
                f"{name} is not reachable at {host} ({variable}).\n"
                f"  Start it with:  docker compose up -d db redis\n"
                f"  or locally:     {local_start}"
            )
    if down:
        print(
            "make test needs PostgreSQL and Redis running:\n\n" + "\n\n".join(down), file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
