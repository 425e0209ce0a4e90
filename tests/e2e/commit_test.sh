#!/usr/bin/env bash
# The output commit (issue 16 items 1, 2, 3, 8b; DECISIONS D92): --out
# shows exactly the previous set or exactly the new one, whatever stops the
# run and whoever else can write there.
#  - kill_step_K: the test hook WAGERECON_TEST_COMMIT_STEP=K sends SIGKILL
#    (or SIGTERM) just before step K of the commit, for every K until a run
#    completes; the folder must read as the old set or the new set, and the
#    next run must leave no leftover. Old sets: one of this protocol, an
#    older wagerecon's regular files (migration), one with report_rows.json
#    the new set lacks, and none; and one of this protocol at --jobs 2,
#    whose commit removes the previous set on two threads (D418) while
#    the run ends (D445): its last step is a kill while they unlink;
#  - as `nobody` (setpriv; root ignores permission bits): another user's
#    outputs in one's folder are neither deleted nor written over;
#  - the symlink plant: another user of a shared folder plants links at
#    the temporary names an older wagerecon used, and at an output's name;
#  - folders writable by every user: refused unless sticky;
#  - two runs at once into one folder, with slow renames (the fault shim);
#  - leftovers of killed runs are removed by the next run (the user's own);
#  - a dangling symlink as --out is named as such.
# Usage: commit_test.sh BIN SHIM_SO
set -u
bin=$(realpath "$1"); shim=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
t_init commit
t_plan 20
cases=$root/testdata/cases
chmod 755 "$tmp"
run_case() { # case, out dir, [VAR=value... | --option...]: the case's run into the dir; sets rc
  local c=$1 out=$2 a vars=() opts=(); shift 2
  for a in "$@"; do case $a in --*) opts+=("$a");; *) vars+=("$a");; esac; done
  { (cd "$cases/$c" && exec env "${vars[@]}" "$bin" run $(cat args) "${opts[@]}" --quiet --out "$out") >"$tmp/stdout" 2>"$tmp/stderr"; } 2>/dev/null
  rc=$?
}
visible() { # what a reader of DIR sees: "checksum size name" per file (a dangling link is no file)
  (cd "$1" 2>/dev/null && for f in *; do [ -f "$f" ] && echo "$f"; done | xargs -r cksum)
}
leftovers() { # what a finished run must not leave in DIR: prints it
  local d=$1 cur
  cur=$(readlink "$d/.wagerecon/current" 2>/dev/null)
  (cd "$d" && ls -A | grep -E '^\.wagerecon-link-|\.tmp\.')
  [ -d "$d/.wagerecon" ] && (cd "$d/.wagerecon" && ls -A | grep -vxE "lock|current|${cur:-none}")
  (cd "$d" && for f in *; do [ -L "$f" ] && [ ! -e "$f" ] && echo "dangling $f"; done)
}
# The sets: old = b_missing, new = b_underpaid (different files, so a mixed
# set shows), old_rows = b_missing with report_rows.json.
run_case b_missing "$tmp/ref_old"; old=$(visible "$tmp/ref_old")
run_case b_underpaid "$tmp/ref_new"; new=$(visible "$tmp/ref_new"); new_rc=$rc
run_case b_missing "$tmp/ref_rows" --report-rows; old_rows=$(visible "$tmp/ref_rows")
verdict reference_sets "$([ "$old" != "$new" ] && [ -n "$old" ] || echo "old and new sets alike, or none")"

make_old() { # kind, dir: the folder before the run under test
  case $1 in
  legacy) rm -rf "$2"; mkdir -p "$2" && cp -L "$tmp/ref_old"/* "$2/";; # an older wagerecon: regular files
  none) rm -rf "$2";;
  *) [ -d "$2" ] || run_case b_missing "$2" $([ "$1" = rows ] && echo --report-rows);;
  esac
}
kill_every_step() { # kind of old set, its visible files, signal, [--option...] of the run under test
  local kind=$1 want_old=$2 sig=$3 k=0 p="" d=$tmp/k got killed
  shift 3
  rm -rf "$d"
  while [ $k -lt 100 ]; do
    k=$((k+1))
    make_old "$kind" "$d"
    run_case b_underpaid "$d" WAGERECON_TEST_COMMIT_STEP=$k WAGERECON_TEST_COMMIT_SIGNAL=$sig "$@"
    killed=$rc got=$(visible "$d")
    if [ "$got" != "$want_old" ] && [ "$got" != "$new" ]; then p="$p; step $k (exit $rc): a mixed set"; fi
    # the next run (of the old set's case, which is then the next step's
    # old set): whole, and nothing of the killed run left over
    run_case b_missing "$d" $([ "$kind" = rows ] && echo --report-rows)
    [ "$(visible "$d")" = "$(if [ "$kind" = rows ]; then echo "$old_rows"; else echo "$old"; fi)" ] || p="$p; step $k: the next run's set is not whole"
    [ -z "$(leftovers "$d")" ] || p="$p; step $k: the next run left $(leftovers "$d" | tr '\n' ' ')"
    [ "$killed" = "$new_rc" ] && break # the hook's step was past the last: a whole run
  done
  [ $k -ge 8 ] || p="$p; only $k steps: is the hook wired?"
  [ "$killed" = "$new_rc" ] || p="$p; no run completed in $k steps"
  verdict "kill_every_step_${kind}_$sig${1:+_$(echo "$*" | tr -d ' =-')} ($k steps)" "$p"
}
kill_every_step current "$old" KILL
kill_every_step legacy "$old" KILL
kill_every_step rows "$old_rows" KILL
kill_every_step none "" KILL
kill_every_step current "$old" TERM
kill_every_step current "$old" KILL --jobs=2

# A finished run leaves exactly: the links, .wagerecon/{lock,current,one set}.
d=$tmp/clean; run_case b_missing "$d"; run_case b_underpaid "$d"
verdict after_two_runs_no_leftovers "$(leftovers "$d" | tr '\n' ' ')"
# At --jobs 2 the previous set goes on threads while the run ends (D445):
# gone all the same when it has ended.
d2=$tmp/clean_jobs2; run_case b_missing "$d2" --jobs=2; run_case b_underpaid "$d2" --jobs=2
verdict after_two_runs_no_leftovers_jobs2 "$(leftovers "$d2" | tr '\n' ' ')$([ "$(visible "$d2")" = "$new" ] || echo "not the new set")"
verdict outputs_are_links_to_current "$(cd "$d" && for f in *; do [ "$(readlink "$f")" = ".wagerecon/current/$f" ] || echo "$f"; done | tr '\n' ' ')"

# Leftovers of killed runs (this protocol's and an older wagerecon's
# .NAME.tmp.PID[.prev.PID]) go with the next run.
mkdir -p "$d/.wagerecon/set-0123456789abcdef" && echo x >"$d/.wagerecon/set-0123456789abcdef/flags.csv"
echo x >"$d/.flags.csv.tmp.4242"; echo x >"$d/.summary.json.tmp.77.prev.77"
ln -s nowhere "$d/.wagerecon-link-00aa"; ln -s set-x "$d/.wagerecon/link-00bb"
run_case b_underpaid "$d"
verdict stale_temporaries_removed "$(leftovers "$d" | tr '\n' ' ')"

# --out a dangling symlink (item 8b): named as such, nothing made.
ln -s "$tmp/gone" "$tmp/dangling"
run_case b_underpaid "$tmp/dangling"
verdict dangling_symlink_out "$([ "$rc" = 2 ] || echo "exit $rc"; grep -q "a symbolic link to $tmp/gone, which does not exist" "$tmp/stderr" || head -c 200 "$tmp/stderr")"

# Folders every user may write: refused unless sticky (as /tmp).
mkdir -p "$tmp/o+w" "$tmp/sticky"; chmod 777 "$tmp/o+w"; chmod 1777 "$tmp/sticky"
run_case b_underpaid "$tmp/o+w"
verdict world_writable_refused "$([ "$rc" = 2 ] || echo "exit $rc"; grep -q 'writable by every user and not sticky' "$tmp/stderr" || echo "message: $(head -c 200 "$tmp/stderr")"; [ -z "$(ls -A "$tmp/o+w")" ] || echo "wrote into it")"
run_case b_underpaid "$tmp/sticky"
verdict sticky_accepted "$([ "$(visible "$tmp/sticky")" = "$new" ] || echo "exit $rc: $(head -c 200 "$tmp/stderr")")"

# Two runs at once into one folder, every rename, link and fsync slowed by
# 20 ms (as on NFS): each run's set is published whole, the last one wins.
case "${EXTRA_CFLAGS:-}" in
*sanitize=address*) t_skip two_runs_at_once "LD_PRELOAD cannot come before the ASan runtime";;
*)
  p=""
  for round in 1 2 3; do
    d=$tmp/two; rm -rf "$d"; run_case a_rate_day "$d"
    (cd "$cases/b_missing" && LD_PRELOAD=$shim FAULT_SLOW_MS=20 "$bin" run $(cat args) --quiet --out "$d") >/dev/null 2>&1 &
    (cd "$cases/b_underpaid" && LD_PRELOAD=$shim FAULT_SLOW_MS=20 "$bin" run $(cat args) --quiet --out "$d") >/dev/null 2>&1 &
    wait
    got=$(visible "$d")
    [ "$got" = "$old" ] || [ "$got" = "$new" ] || p="$p; round $round: a mixed set"
    [ -z "$(leftovers "$d")" ] || p="$p; round $round: left $(leftovers "$d" | tr '\n' ' ')"
  done
  verdict two_runs_at_once "$p";;
esac

# Other users. Root ignores permission bits, so these run as `nobody`.
if [ "$(id -u)" != 0 ]; then
  for n in others_outputs_kept nobody_rename_fails_every_n symlink_plant_temporaries \
           symlink_plant_output_name others_wagerecon_folder_refused; do
    t_skip "$n" "needs root to act as nobody"
  done
else
  nb() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
  u=$tmp/users; mkdir -p "$u/case"; chmod 755 "$u"
  cp "$cases/b_underpaid"/* "$u/case/"; cp "$bin" "$u/wagerecon"; chmod -R a+rX "$u"
  nb_run() { # out dir: nobody runs b_underpaid into it; sets rc
    (cd "$u/case" && nb ../wagerecon run $(cat args) --quiet --out "$1") >"$tmp/stdout" 2>"$tmp/stderr"; rc=$?
  }
  owners() { (cd "$1" && stat -c '%U %F %n' -- * .[!.]* 2>/dev/null | sort; for f in *; do [ -f "$f" ] && cksum <"$f"; done); }

  # Item 1: nobody's folder holding root's outputs, one name a directory.
  d=$u/f1; mkdir "$d"; cp -L "$tmp/ref_old"/* "$d/"; rm "$d/ledger.csv"; mkdir "$d/ledger.csv"; chown nobody "$d"
  before=$(owners "$d"); nb_run "$d"
  verdict others_outputs_kept "$([ "$rc" = 2 ] || echo "exit $rc"; grep -q 'belongs to another user' "$tmp/stderr" || echo "message: $(head -c 200 "$tmp/stderr")"; [ "$(owners "$d")" = "$before" ] || echo "root's files changed")"

  # Item 1 with the fault shim: nobody's own outputs of an older wagerecon
  # (regular files), the Nth rename failing, for every N: nothing lost.
  case "${EXTRA_CFLAGS:-}" in *sanitize=address*) t_skip nobody_rename_fails_every_n "LD_PRELOAD cannot come before the ASan runtime";; *)
    p=""
    # the new set as nobody's run writes it: run.json names $u/case's inputs (D160)
    mkdir "$u/ref_new"; chown nobody "$u/ref_new"
    (cd "$u/case" && nb ../wagerecon run $(cat args) --quiet --out "$u/ref_new") >/dev/null 2>&1
    new_u=$(visible "$u/ref_new")
    for n in $(seq 1 12); do
      d=$u/f2; rm -rf "$d"; mkdir "$d"; cp -L "$tmp/ref_old"/* "$d/"; chown -R nobody "$d"
      (cd "$u/case" && nb env LD_PRELOAD="$shim" FAULT_RENAME_NTH=$n ../wagerecon run $(cat args) --quiet --out "$d") >/dev/null 2>"$tmp/stderr"
      got=$(visible "$d"); [ "$got" = "$old" ] || [ "$got" = "$new_u" ] || p="$p; N=$n: $(ls "$d" | wc -l) files, a mixed or lost set"
    done
    verdict nobody_rename_fails_every_n "$p";;
  esac

  # Item 2: the symlink plant. A folder of root's that nobody may write
  # (group nogroup, g+w). nobody plants links to a file of root's at the
  # temporary names an older wagerecon used for the next 400 pids, and at
  # an output's name. root's run must not write through any of them, nor
  # delete them (they are nobody's).
  d=$u/shared; mkdir "$d"; chgrp nogroup "$d"; chmod 2775 "$d"
  echo precious >"$u/victim"; chmod 644 "$u/victim"
  last=$(cat /proc/sys/kernel/ns_last_pid)
  nb sh -c "cd '$d' && for p in \$(seq $((last+1)) $((last+400))); do for f in flags.csv flags.jsonl ledger.csv cases.jsonl rejects.csv summary.json report.html; do ln -s '$u/victim' .\$f.tmp.\$p; done; done"
  run_case b_underpaid "$d"
  p=""; [ "$(cat "$u/victim")" = precious ] || p="root's file written through a planted link"
  [ "$(visible "$d")" = "$new" ] || p="$p; exit $rc, outputs not published: $(head -c 200 "$tmp/stderr")"
  [ "$(find "$d" -maxdepth 1 -name '.*.tmp.*' -user nobody | wc -l)" = 2800 ] || p="$p; nobody's links deleted"
  verdict symlink_plant_temporaries "$p"
  nb ln -sfn "$u/victim" "$d/summary.json.new" && nb mv -f "$d/summary.json.new" "$d/summary.json"
  run_case b_missing "$d"
  verdict symlink_plant_output_name "$([ "$(cat "$u/victim")" = precious ] || echo "written through"; [ "$rc" = 2 ] || echo "exit $rc"; grep -q 'summary.json: belongs to another user' "$tmp/stderr" || echo "message: $(head -c 200 "$tmp/stderr")")"
  # nobody makes .wagerecon first in a sticky shared folder: refused.
  d=$u/sticky; mkdir "$d"; chmod 1777 "$d"; nb mkdir "$d/.wagerecon"
  run_case b_underpaid "$d"
  verdict others_wagerecon_folder_refused "$([ "$rc" = 2 ] || echo "exit $rc"; grep -q '.wagerecon: belongs to another user' "$tmp/stderr" || echo "message: $(head -c 200 "$tmp/stderr")")"
fi

t_done commit
