#!/usr/bin/env bash
# The runner cannot be fooled (issue 19 item 7): tests/runner.sh, which
# tests/run_all.sh uses for every script, on small scripts that each do one
# thing wrong. A script that stops halfway (an unbound variable under
# set -u, an early `exit 0`), exits non-zero without a FAIL line, exits 0
# after one, declares no plan or runs more checks than declared must cost
# a FAIL; a skip is reported as skipped, never as passed. Expected lines
# are written by hand from tests/runner.sh's header. Prints "ok runner
# NAME" / "FAIL runner NAME". Usage: runner_test.sh
set -u
. "$(dirname "$0")/lib.sh"
t_init runner
t_plan 13

# fake NAME BODY: a bash script $tmp/NAME.sh, run through run_script in a
# fresh shell; its output (the counted lines and the last line) in $tmp/NAME.out
fake() {
  printf 'set -u\n%s\n' "$2" >"$tmp/$1.sh"
  (cd "$root" && . tests/runner.sh && run_script "$1" bash "$tmp/$1.sh" && runner_last_line) \
    >"$tmp/$1.out" 2>&1
}
# expect NAME LAST_LINE [TEXT]: the last line is LAST_LINE, and TEXT (fixed)
# is on a line "FAIL runner NAME: ..."; without TEXT, no such line
expect() {
  local p="" last; last=$(tail -1 "$tmp/$1.out")
  [ "$last" = "$2" ] || p="last line '$last', want '$2'"
  if [ -n "${3:-}" ]; then
    grep "^FAIL runner $1: " "$tmp/$1.out" | grep -qF -- "$3" || p="${p:+$p; }no 'FAIL runner $1: ...$3'"
  elif grep -q "^FAIL runner" "$tmp/$1.out"; then p="${p:+$p; }$(grep '^FAIL runner' "$tmp/$1.out")"; fi
  verdict "$1" "$p" "$(cat "$tmp/$1.out")"
}

fake good 'echo "plan 2"; echo "ok a"; echo "ok b"'
expect good "2 passed, 0 failed"
# cli_test.sh's hole: an unbound variable at its line 25 stopped it after
# 11 of 79 checks, reported as "11 passed, 0 failed".
fake unbound_variable_halfway 'echo "plan 3"; echo "ok a"; echo "$no_such_variable"; echo "ok b"; echo "ok c"'
expect unbound_variable_halfway "1 passed, 1 failed" "ran 1 checks, declared 3; exited 1 without a FAIL line"
# jobs_test.sh's hole: `exit 0` after a failed generator skipped the rest.
fake exit_0_halfway 'echo "plan 3"; echo "ok a"; exit 0; echo "ok b"'
expect exit_0_halfway "1 passed, 1 failed" "ran 1 checks, declared 3"
fake non_zero_without_fail 'echo "plan 1"; echo "ok a"; exit 4'
expect non_zero_without_fail "1 passed, 1 failed" "exited 4 without a FAIL line"
fake fail_then_exit_0 'echo "plan 2"; echo "ok a"; echo "FAIL b"; echo "    its log"'
expect fail_then_exit_0 "1 passed, 2 failed" "exited 0 after 1 FAIL lines"
fake no_plan 'echo "ok a"'
expect no_plan "1 passed, 1 failed" "declared no plan"
fake more_than_declared 'echo "plan 1"; echo "ok a"; echo "ok b"'
expect more_than_declared "2 passed, 1 failed" "ran 2 checks, declared 1"
fake bad_plan_line 'echo "plan many"; echo "ok a"'
expect bad_plan_line "1 passed, 1 failed" "unreadable plan line"
# A missing tool is a FAIL, a check that cannot run here a skip: neither passes.
fake skip_is_not_pass 'echo "plan 2"; echo "ok a"; echo "skip b (under ASan)"'
expect skip_is_not_pass "1 passed, 0 failed, 1 skipped"
# Plans add up (one before a loop whose length is known at run time);
# indented log lines are not checks.
fake plans_add_up 'echo "plan 1"; echo "ok a"; echo "plan 2"; echo "    ok not a check"; echo "ok b"; echo "FAIL c"; exit 1'
expect plans_add_up "2 passed, 1 failed"
# lib.sh's helpers: t_plan, t, t_skip, t_done's status.
fake lib_helpers ". '$root/tests/e2e/lib.sh'; t_init x; t_plan 3; t a true; t b false; t_skip c why; t_done x"
expect lib_helpers "1 passed, 1 failed, 1 skipped"
# The make test summary line stays readable by scripts/land.sh.
p=""
for l in "10 passed, 0 failed" "10 passed, 0 failed, 2 skipped"; do
  echo "$l" | grep -Eq "$(sed -n 's/.*grep -Eq \x27\(.*failed[^\x27]*\)\x27.*/\1/p' "$root/scripts/land.sh")" || p="${p:+$p; }land.sh misreads '$l'"
done
echo "10 passed, 1 failed" | grep -Eq "$(sed -n 's/.*grep -Eq \x27\(.*failed[^\x27]*\)\x27.*/\1/p' "$root/scripts/land.sh")" && p="${p:+$p; }land.sh lands '10 passed, 1 failed'"
verdict land_reads_last_line "$p"
# The unit tests are those of the sources: a binary a removed test left in
# the build directory is not run (the landing worktree counted a deleted
# day_queue_test), and a source whose binary is missing is a FAIL.
mkdir -p "$tmp/units/src" "$tmp/units/b/tests"
: >"$tmp/units/src/a_test.c"; : >"$tmp/units/src/b_test.c"
printf '#!/bin/sh\necho fine\n' >"$tmp/units/b/tests/a_test"
printf '#!/bin/sh\necho stale\n' >"$tmp/units/b/tests/gone_test"
chmod +x "$tmp/units/b/tests/a_test" "$tmp/units/b/tests/gone_test"
(cd "$root" && . tests/runner.sh && run_units "$tmp/units/b" "$tmp/units/src" && runner_last_line) >"$tmp/units.out" 2>&1
p=""
[ "$(tail -1 "$tmp/units.out")" = "1 passed, 1 failed" ] || p="last line '$(tail -1 "$tmp/units.out")', want '1 passed, 1 failed'"
grep -qx "ok unit a_test (fine)" "$tmp/units.out" || p="${p:+$p; }no 'ok unit a_test (fine)'"
grep -qx "FAIL unit b_test" "$tmp/units.out" || p="${p:+$p; }no 'FAIL unit b_test' (its binary is missing)"
grep -q "gone_test" "$tmp/units.out" && p="${p:+$p; }the stale gone_test was run"
verdict units_of_the_sources "$p" "$(cat "$tmp/units.out")"
t_done runner
