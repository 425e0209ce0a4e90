# tests/runner.sh: how tests/run_all.sh counts one test script; sourced by
# it and by tests/e2e/runner_test.sh, which proves it cannot be fooled.
#
# A test script prints on stdout (tests/e2e/lib.sh writes these lines):
#   "plan N"           it declares N more checks (several plan lines add up)
#   "ok ..."           a check passed
#   "FAIL ..."         a check failed; its log follows, indented
#   "skip ... (WHY)"   a check that cannot run here (under ASan, say);
#                      counted as skipped, never as passed
# Any other line is shown and not counted. Beyond the script's own FAIL
# lines, the runner adds one "FAIL runner NAME: ..." line (one more failure)
# when the script declared no plan, ran another number of checks than it
# declared (it stopped halfway, or a check went unnoticed), exited non-zero
# without a FAIL line, or exited 0 after a FAIL line.
#
#   run_script NAME CMD ARGS...   runs one script, adds to the totals below
#   run_units B DIR               runs $B/tests/NAME for each DIR/NAME.c that
#                                 ends in _test.c, adds to the totals: a
#                                 binary left in $B by a test since removed
#                                 is not run, a source's missing binary FAILs
#   runner_last_line              "N passed, N failed", then ", N skipped"
#                                 when some were; scripts/land.sh reads it
pass=0 fail=0 skipped=0

run_script() { # name, then the command that runs the script
  local name=$1; shift
  local rcf line rc n=0 nfail=0 plan="" bad="" p=""
  rcf=$(mktemp)
  while IFS= read -r line; do
    case "$line" in
      "plan "*)
        case ${line#plan } in
          ''|*[!0-9]*) bad="$bad '$line'" ;;
          *) plan=$(( ${plan:-0} + 10#${line#plan } )) ;;
        esac
        continue ;;
      "ok "*) pass=$((pass + 1)); n=$((n + 1)) ;;
      "FAIL "*) fail=$((fail + 1)); n=$((n + 1)); nfail=$((nfail + 1)) ;;
      "skip "*) skipped=$((skipped + 1)); n=$((n + 1)) ;;
    esac
    printf '%s\n' "$line"
  done < <("$@"; echo $? >"$rcf")
  rc=$(cat "$rcf"); rm -f "$rcf"
  [ -z "$bad" ] || p="unreadable plan line:$bad"
  if [ -z "$plan" ]; then p="${p:+$p; }declared no plan (t_plan N)"
  elif [ "$n" != "$plan" ]; then p="${p:+$p; }ran $n checks, declared $plan"; fi
  if [ "$rc" != 0 ] && [ "$nfail" = 0 ]; then p="${p:+$p; }exited $rc without a FAIL line"
  elif [ "$rc" = 0 ] && [ "$nfail" != 0 ]; then p="${p:+$p; }exited 0 after $nfail FAIL lines"; fi
  if [ -n "$p" ]; then echo "FAIL runner $name: $p"; fail=$((fail + 1)); fi
  return 0
}

runner_last_line() {
  local s=""; [ "$skipped" = 0 ] || s=", $skipped skipped"
  echo "$pass passed, $fail failed$s"
}

run_units() { # the build directory, the folder of the unit tests' sources
  local src t out
  for src in "$2"/*_test.c; do
    t=$1/tests/$(basename "$src" .c)
    if out=$("$t" 2>&1); then echo "ok unit $(basename "$t") ($out)"; pass=$((pass+1));
    else echo "FAIL unit $(basename "$t")"; echo "$out" | sed 's/^/    /'; fail=$((fail+1)); fi
  done
}
