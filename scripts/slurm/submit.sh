#!/usr/bin/env bash
# submit.sh [--wait] INPUT_DIR N PARTS FINAL
#
# One reconciliation on a Slurm cluster with shared storage (every path
# below must be visible to every node): three submissions chained by
# dependencies,
#   1. partition.sbatch     wagerecon partition --parts N (one job)
#   2. run_part.sbatch      sbatch --array=1-N, --dependency=afterok:<1>
#   3. merge.sbatch         --dependency=afterok:<2> (all N tasks ok)
# INPUT_DIR holds the inputs and an `args` file (the run's options without
# --out, paths relative to INPUT_DIR). Prints the three job ids. With
# --wait, waits for the merge and exits with its wagerecon exit code
# (0, or 3 = high-severity flags; 1 when a job failed).
# Environment: WAGERECON (binary, default `wagerecon` on PATH), memory per
# job WR_PARTITION_MEM, WR_PART_MEM, WR_MERGE_MEM (default 2G each; see the
# projection in docs/SCALE_OUT.md), WR_SBATCH_OPTS (extra sbatch options,
# e.g. --partition=... --account=...).
set -u
wait=""
[ "${1:-}" = --wait ] && { wait=--wait; shift; }
[ $# = 4 ] || { echo "usage: $0 [--wait] INPUT_DIR N PARTS FINAL" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
abs() { case $1 in /*) echo "$1";; *) echo "$PWD/$1";; esac; }
input=$(abs "$1") n=$2 parts=$(abs "$3") final=$(abs "$4")
bin=$(command -v "${WAGERECON:-wagerecon}") || { echo "submit.sh: no wagerecon binary (set WAGERECON)" >&2; exit 2; }
bin=$(abs "$bin")
logs="$parts.logs"
mkdir -p "$logs" || exit 2
# shellcheck disable=SC2086 # WR_SBATCH_OPTS is a list of options
common="--parsable --chdir=$logs ${WR_SBATCH_OPTS:-}"
# shellcheck disable=SC2086
p=$(sbatch $common --mem="${WR_PARTITION_MEM:-2G}" --output="$logs/partition-%j.out" \
    "$here/partition.sbatch" "$bin" "$input" "$parts" "$n") || exit 1
# shellcheck disable=SC2086
a=$(sbatch $common --mem="${WR_PART_MEM:-2G}" --array="1-$n" --dependency="afterok:$p" \
    --kill-on-invalid-dep=yes --output="$logs/part-%a-%A.out" \
    "$here/run_part.sbatch" "$bin" "$parts") || exit 1
# shellcheck disable=SC2086
m=$(sbatch $common $wait --mem="${WR_MERGE_MEM:-2G}" --dependency="afterok:$a" \
    --kill-on-invalid-dep=yes --output="$logs/merge-%j.out" \
    "$here/merge.sbatch" "$bin" "$parts" "$final")
rc=$?
echo "partition job $p, part array $a (1-$n), merge job $m; logs in $logs"
[ -z "$wait" ] && exit "$rc"
[ "$rc" = 0 ] && [ -f "$parts/merge.exit" ] || { echo "submit.sh: a job failed; see $logs" >&2; exit 1; }
exit "$(cat "$parts/merge.exit")"
