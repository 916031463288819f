#!/usr/bin/env bash
# Trains the sitrep-syntax model (tagger, lemmatiser, parser) on UD English EWT, writes
# data/syntax/en_ewt.model.gz and prints its accuracy on the test split.
# Deterministic: the same treebank and code give the same file (fixed seeds, gzip mtime 0).
#
# Usage: scripts/syntax/train.sh [TREEBANK_DIR] [extra train options]
#   TREEBANK_DIR holds en_ewt-ud-{train,dev,test}.conllu.gz (default ../shared/data/ud-ewt,
#   relative to the repository root). Extra options: --tagger-epochs N --parser-epochs N
#   --jackknife K (see crates/syntax/src/train.rs).
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
treebank="${1:-../shared/data/ud-ewt}"
shift || true
out="data/syntax/en_ewt.model.gz"

cargo build --release -p sitrep-syntax --example train --example evaluate >&2
target="${CARGO_TARGET_DIR:-$root/target}"
"$target/release/examples/train" --treebank "$treebank" --out "$out.new" "$@"
mv "$out.new" "$out"
sha256sum "$out"
"$target/release/examples/evaluate" --treebank "$treebank" --model "$out"
