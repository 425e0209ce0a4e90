#!/usr/bin/env bash
# Cost of reading a GB18030 bank file through its format descriptor,
# against reading the same rows as canonical CSV (issue 4: at most 1.5x).
#
#   bash bench/formats_bench.sh [WORKERS] [COPIES] [ROUNDS]    (default 20000 8 30)
#
# Generates payments with build/gen (--workers WORKERS --seed 1), repeats
# the rows COPIES times (a larger file times more steadily), re-encodes
# them as formats/bank_pipe_gb18030.fmt's layout with
# testdata/formats/bank_from_canonical.py, and measures bench/formats_read.c
# (a reader that stops after the typed column parse, as a run reads, so
# only reading is measured) on each file, two ways:
#
#   time   ROUNDS rounds, each running canonical then gb18030 once, so
#          both see the same load on this shared machine; the ratio of
#          the medians of wall time and of CPU time (user + sys).
#   instr  instructions (valgrind --tool=callgrind, deterministic) on one
#          copy of the rows; skipped when valgrind is missing.
#
# Prints both ratios against the 1.5 limit. Not part of `make test`.
#
# History (the same script, older versions timed with hyperfine):
#   before the canonical CSV fast path (issue 5):                ~0.9x
#   after it made canonical reading ~3x cheaper:                 2.7x
#   af8b9d6 .. 4161f2f (table from iconv, compiled pictures, SSE2
#     split and ASCII copy): instructions 2.23x -> 1.77x
#     (230.3 M against 129.9 M on 73,880 rows), wall 1.50-1.84x
#   typed hand-off (this session): pictures give the column layer typed
#     values (wr_row.typed) when the reader takes them, instead of
#     canonical text it parses again; the row built in passes; a tighter
#     money picture; two-digit date fields read directly; two-byte table
#     rows filled on first use; the two-byte loop on table entries alone.
#     Instructions 192.6 M against 130.0 M (1.48x). Figures for the
#     latest run are in formats/README.md (Speed).
set -eu
cd "$(dirname "$0")/.."
workers=${1:-20000} copies=${2:-8} rounds=${3:-30}
dir=build/formats-bench
make -s build/gen build/formats_read
mkdir -p "$dir"
build/gen --workers "$workers" --out "$dir/gen" --seed 1 >/dev/null
{ cat "$dir/gen/payments.csv"; for ((i = 1; i < copies; i++)); do tail -n +2 "$dir/gen/payments.csv"; done; } >"$dir/payments.csv"
python3 testdata/formats/bank_from_canonical.py "$dir/payments.csv" >"$dir/bank.txt"
python3 testdata/formats/bank_from_canonical.py "$dir/gen/payments.csv" >"$dir/bank1.txt"
echo "rows: $(($(wc -l <"$dir/payments.csv") - 1)); canonical $(du -h "$dir/payments.csv" | cut -f1), GB18030 $(du -h "$dir/bank.txt" | cut -f1)"
# both must read every row, none rejected, and agree
a=$(build/formats_read payments "$dir/payments.csv")
b=$(build/formats_read payments "$dir/bank.txt" formats/bank_pipe_gb18030.fmt)
echo "canonical: $a; gb18030: $b"
[ "$a" = "$b" ] || { echo "formats_bench: the two reads differ"; exit 1; }

python3 - "$dir" "$rounds" <<'PY'
import resource, statistics, subprocess, sys, time
d, rounds = sys.argv[1], int(sys.argv[2])
cmds = {"canonical": ["build/formats_read", "payments", f"{d}/payments.csv"],
        "gb18030": ["build/formats_read", "payments", f"{d}/bank.txt", "formats/bank_pipe_gb18030.fmt"]}
wall = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}
for _ in range(2):  # warm the page cache
    for c in cmds.values():
        subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
for _ in range(rounds):
    for k, c in cmds.items():
        r0, t0 = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
        subprocess.run(c, stdout=subprocess.DEVNULL, check=True)
        t1, r1 = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        wall[k].append(t1 - t0)
        cpu[k].append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
for name, m in (("wall", wall), ("cpu", cpu)):
    c, b = statistics.median(m["canonical"]), statistics.median(m["gb18030"])
    print(f"time ({rounds} interleaved rounds, medians): {name} canonical {c * 1000:.1f} ms, "
          f"gb18030 {b * 1000:.1f} ms, ratio {b / c:.2f} (limit 1.5)")
PY

if command -v valgrind >/dev/null; then
  instr() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
    sed -n 's/.*Collected : *\([0-9]*\).*/\1/p; s/.*I *refs: *\([0-9,]*\).*/\1/p' | tr -d , | head -1; }
  c=$(instr build/formats_read payments "$dir/gen/payments.csv")
  b=$(instr build/formats_read payments "$dir/bank1.txt" formats/bank_pipe_gb18030.fmt)
  python3 -c "c, b = $c, $b; print(f'instr ({$(($(wc -l <"$dir/gen/payments.csv") - 1))} rows, callgrind): canonical {c / 1e6:.1f} M, gb18030 {b / 1e6:.1f} M, ratio {b / c:.2f} (limit 1.5)')"
else
  echo "instr: valgrind missing, skipped"
fi
