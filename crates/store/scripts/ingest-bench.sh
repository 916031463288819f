#!/usr/bin/env bash
# Ingest throughput of `sitrep ingest` (`dist` profile, SQLite store, one coding thread) on the
# VOA development stories (data/voa/voa-stories-dev.jsonl, US public domain):
#   1. the stories as they are (every document new);
#   2. the stories replicated N times with a one-line variation appended to each copy, so that
#      every copy is a new document (content hash) whose events merge with the earlier copies'
#      (the path of many outlets reporting the same happenings);
#   3. an archive of ARCHIVE documents (default 2000): replica r of each story gets its
#      publication date moved r weeks later (as `pgbench` does), so relative dates spread over
#      years while explicitly dated happenings are reported again and again.
# Usage: [RUNS=3] crates/store/scripts/ingest-bench.sh [REPLICAS] [ARCHIVE]   (defaults 10, 2000)
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
replicas="${1:-10}"
archive="${2:-2000}"
work="$root/target/store-bench"
mkdir -p "$work"
voa="$root/data/voa/voa-stories-dev.jsonl"
cargo build --profile dist -p sitrep --manifest-path "$root/Cargo.toml" >&2
bin="${SITREP_BIN:-$root/target/dist/sitrep}"
python3 - "$voa" "$work/voa-replicas.jsonl" "$replicas" <<'PY'
import json, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
with open(dst, "w", encoding="utf-8") as out:
    for rep in range(n):
        for r in rows:
            r2 = dict(r, id=f"{r['id']}-copy{rep}", text=r["text"] + f"\n\n(Copy {rep} of this report.)")
            out.write(json.dumps(r2, ensure_ascii=False) + "\n")
PY
python3 - "$voa" "$work/archive.jsonl" "$archive" <<'PY'
import datetime, json, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
with open(dst, "w", encoding="utf-8") as out:
    for i in range(n):
        r, d = i // len(rows), dict(rows[i % len(rows)])
        d["id"] = f"{d['id']}-r{r}"
        d["text"] = d["text"] + f"\n(Archive copy {r}.)"
        if d.get("published"):
            p = datetime.date.fromisoformat(d["published"][:10]) + datetime.timedelta(weeks=r)
            d["published"] = p.isoformat()
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
# The host's speed may drift (shared machines): each command runs RUNS times (default 3) and
# the run with the least CPU time is reported.
runs="${RUNS:-3}"
best() { # best FILE...: the "user sys wall rss" line with the least user+sys
  for f in "$@"; do tail -1 "$f"; done | awk '{print $1+$2, $0}' | sort -n | head -1 | cut -d' ' -f2-
}
run() {
  local name="$1" input="$2"
  local db="$work/$name.db"
  local bytes; bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1]) if l.strip()))" "$input")
  local i
  for i in $(seq "$runs"); do
    rm -f "$db" "$db-wal" "$db-shm"
    # CPU time (user + system) as well as wall time: the machine may be shared.
    /usr/bin/time -f "%U %S %e %M" -o "$work/$name.time.$i" "$bin" --db "$db" ingest "$input" 2> "$work/$name.log"
    /usr/bin/time -f "%U %S %e" -o "$work/$name.extract.time.$i" "$bin" extract --format jsonl "$input" > /dev/null 2>&1
  done
  best "$work/$name.time."* > "$work/$name.time"
  best "$work/$name.extract.time."* > "$work/$name.extract.time"
  rm -f "$work/$name.time."* "$work/$name.extract.time."*
  python3 - "$bytes" "$work/$name.time" "$work/$name.extract.time" "$name" <<'PY'
import sys
b = int(sys.argv[1])
u, s, e, m = map(float, open(sys.argv[2]).read().split()[-4:])
xu, xs, xe = map(float, open(sys.argv[3]).read().split()[-3:])
cpu, xcpu = u + s, xu + xs
print(f"| {sys.argv[4]} | {b/1e6:.2f} MB | {cpu:.2f} s | {e:.1f} s | {b/1e6/cpu:.2f} MB/s | {xcpu:.2f} s | {b/1e6/max(cpu - xcpu, 1e-9):.2f} MB/s | {m/1024:.0f} MB |")
PY
  tail -1 "$work/$name.log" >&2
}
echo "| input | text | ingest CPU | ingest wall | ingest throughput (CPU) | extract CPU (same input) | store share: text per store CPU second | ingest peak RSS |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|"
run voa-64 "$voa"
run "voa-x$replicas" "$work/voa-replicas.jsonl"
run "archive-$archive" "$work/archive.jsonl"
