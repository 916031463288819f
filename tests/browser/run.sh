#!/usr/bin/env bash
# Browser tests of `sitrep serve`: builds sitrep, seeds a store with the seed article, starts
# the server on a free loopback port, runs page.test.mjs in headless Chromium, stops the
# server. Exits non-zero when anything fails.
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
bin="$root/target/debug/sitrep"
article="$root/crates/coder/tests/fixtures/shaddadi/article.txt"

tmp="$(mktemp -d)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

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

"$bin" --db "$db" serve --addr 127.0.0.1:0 >"$tmp/server.out" 2>"$tmp/server.err" &
server_pid=$!
url=""
for _ in $(seq 1 300); do
  url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$tmp/server.out" 2>/dev/null | head -n1 || true)"
  [[ -n "$url" ]] && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "run.sh: the server exited:" >&2
    cat "$tmp/server.err" >&2
    exit 1
  fi
  sleep 0.1
done
if [[ -z "$url" ]]; then
  echo "run.sh: the server did not start" >&2
  cat "$tmp/server.err" >&2
  exit 1
fi

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
