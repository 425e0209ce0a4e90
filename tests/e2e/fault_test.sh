#!/usr/bin/env bash
# Fault injection (issue 6, item 4). Every fault must exit 2 with a message
# naming the file, leave no temporary file, and leave the previous outputs
# in --out byte-identical:
#  - the Nth fsync fails (ENOSPC), the Nth rename fails (EIO), or the Nth
#    write(2) of the output set's streams fails (ENOSPC: they call write
#    themselves, D416), for every N of the run, through an LD_PRELOAD shim
#    (tests/fault/fault_shim.c);
#  - write(2) itself fails: a real "file too large" (EFBIG) from
#    RLIMIT_FSIZE (prlimit --fsize), at limits that make each output in
#    turn the first to fail;
#  - the output directory is read-only, or its parent is (cannot create):
#    the run is done as `nobody` (setpriv) since root ignores permission
#    bits; inputs and binary are copied where nobody can read them.
# The shim's faults and the size limits at --jobs 1 and 2 (the writers on
# two threads, the previous set removed on two: D418).
# Usage: fault_test.sh BIN SHIM_SO
set -u
bin=$(realpath "$1"); shim=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
t_init fault
t_plan 14 # the shim's twelve (below), the two folders; the size limits' before their loop
case_dir="$root/testdata/cases/b_underpaid"
jobs=1
run() { (cd "$case_dir" && "$@" "$bin" run $(cat args) --jobs $jobs --quiet --out "$tmp/out") >"$tmp/stdout" 2>"$tmp/stderr"; }
leftovers() { # true when DIR holds more than the published set (D92): a set `current` does not name, a temporary
  local cur; cur=$(readlink "$1/.wagerecon/current" 2>/dev/null)
  ls -A "$1" | grep -qE '^\.wagerecon-link-|\.tmp\.' ||
    { [ -d "$1/.wagerecon" ] && ls -A "$1/.wagerecon" | grep -qvxE "lock|current|${cur:-none}"; }
}
problems() { # exit code, message pattern, output dir: what is wrong with a failed run
  [ "$1" = 2 ] || echo -n "exit $1, want 2"
  grep -Eq "$2" "$tmp/stderr" || echo -n "; message: $(head -c 200 "$tmp/stderr")"
  leftovers "$3" && echo -n "; temporary files left"
  diff -r -x .wagerecon "$tmp/before" "$3" >/dev/null || echo -n "; previous outputs changed"
}
check() { # name, exit code, message pattern, output dir
  verdict "$1" "$(problems "$2" "$3" "$4")"
}
# The previous outputs come from another case, so a half-renamed set shows.
(cd "$root/testdata/cases/b_missing" && "$bin" run $(cat args) --quiet --out "$tmp/out") >/dev/null 2>&1
cp -r "$tmp/out" "$tmp/before"
n_outputs=$(ls "$tmp/before" | wc -l)

case "${EXTRA_CFLAGS:-}" in
*sanitize=address*)
  for jobs in 1 2; do
    for fault in FAULT_FSYNC_NTH FAULT_RENAME_NTH FAULT_WRITE_NTH; do
      t_skip "$fault=N each refused, --jobs $jobs" "LD_PRELOAD cannot come before the ASan runtime"
      t_skip "$fault past the last, --jobs $jobs" "LD_PRELOAD cannot come before the ASan runtime"
    done
  done;;
*)
  # Every fsync and rename of the commit (D92: one fsync per file, the
  # set's folder, .wagerecon after the swap; one rename, the swap), and
  # every write of the outputs, until the Nth is past the last: that run
  # must publish the new set whole. Two checks per fault: every N before
  # the last refused, and the one past it.
  for jobs in 1 2; do
    for fault in FAULT_FSYNC_NTH FAULT_RENAME_NTH FAULT_WRITE_NTH; do
      p="" last=""
      for n in $(seq 1 30); do
        run env LD_PRELOAD="$shim" "$fault=$n"; rc=$?
        if [ "$rc" != 2 ]; then
          (cd "$case_dir" && "$bin" run $(cat args) --quiet --out "$tmp/whole") >/dev/null 2>&1
          last="$([ "$n" -gt 1 ] || echo "no $fault failed a run"; diff -r -x .wagerecon "$tmp/whole" "$tmp/out" >/dev/null || echo "exit $rc and not the new set"; leftovers "$tmp/out" && echo "temporary files left")"
          rm -rf "$tmp/out"; cp -r "$tmp/before" "$tmp/out"
          break
        fi
        q=$(problems $rc "(write|rename|fsync) failed" "$tmp/out")
        [ -z "$q" ] || p="$p; N=$n: ${q#; }"
      done
      verdict "$fault=N each refused (N = 1..$((n - 1))), --jobs $jobs" "${p#; }"
      [ "$rc" != 2 ] || last="still refused at N=30"
      verdict "$fault=$n past the last: the new set, --jobs $jobs" "$last"
    done
  done;;
esac

# write(2) fails with EFBIG past the size limit (SIGXFSZ ignored, as a
# disk-full ENOSPC would not signal). Limits: 0, then each output's size
# minus one, as this case writes them (measured into a scratch directory).
# stderr goes through a pipe: the limit would cut a message to a file too.
(cd "$case_dir" && "$bin" run $(cat args) --quiet --out "$tmp/sizes") >/dev/null 2>&1
limits="0 $(stat -L -c '%s' "$tmp/sizes"/* | sort -un | awk '$1 > 0 {print $1 - 1}')"
t_plan "$(($(wc -w <<<"$limits") * 2))"
for jobs in 1 2; do
  for limit in $limits; do
    (cd "$case_dir" && bash -c "trap '' XFSZ; exec prlimit --fsize=$limit \"\$0\" \"\$@\"" \
      "$bin" run $(cat args) --jobs $jobs --quiet --out "$tmp/out") 2>&1 >/dev/null | cat >"$tmp/stderr"
    check "write_efbig_limit_${limit}_jobs_$jobs" "${PIPESTATUS[0]}" "^wagerecon: $tmp/out/[a-z_.]+: write failed: File too large" "$tmp/out"
  done
done

# Read-only output directory, and one that cannot be created (read-only
# parent), as an unprivileged user.
if [ "$(id -u)" = 0 ]; then as_user() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
else as_user() { "$@"; }; fi
ro="$tmp/ro"; mkdir -p "$ro/case"; chmod 755 "$tmp" "$ro"
cp "$case_dir"/* "$ro/case/" 2>/dev/null; cp "$bin" "$ro/wagerecon"; chmod -R a+rX "$ro"
cp -r "$tmp/before" "$ro/out"; chmod -R a-w "$ro/out"
(cd "$ro/case" && as_user ../wagerecon run $(cat args) --quiet --out "$ro/out") >"$tmp/stdout" 2>"$tmp/stderr"
check read_only_out_dir $? "^wagerecon: $ro/out: output directory is not writable" "$ro/out"
chmod a-w "$ro"
(cd "$ro/case" && as_user ../wagerecon run $(cat args) --quiet --out "$ro/new") >"$tmp/stdout" 2>"$tmp/stderr"
rc=$? p=""
[ "$rc" = 2 ] || p="exit $rc, want 2"
grep -q "^wagerecon: $ro/new: cannot create output directory: Permission denied" "$tmp/stderr" || p="$p; message: $(head -c 200 "$tmp/stderr")"
[ ! -e "$ro/new" ] || p="$p; $ro/new exists"
verdict out_dir_not_creatable "$p"
chmod -R u+w "$ro"

t_done fault
