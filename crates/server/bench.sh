#!/usr/bin/env bash
# HTTP benchmark of `sitrep serve`: /api/events with filters on a store of synthetic events,
# under loopback load from wrk (apt-get install wrk). Prints a Markdown table.
#   crates/server/bench.sh [EVENTS=100000] [DURATION=15s] [CONNECTIONS=4]
# The store is built once by the fill_store example (kept in $BENCH_DB, default
# /tmp/sitrep-serve-bench-EVENTS.db); delete it to rebuild.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
events="${1:-100000}"
duration="${2:-15s}"
conns="${3:-4}"
db="${BENCH_DB:-/tmp/sitrep-serve-bench-$events.db}"

cargo build --profile dist --quiet -p sitrep -p sitrep-server --example fill_store
if [[ ! -s "$db" ]]; then
  target/dist/examples/fill_store "$db" "$events" 1 >&2
fi

out="$(mktemp)"
target/dist/sitrep --db "$db" serve --addr 127.0.0.1:0 >"$out" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true; rm -f "$out"' EXIT
url=""
for _ in $(seq 1 100); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out" | head -n1 || true)"
  [[ -n "$url" ]] && break
  sleep 0.1
done
[[ -n "$url" ]] || { echo "server did not start" >&2; cat "$out" >&2; exit 1; }

total="$(curl -fsS "$url/api/stats")"
echo "Store: $total"
echo
echo "| query | matching | 1 client: median | $conns clients: median | p99 | req/s |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for q in \
  "limit=50" \
  "country=SYR&type=ASSAULT&limit=50" \
  "country=IRQ&since=2024-06-01&until=2024-06-30&limit=50" \
  "bbox=35,32,42,37.5&since=2025-01-01&limit=50" \
  "q=prison&limit=50" \
  "actor=forces&place=a&limit=50" \
  "type=ESCAPE&disputed=true&limit=50" \
  "country=SYR&limit=50&offset=5000"; do
  matching="$(curl -fsS "$url/api/events?$q&limit=0" 2>/dev/null | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])' || echo "?")"
  curl -fsS "$url/api/events?$q" >/dev/null
  single="$(wrk -t1 -c1 -d5s --latency "$url/api/events?$q" | awk '/^ +50%/ {print $2}')"
  res="$(wrk -t2 -c"$conns" -d"$duration" --latency "$url/api/events?$q")"
  median="$(awk '/^ +50%/ {print $2}' <<<"$res")"
  p99="$(awk '/^ +99%/ {print $2}' <<<"$res")"
  rps="$(awk '/^Requests\/sec/ {print $2}' <<<"$res")"
  errors="$(grep -E 'Non-2xx|Socket errors' <<<"$res" || true)"
  [[ -z "$errors" ]] || echo "warning: $q: $errors" >&2
  echo "| \`$q\` | $matching | $single | $median | $p99 | $rps |"
done
