#!/usr/bin/env bash
# sitrep's main job on embedded defaults (bundled gazetteer and dictionaries, SQLite, no server):
# build, ingest the bundled example reports into ./demo.db, then print the coded events, the
# situation picture and a written situation report.
#
#   ./scripts/demo.sh                         # uses ./demo.db (recreated)
#   DB=other.db ./scripts/demo.sh
#   SITREP_BIN=target/debug/sitrep ./scripts/demo.sh   # an already built binary: no build
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-demo.db}
if [ -n "${SITREP_BIN:-}" ]; then
  bin=$SITREP_BIN
else
  # The release profile (no link-time optimisation: README.md gives the build times; the
  # `dist` profile with fat LTO is for benchmarks and releases). Cargo's own progress shows.
  echo "== building sitrep (release profile); the first build takes a few minutes (about 4 on 2 idle cores), later ones seconds" >&2
  cargo build --release -p sitrep
  bin=target/release/sitrep
fi
rm -f "$DB" "$DB-wal" "$DB-shm"

echo "== sitrep extract (the seed article, coded without storing)"
"$bin" extract --published 2026-01-21 crates/coder/tests/fixtures/shaddadi/article.txt

echo
echo "== sitrep --db $DB ingest data/examples/"
"$bin" --db "$DB" ingest data/examples/

echo
echo "== sitrep --db $DB events --country Syria"
"$bin" --db "$DB" events --country Syria

echo
echo "== sitrep --db $DB sites"
"$bin" --db "$DB" sites

echo
echo "== sitrep --db $DB report --country Syria"
"$bin" --db "$DB" report --country Syria

echo
echo "Done. Explore further with: $bin --db $DB serve   (then open http://127.0.0.1:8080)"
