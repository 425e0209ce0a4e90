#!/usr/bin/env bash
# make test-cluster: the scale-out on a real Slurm. Brings up a local
# one-node cluster (scripts/slurm/local_cluster.sh: munged, slurmctld and
# slurmd on this machine, as root), submits a 4-part run of the
# generator's 2,000-worker data (scripts/slurm/submit.sh: partition job,
# `sbatch --array=1-4` of `wagerecon run`, merge with
# --dependency=afterok), waits, and checks that final/ is byte-identical
# to a single `wagerecon run` on the same inputs. Stops every daemon it
# started, by pid, however it ends.
# Prints "ok cluster ..." / "FAIL cluster ..."; exit 0 only if all pass.
# Usage: slurm_test.sh WAGERECON_BIN GEN_BIN
set -u
bin=$(realpath "$1")
gen=$(realpath "$2")
root=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wr-cluster.XXXXXX")
state=$tmp/slurm
stop() { bash "$root/scripts/slurm/local_cluster.sh" stop "$state"; rm -rf "$tmp"; }
trap stop EXIT
trap 'exit 1' INT TERM
fail=0
say() { echo "$1"; case $1 in FAIL*) fail=1;; esac; }

"$gen" --workers 2000 --out "$tmp/data" --seed 1 >/dev/null || { say "FAIL cluster generator"; exit 1; }
# shellcheck disable=SC2046 # args is one line of options
(cd "$tmp/data" && "$bin" run $(cat args) --quiet --out "$tmp/single")
want=$?

if ! conf=$(bash "$root/scripts/slurm/local_cluster.sh" start "$state"); then
  say "FAIL cluster start (see the message above)"; exit 1
fi
eval "$conf" # export SLURM_CONF=...
export SLURM_CONF
say "ok cluster started: $(sinfo -h -o '%P %D %T' | head -1)"

start=$(date +%s)
WAGERECON=$bin timeout 600 bash "$root/scripts/slurm/submit.sh" --wait "$tmp/data" 4 "$tmp/parts" "$tmp/final" >"$tmp/submit.log" 2>&1
rc=$?
secs=$(( $(date +%s) - start ))
if [ "$rc" = "$want" ]; then say "ok cluster 4-part job chain ran in ${secs}s, merge exit $rc ($(head -1 "$tmp/submit.log"))"
else say "FAIL cluster job chain: exit $rc, single run $want"; sed 's/^/    /' "$tmp/submit.log"; tail -n 5 "$tmp"/parts.logs/* 2>/dev/null | sed 's/^/    /'; fi
tasks=""
for k in 1 2 3 4; do tasks="$tasks$(cat "$tmp/parts/part-000$k/exit" 2>/dev/null || echo '?') "; done
case "$tasks" in *[!03\ ]*) say "FAIL cluster array tasks exits: $tasks";; *) say "ok cluster array tasks 1-4 exits: $tasks";; esac
for f in flags.csv flags.jsonl ledger.csv cases.jsonl summary.json rejects.csv report.html; do
  if cmp -s "$tmp/single/$f" "$tmp/final/$f"; then say "ok cluster final/$f byte-identical to the single run"
  else say "FAIL cluster final/$f differs from the single run"; fi
done
exit $fail
