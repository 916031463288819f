#!/usr/bin/env bash
# End-to-end benchmarks of `sitrep extract` (`dist` profile: the release build with fat LTO):
#   - throughput of `extract --format jsonl` on the VOA stories replicated to ~10 MB (1 and 2 threads),
#   - reader-only throughput (`--format documents`) on JSON Lines and on HTML pages,
#   - start-up time (one one-line document: gazetteer and lexicon load),
#   - peak resident memory (/usr/bin/time -v).
# Uses hyperfine when installed (apt-get install hyperfine), else a plain timing loop.
# Prints a Markdown table (also saved to target/bench/results.md).
#
# Usage: scripts/bench/run.sh [TARGET_MB]    (default 10)
#        SITREP_BIN=path/to/sitrep scripts/bench/run.sh   (time that binary instead of building one)
set -euo pipefail

root="$(cd "$(dirname "$0")/../.." && pwd)"
target_mb="${1:-10}"
work="$root/target/bench"
mkdir -p "$work"
voa="$root/data/voa/voa-stories-dev.jsonl"

if [ -n "${SITREP_BIN:-}" ]; then
  # A binary built elsewhere (for example an older commit's, for a before/after pair).
  bin="$SITREP_BIN"
else
  echo "building sitrep (dist profile)..." >&2
  cargo build --profile dist -p sitrep --manifest-path "$root/Cargo.toml" >&2
  bin="$root/target/dist/sitrep"
fi

# --- inputs ------------------------------------------------------------------------------
corpus="$work/voa-${target_mb}mb.jsonl"
python3 - "$voa" "$corpus" "$target_mb" <<'PY'
import json, sys
src, dst, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
rows = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
size, rep = 0, 0
with open(dst, "w", encoding="utf-8") as out:
    while size < mb * 1_000_000:
        for r in rows:
            r2 = dict(r, id=f"{r['id']}-r{rep}")
            line = json.dumps(r2, ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode("utf-8"))
        rep += 1
PY
html_dir="$work/html"
rm -rf "$html_dir"
mkdir -p "$html_dir"
python3 - "$voa" "$html_dir" <<'PY'
import html, json, sys
src, dst = sys.argv[1], sys.argv[2]
rows = [json.loads(l) for l in open(src, encoding="utf-8") if l.strip()]
# A realistic page: head metadata, scripts, navigation, share bar, article, related list, footer.
nav = "".join(f'<li><a href="/s/{i}">Section {i}</a></li>' for i in range(40))
for rep in range(10):
    for r in rows:
        paras = "".join(f"<p>{html.escape(s.strip())}.</p>\n" for s in r["text"].split(". ") if s.strip())
        page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>{html.escape(r['title'])} | VOA</title>
<meta property="og:title" content="{html.escape(r['title'])}">
<meta property="article:published_time" content="{r['published']}">
<script>window.dataLayer = [{{"a": "<p>not text</p>"}}];</script><style>p {{ margin: 0 }}</style></head>
<body><header><nav><ul>{nav}</ul></nav></header>
<div class="share-bar"><a href="#">Share</a><a href="#">Email</a></div>
<main><article><h1>{html.escape(r['title'])}</h1><div class="byline">By {html.escape(r.get('author') or '')}</div>
{paras}</article>
<aside class="related"><ul>{nav}</ul></aside></main><footer>Copyright VOA</footer></body></html>"""
        with open(f"{dst}/{r['id']}-{rep}.html", "w", encoding="utf-8") as f:
            f.write(page)
PY
one="$work/one-line.txt"
echo "Troops withdrew from the town on Friday, officials said." > "$one"

bytes_of() { du -b "$1" | cut -f1; }
corpus_bytes=$(bytes_of "$corpus")
html_bytes=$(du -sb "$html_dir" | cut -f1)

# --- timing helpers ----------------------------------------------------------------------
# mean_seconds RUNS WARMUP COMMAND: "WALL CPU", the mean wall-clock and CPU (user + system)
# seconds of COMMAND (a shell string). CPU time is the robust figure on a busy machine.
mean_seconds() {
  local runs="$1" warmup="$2" cmd="$3"
  if command -v hyperfine >/dev/null 2>&1; then
    hyperfine --style none --runs "$runs" --warmup "$warmup" --export-json "$work/h.json" "$cmd" >/dev/null 2>&1
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f %.3f" % (r["mean"], r["user"] + r["system"]))' "$work/h.json"
  else
    local i
    for ((i = 0; i < warmup; i++)); do bash -c "$cmd" >/dev/null 2>&1 || true; done
    : > "$work/loop.txt"
    for ((i = 0; i < runs; i++)); do
      /usr/bin/time -f "%e %U %S" -a -o "$work/loop.txt" bash -c "$cmd" >/dev/null 2>&1 || true
    done
    awk '{ w += $1; c += $2 + $3; n++ } END { printf "%.3f %.3f\n", w / n, c / n }' "$work/loop.txt"
  fi
}

# peak_mb COMMAND: peak resident set size in MB.
peak_mb() {
  /usr/bin/time -v bash -c "$1" 2>"$work/time.txt" >/dev/null || true
  awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$work/time.txt"
}

mbps() { python3 -c "print('%.2f' % ($1 / 1e6 / $2))"; }
# row NAME INPUT BYTES "WALL CPU" [EXTRA]: a table row; with BYTES > 0, throughput per wall and CPU second.
row() {
  local wall cpu
  read -r wall cpu <<< "$4"
  if [ "$3" -gt 0 ]; then
    echo "| $1 | $2 | ${wall} s (CPU ${cpu} s) | $(mbps "$3" "$wall") MB/s (CPU: $(mbps "$3" "$cpu") MB/s)${5:-} |"
  else
    echo "| $1 | $2 | ${wall} s (CPU ${cpu} s) | ${5:-} |"
  fi
}

echo "running..." >&2
load_before=$(cut -d' ' -f1 /proc/loadavg)
t_proc=$(mean_seconds 10 2 "$bin extract --format documents --published 2025-01-01 $one")
t_start=$(mean_seconds 10 2 "$bin extract --format jsonl --published 2025-01-01 $one")
t_voa1=$(mean_seconds 3 1 "$bin extract --format jsonl $corpus > /dev/null")
t_voa2=$(mean_seconds 3 1 "$bin extract --format jsonl --threads 2 $corpus > /dev/null")
t_docs=$(mean_seconds 5 1 "$bin extract --format documents $corpus > /dev/null")
t_html=$(mean_seconds 5 1 "$bin extract --format documents $html_dir > /dev/null")
peak_one=$(peak_mb "$bin extract --format jsonl --published 2025-01-01 $one")
peak_voa=$(peak_mb "$bin extract --format jsonl $corpus")
peak_docs=$(peak_mb "$bin extract --format documents $corpus")
events=$("$bin" extract --format jsonl "$corpus" 2>/dev/null | wc -l)

{
  echo "| measurement | input | wall (CPU) | throughput |"
  echo "|---|---|---|---|"
  row "process start, reading only (--format documents)" "one line" 0 "$t_proc"
  row "start-up: one document coded (gazetteer + lexicon load)" "one line" 0 "$t_start"
  row "extract --format jsonl, 1 thread" "$((corpus_bytes / 1000000)) MB VOA JSONL" "$corpus_bytes" "$t_voa1" ", $events events"
  row "extract --format jsonl, --threads 2" "same" "$corpus_bytes" "$t_voa2"
  row "readers only: JSON Lines (--format documents)" "same" "$corpus_bytes" "$t_docs"
  row "readers only: HTML pages (--format documents)" "$((html_bytes / 1000000)) MB, $(ls "$html_dir" | wc -l) pages" "$html_bytes" "$t_html"
  echo "| peak RSS, one-line document | | | ${peak_one} MB |"
  echo "| peak RSS, extract on the corpus | $((corpus_bytes / 1000000)) MB | | ${peak_voa} MB |"
  echo "| peak RSS, reading only (--format documents) | same | | ${peak_docs} MB |"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(uname -m)), binary $bin ($("$bin" --version 2>/dev/null || echo '?')), tree $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), timing by $(command -v hyperfine >/dev/null 2>&1 && echo hyperfine || echo '/usr/bin/time'); load average before/after: ${load_before}/$(cut -d' ' -f1 /proc/loadavg)."
} | tee "$work/results.md"
