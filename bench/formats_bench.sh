#!/usr/bin/env bash
# Cost of reading a GB18030 bank file through its format descriptor,
# against reading the same rows as canonical CSV (issue 4: at most 1.5x).
#
#   bash bench/formats_bench.sh [WORKERS] [COPIES] [RUNS]     (default 20000 8 10)
#
# Generates payments with build/gen (--workers WORKERS --seed 1), repeats
# the rows COPIES times (a larger file times more steadily), re-encodes
# them as formats/bank_pipe_gb18030.fmt's layout with
# testdata/formats/bank_from_canonical.py, then times bench/formats_read.c
# (a reader that stops after the typed column parse, so only reading is
# measured) on each file with hyperfine (installed from apt when missing),
# RUNS runs after 2 warm-ups. Prints the ratio of the mean times
# (bank / canonical). Not part of `make test`.
#
# Measured 2026-11-30 (defaults: 591,040 rows, 80 MB CSV, 78 MB GB18030;
# 2 cores shared with other jobs, so figures move by +-20% run to run):
#   before the work below, against the old libcsv reader:   ~0.9x
#   after the CSV fast path (b66bac3) made canonical ~3x faster: 2.7x
#   now, three runs of 20:  wall 1.72 / 1.84 / 1.50, user time 2.12 / 2.04 / 1.74
# (instructions, callgrind, 73,880 rows: 316 M against 146 M.) So the
# 1.5x target is met only in the best runs. Done so far: two-byte GBK/
# GB18030 characters from a table filled from iconv (iconv was ~40%),
# ASCII copied a word at a time, pictures compiled at load with a
# byte-template fast path for fixed-width dates, whole lines read in
# place, one look for invalid bytes per line. What is left (perf): the
# UTF-8 conversion pass, the field split (memchr per field) and the
# per-column row building are each ~15% of the time; one fused pass that
# converts and splits at once is the next step.
set -eu
cd "$(dirname "$0")/.."
workers=${1:-20000} copies=${2:-8} runs=${3:-10}
dir=build/formats-bench
make -s build/gen build/formats_read
command -v hyperfine >/dev/null || { [ "$(id -u)" = 0 ] && apt-get install -y -qq hyperfine >/dev/null; } ||
  { echo "formats_bench needs hyperfine: sudo apt-get install -y hyperfine"; exit 1; }
mkdir -p "$dir"
build/gen --workers "$workers" --out "$dir/gen" --seed 1
{ cat "$dir/gen/payments.csv"; for ((i = 1; i < copies; i++)); do tail -n +2 "$dir/gen/payments.csv"; done; } >"$dir/payments.csv"
python3 testdata/formats/bank_from_canonical.py "$dir/payments.csv" >"$dir/bank.txt"
echo "rows: $(($(wc -l <"$dir/payments.csv") - 1)); canonical $(du -h "$dir/payments.csv" | cut -f1), GB18030 $(du -h "$dir/bank.txt" | cut -f1)"
# both must read every row, none rejected
build/formats_read payments "$dir/payments.csv"
build/formats_read payments "$dir/bank.txt" formats/bank_pipe_gb18030.fmt
hyperfine -N -w 2 -r "$runs" --export-json "$dir/times.json" \
  -n canonical "build/formats_read payments $dir/payments.csv" \
  -n gb18030 "build/formats_read payments $dir/bank.txt formats/bank_pipe_gb18030.fmt"
python3 - "$dir/times.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
c, b = r["canonical"], r["gb18030"]
print(f"canonical {c['mean']:.3f} s (user {c['user']:.3f}), gb18030 {b['mean']:.3f} s (user {b['user']:.3f})")
print(f"ratio gb18030/canonical: {b['mean'] / c['mean']:.2f} (user time {b['user'] / c['user']:.2f}); limit 1.5")
PY
