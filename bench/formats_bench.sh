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
# Last measured (2026-11-30, defaults: 591,040 rows, 80 MB CSV, 78 MB
# GB18030; 2 cores shared with other jobs, so wall time is ~3x user time):
# canonical 1.427 s (user 0.456 s), gb18030 1.292 s (user 0.426 s):
# ratio 0.91 (user 0.93). The first version measured 2.2x (user time on
# 73,880 rows, 156 ms vs 70 ms): perf showed iconv's two conversion steps
# per byte (~40%), picture tokens found by memcmp at every character and
# snprintf per date; now two-byte characters come from a table filled from
# iconv (src/formats/transcode.c) and pictures are compiled at load.
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
