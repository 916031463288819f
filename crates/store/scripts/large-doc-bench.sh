#!/usr/bin/env bash
# Ingest time of one large document (`sitrep ingest`, release build, SQLite, fresh database):
#   repeated: one event sentence repeated to SIZE bytes (every copy is one claim of one event);
#   real:     the VOA development stories (data/voa, US public domain) concatenated to SIZE bytes.
# Sizes 128 KiB to 8 MiB (powers of two). Prints a Markdown table: CPU seconds (user + system),
# wall seconds, peak RSS, claims stored and claims dropped over the per-document limit.
# Usage: [SITREP=path/to/sitrep] [SIZES="128 256 ..."] [KINDS="repeated real"] [TIMEOUT=secs] \
#        crates/store/scripts/large-doc-bench.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
work="${WORK:-$root/target/large-doc-bench}"
mkdir -p "$work"
if [ -z "${SITREP:-}" ]; then
  cargo build --release -p sitrep --manifest-path "$root/Cargo.toml" >&2
  SITREP="$root/target/release/sitrep"
fi
sizes="${SIZES:-128 256 512 1024 2048 4096 8192}"
limit="${TIMEOUT:-1800}"
python3 - "$root/data/voa/voa-stories-dev.jsonl" "$work" $sizes <<'PY'
import json, sys
src, work, sizes = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]]
real = "\n\n".join(json.loads(l)["text"] for l in open(src, encoding="utf-8") if l.strip())
sentence = "Rebels attacked an army post near the town of Idlib on Monday, killing five soldiers, the army said. "
for kib in sizes:
    n = kib * 1024
    rep = (sentence * (n // len(sentence) + 1))[:n]
    # Cut at a sentence end so that the last copy is whole.
    rep = rep[: rep.rfind(". ") + 1]
    txt = (real + "\n\n") * (n // (len(real.encode()) + 2) + 1)
    txt = txt.encode()[:n].decode("utf-8", "ignore")
    txt = txt[: txt.rfind("\n")]
    open(f"{work}/repeated-{kib}.txt", "w", encoding="utf-8").write(rep)
    open(f"{work}/real-{kib}.txt", "w", encoding="utf-8").write(txt)
PY
echo "| input | size | ingest CPU | wall | peak RSS | claims stored | claims dropped |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for kind in ${KINDS:-repeated real}; do
  for kib in $sizes; do
    db="$work/$kind-$kib.db"
    rm -f "$db" "$db-wal" "$db-shm"
    if timeout "$limit" /usr/bin/time -f "%U %S %e %M" -o "$work/time" \
        "$SITREP" --db "$db" ingest --published 2026-01-21 "$work/$kind-$kib.txt" 2> "$work/log"; then
      read -r u s e m < <(tail -1 "$work/time")
      claims=$(grep -o '[0-9]* claims (' "$work/log" | grep -o '^[0-9]*' || echo "?")
      dropped=$(grep -o '[0-9]* claims beyond' "$work/log" | grep -o '^[0-9]*' || echo 0)
      printf '| %s | %s KiB | %.2f s | %.1f s | %d MB | %s | %s |\n' "$kind" "$kib" \
        "$(echo "$u + $s" | bc)" "$e" "$((m / 1024))" "$claims" "$dropped"
    else
      printf '| %s | %s KiB | > %s s (stopped) | | | | |\n' "$kind" "$kib" "$limit"
    fi
  done
done
