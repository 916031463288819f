#!/usr/bin/env bash
# Runs every evaluation sitrep reports in EVALUATION.md and prints the Markdown reports.
# The reference sets are not distributed with sitrep (licences): point SHARED at a directory
# holding data/case2021, data/plover and data/petrarch (default: ../shared beside the repo).
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED=${SHARED:-../shared}
[ -n "${SKIP_BUILD:-}" ] || cargo build --release -q -p sitrep
bin=target/release/sitrep
echo "## Seed article (crates/coder/tests/fixtures/shaddadi)"
"$bin" eval crates/coder/tests/fixtures/shaddadi/gold.json
echo
echo "## VOA stories: development set (crates/coder/tests/fixtures/voa-dev)"
"$bin" eval crates/coder/tests/fixtures/voa-dev/*/gold.json | sed -n '/^| document/,$p'
echo
echo "## VOA stories: held-out set (aggregate only)"
"$bin" eval crates/coder/tests/fixtures/voa-heldout/*/gold.json | grep 'all (micro)'
echo
echo "## Gold cases (crates/coder/tests/cases/*.toml)"
SITREP_CASES_REPORT_ONLY=1 cargo test -q --release -p sitrep-coder --test cases -- --nocapture 2>&1 \
  | grep -E "^(gold cases:|  [a-z_]+\.toml:)" || true
echo
if [ -d "$SHARED/data" ]; then
  echo "## CASE 2021 task 2 dev"
  "$bin" eval --case "$SHARED/data/case2021/case2021-task2-dev.tsv"
  echo
  echo "## PLOVER and PETRARCH-2"
  "$bin" eval --plover "$SHARED/data/plover/PLOVER_GSR_CAMEO.json" \
              --petrarch "$SHARED/data/petrarch/PETR2_GSR_validation.xml" 2>/dev/null
else
  echo "(reference sets not found under $SHARED/data: CASE, PLOVER and PETRARCH skipped)"
fi
