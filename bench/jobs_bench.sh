#!/usr/bin/env bash
# jobs_bench.sh WAGERECON_BIN DATA_DIR WORK_DIR [ROUNDS]
#
# Measures `wagerecon run --jobs 2` against `--jobs 1` (reading on two
# threads; see bench/RESULTS.md) on one data set (DATA_DIR with an
# `args` file, e.g. `build/gen --workers 100000 --seed 1 --out DIR`). The two
# alternate, ROUNDS (default 10) rounds of one run each, so a change in
# the machine's load falls on both; one warm-up run of each first (page
# cache). Each run under GNU time: wall, CPU (user+sys) and peak RSS.
# Prints every run, then per --jobs the median, min and max wall, the
# median CPU and the largest peak RSS, and the median wall ratio; checks
# the two give byte-identical outputs (DECISIONS D25).
set -u
bin=$(realpath "$1") data=$(realpath "$2") work=$3
rounds=${4:-10}
mkdir -p "$work"
work=$(realpath "$work")
cd "$data" || exit 1
args=$(cat args)
run() { # jobs -> "wall cpu peak_kb"
  # shellcheck disable=SC2086 # args is one line of options
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$bin" run $args --jobs "$1" --quiet \
    --out "$work/out$1" >/dev/null 2>"$work/err"
  local rc=$?
  [ $rc = 0 ] || [ $rc = 3 ] || { echo "jobs_bench: --jobs $1 exit $rc: $(head -1 "$work/err")" >&2; exit 1; }
  tail -n 1 "$work/time" | awk '{ printf "%s %.2f %d\n", $1, $2 + $3, $4 }'
}
run 1 >/dev/null
run 2 >/dev/null
diff -r "$work/out1" "$work/out2" >/dev/null || { echo "jobs_bench: FAIL: --jobs 2 outputs differ from --jobs 1" >&2; exit 1; }
: >"$work/runs"
for ((i = 1; i <= rounds; i++)); do
  for j in 1 2; do
    r=$(run $j)
    echo "$j $r" >>"$work/runs"
    echo "round $i --jobs $j: wall $(echo "$r" | cut -d' ' -f1) s  cpu $(echo "$r" | cut -d' ' -f2) s  peak $(( $(echo "$r" | cut -d' ' -f3) / 1024 )) MB"
  done
done
python3 - "$work/runs" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    j, wall, cpu, kb = line.split()
    runs.setdefault(j, []).append((float(wall), float(cpu), int(kb)))
med = {}
for j in sorted(runs):
    w = [r[0] for r in runs[j]]
    med[j] = statistics.median(w)
    print(f"--jobs {j}: {len(w)} runs, wall median {med[j]:.2f} s (min {min(w):.2f}, max {max(w):.2f}), "
          f"CPU median {statistics.median(r[1] for r in runs[j]):.2f} s, "
          f"peak RSS max {max(r[2] for r in runs[j]) // 1024} MB")
print(f"median wall --jobs 2 / --jobs 1: {med['2'] / med['1']:.3f} "
      f"({(1 - med['2'] / med['1']) * 100:.1f}% faster)")
PY
