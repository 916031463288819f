#!/usr/bin/env bash
# sitrep's main job on embedded defaults (bundled gazetteer and dictionaries, SQLite, no server):
# build, ingest the bundled example reports into ./demo.db, then print the coded events, the
# situation picture and a written situation report.
#
#   ./scripts/demo.sh            # uses ./demo.db (recreated)
#   DB=other.db ./scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DB=${DB:-demo.db}
cargo build --release -q -p sitrep
bin=target/release/sitrep
rm -f "$DB" "$DB-wal" "$DB-shm"

echo "== sitrep extract (the seed article, coded without storing)"
"$bin" extract --published 2026-01-21 crates/coder/tests/fixtures/shaddadi/article.txt

echo
echo "== sitrep --db $DB ingest data/examples/"
"$bin" --db "$DB" ingest data/examples/

echo
echo "== sitrep --db $DB events --country SYR"
"$bin" --db "$DB" events --country SYR

echo
echo "== sitrep --db $DB sites"
"$bin" --db "$DB" sites

echo
echo "== sitrep --db $DB report --country SYR"
"$bin" --db "$DB" report --country SYR

echo
echo "Done. Explore further with: $bin --db $DB serve   (then open http://127.0.0.1:8080)"
