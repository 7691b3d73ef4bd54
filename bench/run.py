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
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: bench.pipeline is a sibling module
PYTHON = sys.executable
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "20"))
# Its own database (dropped and made afresh each run): BENCH_DB_NAME when several
# people bench on one PostgreSQL.
DB_NAME = os.environ.get("BENCH_DB_NAME", "toex_recruit_bench")
PG = "postgres://postgres@127.0.0.1:5432"
PAGES_FILE = ROOT / "var" / "bench-pages.json"


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
        "LOG_LEVEL": "ERROR",  # not a "Not Found" line per 404 request
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


def wrk(url: str, options: dict) -> dict:
    connections = options.get("connections", CONNECTIONS)
    command = ["wrk", "-t2", f"-c{connections}", f"-d{SECONDS}s", "--timeout", "5s"]
    env = {**os.environ, "BENCH_REPORT_LUA": str(ROOT / "bench" / "report.lua")}
    command += ["-s", str(ROOT / "bench" / "report.lua")]
    if "cookie" in options:
        command += ["-H", f"Cookie: {options['cookie']}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True, env=env
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


def warm_up(url: str, options: dict) -> None:
    """A few requests first (imports, templates, connections); checks the status too."""
    expected = options.get("status", 200)
    headers = {"Cookie": options["cookie"]} if "cookie" in options else {}
    for _ in range(20):
        request = urllib.request.Request(url, headers=headers)  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                status = response.status
                response.read()
        except urllib.error.HTTPError as error:
            status = error.code
        if status != expected:
            sys.exit(f"{url} answered {status}, not {expected}")


def measure(base: str, pages: list, baseline_rps: float | None = None) -> float:
    """Load each page in turn and print its line; the first sets the baseline if none is given."""
    for name, path, *rest in pages:
        options = rest[0] if rest else {}
        warm_up(base + path, options)
        figures = wrk(base + path, options)
        if options.get("status", 200) >= 400:
            figures["non_2xx"] -= figures["requests"]  # the expected status
        baseline_rps = baseline_rps or figures["rps"]
        ratio = figures["rps"] / baseline_rps
        print(
            f"{name:<44} {figures['rps']:>9.0f} {figures['p50_ms']:>8.2f} "
            f"{figures['p95_ms']:>8.2f} {figures['p99_ms']:>8.2f} "
            f"{figures['errors'] + figures['non_2xx']:>7} {ratio:>11.2f}x",
            flush=True,
        )
    return baseline_rps


def pipeline_wanted(only: list[str]) -> bool:
    from bench.pipeline import SIZES

    return bool(SIZES) and (not only or any(word in "HR applications bulk move" for word in only))


def bench_pipeline(base: str, env: dict[str, str], baseline: tuple, baseline_rps: float) -> None:
    """The HR list at each size (bench/pipeline.py grows the rows), then a bulk move."""
    from bench.pipeline import MOVE_COUNT, SIZES

    for size in SIZES:
        started = time.perf_counter()
        pages = json.loads(run([PYTHON, "-m", "bench.pipeline", "grow", str(size)], env))
        print(f"  ({size:,} applications ready in {time.perf_counter() - started:.0f} s)")
        # The bare view again beside them: the machine's load may have changed meanwhile.
        measure(base, [baseline, *pages])
        with PAGES_FILE.open() as existing:
            known = json.load(existing)
        PAGES_FILE.write_text(json.dumps([*known, *pages]))  # for bench/profile.py
    if MOVE_COUNT:
        figures = json.loads(
            run([PYTHON, "-m", "bench.pipeline", "bulk-move", str(MOVE_COUNT)], env)
        )
        print(
            f"\nbulk move of {figures['moved']:,} (sift -> unsuccessful, one event and email "
            "each): "
            f"committed in {figures['commit_s']:.1f} s; last email at the SMTP sink after "
            f"{figures['last_email_s']:.1f} s ({figures['distinct_recipients']:,} recipients; "
            "real Celery worker, 2 processes)",
            flush=True,
        )


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
    PAGES_FILE.write_text(json.dumps(pages))  # for bench/profile.py

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
        baseline_rps = measure(base, pages)
        if pipeline_wanted(only):
            bench_pipeline(base, env, pages[0], baseline_rps)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    # The reports' figure: the funnel at BENCH_REPORT_APPLICATIONS applications (bench/reports.py).
    print(run([PYTHON, "-m", "bench.reports"], env), end="", flush=True)


if __name__ == "__main__":
    main()
