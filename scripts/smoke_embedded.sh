#!/usr/bin/env bash
# Smoke test of the embedded default: `make run` with no DATABASE_URL / REDIS_URL
# (SQLite, eager tasks, file email) must serve / and /healthz. Used by CI.
set -euo pipefail
cd "$(dirname "$0")/.."
unset DATABASE_URL REDIS_URL EMAIL_URL
log=$(mktemp)
setsid make run >"$log" 2>&1 &
server_pid=$!
stop() { kill -- -"$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
trap stop EXIT

for _ in $(seq 1 180); do
  curl -fsS -o /dev/null http://127.0.0.1:8000/healthz 2>/dev/null && break
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$log"; echo "make run exited early" >&2; exit 1; fi
  sleep 1
done
status=0
# Read whole bodies first: `curl | grep -q` fails under pipefail when grep stops early.
start_page=$(curl -fsS http://127.0.0.1:8000/) || start_page=""
grep -q "Intelligence Researcher" <<<"$start_page" || { echo "/ did not serve the start page" >&2; status=1; }
health=$(curl -fsS http://127.0.0.1:8000/healthz) || { echo "/healthz did not answer 200" >&2; status=1; }
echo "healthz: ${health:-}"
grep -q '"sqlite"' <<<"${health:-}" || { echo "/healthz did not report the embedded SQLite database" >&2; status=1; }
[ "$status" = 0 ] || cat "$log"
exit "$status"
