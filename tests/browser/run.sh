#!/usr/bin/env bash
# Browser tests of `sitrep serve`: builds sitrep, seeds a store with the seed article, starts
# the server on a free loopback port, runs page.test.mjs in headless Chromium; then starts a
# second server on an empty store for security.test.mjs (documents with script payloads);
# stops the servers. Exits non-zero when anything fails.
#   tests/browser/run.sh                # tests
#   tests/browser/run.sh --screenshot   # tests, and writes docs/screenshot.png
# Needs: node >= 18, Debian `chromium` (or CHROMIUM=/path), npm (installs playwright-core).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

screenshot=""
if [[ "${1:-}" == "--screenshot" ]]; then
  screenshot="$root/docs/screenshot.png"
  mkdir -p "$root/docs"
fi

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  npm ci --prefix "$here" --no-audit --no-fund --silent
fi

cargo build -p sitrep --quiet
bin="${CARGO_TARGET_DIR:-$root/target}/debug/sitrep"
article="$root/crates/coder/tests/fixtures/shaddadi/article.txt"

tmp="$(mktemp -d)"
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

# start_server DB NAME: serves DB on a free loopback port and sets $url.
start_server() {
  local db="$1" name="$2" pid
  "$bin" --db "$db" serve --addr 127.0.0.1:0 >"$tmp/$name.out" 2>"$tmp/$name.err" &
  pid=$!
  server_pids+=("$pid")
  url=""
  for _ in $(seq 1 300); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/$name.out" 2>/dev/null | head -n1 || true)"
    [[ -n "$url" ]] && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run.sh: the server exited:" >&2
      cat "$tmp/$name.err" >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "run.sh: the server did not start" >&2
  cat "$tmp/$name.err" >&2
  exit 1
}

db="$tmp/seed.db"
seeded_by_cli=0
if "$bin" ingest --help >/dev/null 2>&1; then
  if "$bin" --db "$db" ingest --published 2026-01-21 "$article"; then
    seeded_by_cli=1
  else
    echo "run.sh: warning: 'sitrep ingest' failed; seeding through POST /api/documents" >&2
    rm -f "$db" "$db-wal" "$db-shm"
  fi
fi

start_server "$db" seeded

if [[ "$seeded_by_cli" == 0 ]]; then
  # No `ingest` command: ingest through the API (same validation as the CLI).
  SITREP_URL="$url" ARTICLE="$article" node --input-type=module -e '
    import { readFileSync } from "node:fs";
    const text = readFileSync(process.env.ARTICLE, "utf8");
    const body = JSON.stringify({ id: "shaddadi", text, published: "2026-01-21", source: "VOA",
      title: "Seed article" }) + "\n";
    const res = await fetch(process.env.SITREP_URL + "/api/documents", { method: "POST", body,
      headers: { "content-type": "application/x-ndjson" } });
    const out = await res.json();
    if (res.status !== 201) { console.error("seeding failed:", res.status, JSON.stringify(out)); process.exit(1); }
    console.log("seeded:", JSON.stringify(out.stored));
  '
fi

SITREP_URL="$url" SCREENSHOT="$screenshot" node --test --test-concurrency=1 "$here/page.test.mjs"

# Security: an empty store that the tests fill with script payloads.
start_server "$tmp/payloads.db" payloads
SITREP_URL="$url" node --test --test-concurrency=1 "$here/security.test.mjs"
