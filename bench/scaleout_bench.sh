#!/usr/bin/env bash
# scaleout_bench.sh WAGERECON_BIN DATA_DIR WORK_DIR [N...]
#
# Measures the scale-out against the single run on one data set (DATA_DIR
# with an `args` file, e.g. `build/gen --workers 100000 --out DIR --seed 1`):
# wall time and peak memory (GNU time) of the single run, then for each N
# (default 4 8): `wagerecon partition`, `wagerecon run` on every part, one
# after the other, and `wagerecon merge`; checks the merged outputs are
# byte-identical to the single run's. Prints one table row per step, for
# docs/SCALE_OUT.md. Parts run one after the other here; on a cluster they
# run at once, so the critical path is partition + slowest part + merge.
set -u
bin=$(realpath "$1") data=$(realpath "$2") work=$3
shift 3
ns=${*:-4 8}
mkdir -p "$work"
work=$(realpath "$work")
measure() { # label, then the command; prints "label wall s, cpu s, peak MB"
  local label=$1; shift
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >/dev/null 2>"$work/err"
  local rc=$?
  read -r secs user sys kb < <(tail -n 1 "$work/time")
  printf '%-24s wall %7s s  cpu %7.2f s  peak %6d MB  (exit %s)\n' "$label" "$secs" \
    "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" $((kb / 1024)) "$rc"
}
# shellcheck disable=SC2046 # args is one line of options
(cd "$data" && measure "single run" "$bin" run $(cat args) --quiet --out "$work/single")
du_in=$(du -sb "$data" | cut -f1)
echo "input: $((du_in / 1048576)) MB in $data"
for n in $ns; do
  rm -rf "$work/parts-$n" "$work/final-$n"
  (cd "$data" && measure "partition N=$n" "$bin" partition --parts "$n" --quiet --out "$work/parts-$n" $(cat args))
  echo "parts: $(($(du -sb "$work/parts-$n" | cut -f1) / 1048576)) MB compressed in $n parts"
  for p in "$work/parts-$n"/part-*; do
    (cd "$p" && measure "  run $(basename "$p")" "$bin" run $(cat args) --quiet --out out)
  done
  measure "merge N=$n" "$bin" merge --quiet --out "$work/final-$n" "$work/parts-$n"/*/out
  same=yes
  for f in flags.csv flags.jsonl ledger.csv cases.jsonl summary.json rejects.csv; do
    cmp -s "$work/single/$f" "$work/final-$n/$f" || same="NO ($f differs)"
  done
  echo "merged outputs byte-identical to the single run: $same"
done
