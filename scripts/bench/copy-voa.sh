#!/usr/bin/env bash
# Copies the Voice of America development stories (US public domain) from the shared
# reference data into data/voa/ and checks the copy. Usage: scripts/bench/copy-voa.sh [SHARED_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${1:-${SITREP_SHARED:-$root/../shared}}"
src="$shared/data/voa/voa-stories-dev.jsonl"
dst="$root/data/voa/voa-stories-dev.jsonl"
expected="c5ce6c82fdae0d0229ba899ce6b460d5e2dcc7f54a60899df03d0188dfdf1a3f"
mkdir -p "$(dirname "$dst")"
cp "$src" "$dst"
actual="$(sha256sum "$dst" | cut -d' ' -f1)"
if [ "$actual" != "$expected" ]; then
  echo "copy-voa: checksum mismatch for $dst: $actual" >&2
  exit 1
fi
echo "copied $(wc -l < "$dst") stories to $dst"
