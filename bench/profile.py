"""Where a page's time goes, in-process: ``python -m bench.profile [PATH ...]``.

Runs after ``make bench`` has prepared its database (same settings as bench/run.py),
calls each page through Django's full handler (every middleware, no network) and
prints the CPU milliseconds a request costs, as a ratio of the bare view's, and
the functions that take the most time. Less noisy than wrk on a shared machine:
it measures one process's CPU time, not throughput.
"""

import cProfile
import io
import json
import os
import pstats
import sys
import time

ROUNDS = int(os.environ.get("BENCH_PROFILE_ROUNDS", "200"))


def cpu_ms_per_request(client, path: str, headers: dict) -> float:
    client.get(path, **headers)
    started = time.process_time()
    for _ in range(ROUNDS):
        client.get(path, **headers)
    return (time.process_time() - started) / ROUNDS * 1000


def main() -> None:
    from bench.run import PAGES_FILE, bench_env

    os.environ.update(bench_env(8000))
    os.environ["ALLOWED_HOSTS"] += ",testserver"
    import django

    django.setup()
    from django.test import Client

    pages = json.loads(PAGES_FILE.read_text())
    wanted = sys.argv[1:]
    client = Client()
    cpu_ms_per_request(client, "/__bench__/hello", {})  # warm: the first calls import
    baseline = cpu_ms_per_request(client, "/__bench__/hello", {})
    print(f"{'page':<44} {'cpu ms':>8} {'vs bare view':>13}")
    for name, path, *rest in pages:
        options = rest[0] if rest else {}
        if wanted and path not in wanted:
            continue
        headers = {"HTTP_COOKIE": options["cookie"]} if "cookie" in options else {}
        cost = cpu_ms_per_request(client, path, headers)
        print(f"{name:<44} {cost:>8.2f} {baseline / cost:>12.2f}x", flush=True)
        if wanted:
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(50):
                client.get(path, **headers)
            profile.disable()
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(
                os.environ.get("BENCH_PROFILE_SORT", "tottime")
            ).print_stats(int(os.environ.get("BENCH_PROFILE_LINES", "25")))
            print(out.getvalue())


if __name__ == "__main__":
    main()
