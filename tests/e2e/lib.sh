# tests/e2e/lib.sh: the helpers the end-to-end test scripts share, so that
# every script prints its checks the same way and tests/run_all.sh can count
# them: one line "ok SUITE NAME" per passed check, one line "FAIL SUITE NAME"
# per failed one followed by its log, each log line indented four spaces (an
# indented line is never counted), one line "skip SUITE NAME (WHY)" per check
# that cannot run here (under ASan, say: never for a missing tool, which is a
# FAIL). tests/runner.sh fails a script that declares no plan, runs another
# number of checks than it declared, or exits non-zero with no FAIL.
#
# Usage, at the top of a test script (bash, after `set -u`):
#   . "$(dirname "$0")/lib.sh"
#   t_init cli          # the suite name printed after ok/FAIL ("" for none);
#                       # sets $root (the repository), $tmp (a fresh directory,
#                       # removed on exit), pass=0 fail=0, log_lines=10
#   t_plan N            # declares N more checks (prints "plan N"): once at
#                       # the top for the fixed ones, again before a loop
#                       # whose length is known only at run time
#   n_cases [EXIT...]   # prints how many cases testdata/cases holds (those
#                       # with an args file), only those whose expected exit
#                       # is one of EXIT... when given: for a plan
#   t NAME CMD ARGS...  # CMD must succeed; its output is the log on failure
#   t NAME exit_is 2 CMD ARGS...            # CMD must exit 2
#   t NAME fails_with 2 TEXT CMD ARGS...    # exit 2 and TEXT on stderr; the
#                       # command's stdout and stderr stay in $t_out and $t_err
#   verdict NAME "$problems" [LOG]          # passes when $problems is empty,
#                       # else "FAIL SUITE NAME: PROBLEMS" (one line) and LOG
#   t_pass NAME / t_fail NAME [LOG]         # for checks that judge themselves
#   t_skip NAME WHY     # a check that cannot run here; counts as skipped
#   t_done cli          # prints "cli: N passed, N failed" (nothing without an
#                       # argument); its status is the script's: 0 when none failed
#   chrome=$(t_chrome)  # headless Chromium's command, "" when absent
#   t_browse "$chrome" PAGE --dump-dom|--screenshot=FILE WIDTH,HEIGHT
#                       # renders PAGE (stderr into $tmp/chromium.log)
# A suite whose logs are long (diffs) may raise log_lines after t_init.
# The helpers' own files are hidden ones in $tmp (.t_log, .t_out, .t_err), so
# a script may use any visible name there, $tmp/out included.

t_init() { # suite name
  suite=$1
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  pass=0 fail=0 skipped=0 log_lines=10
  t_log=$tmp/.t_log t_out=$tmp/.t_out t_err=$tmp/.t_err
}

t_plan() { # number of checks the script is about to declare
  echo "plan $1"
}

n_cases() { # [expected exit codes]: the number of end-to-end cases
  local dir n=0 want
  for dir in "$root"/testdata/cases/*/; do
    [ -f "$dir/args" ] || continue
    want=$(cat "$dir/expected/exit")
    if [ $# = 0 ] || [[ " $* " == *" $want "* ]]; then n=$((n + 1)); fi
  done
  echo "$n"
}

t_skip() { # name, why
  echo "skip ${suite:+$suite }$1 ($2)"; skipped=$((skipped+1))
}

t_pass() { # name
  echo "ok ${suite:+$suite }$1"; pass=$((pass+1))
}

t_fail() { # name, [log: its first $log_lines lines, indented]
  echo "FAIL ${suite:+$suite }$1"; fail=$((fail+1))
  if [ -n "${2:-}" ]; then printf '%s\n' "$2" | head -n "$log_lines" | sed 's/^/    /'; fi
}

t() { # name, then a command that must succeed
  local name=$1; shift
  if "$@" >"$t_log" 2>&1; then t_pass "$name"; else t_fail "$name" "$(cat "$t_log")"; fi
}

verdict() { # name, problems (one line; empty when none), [log]
  if [ -z "$2" ]; then t_pass "$1"; else t_fail "$1: $2" "${3:-}"; fi
}

exit_is() { # exit code, then a command that must exit with it
  local want=$1; shift
  "$@"; local rc=$?
  [ "$rc" = "$want" ] || { echo "exit $rc, want $want"; return 1; }
}

fails_with() { # exit code, fixed text that must be on stderr, then the command
  local want=$1 text=$2; shift 2
  "$@" >"$t_out" 2>"$t_err"; local rc=$?
  cat "$t_err"
  [ "$rc" = "$want" ] || { echo "exit $rc, want $want"; return 1; }
  grep -qF -- "$text" "$t_err" || { echo "stderr lacks: $text"; return 1; }
}

t_chrome() { # the first Chromium command found, else ""
  local c
  for c in chromium chromium-browser google-chrome; do
    command -v "$c" >/dev/null && { echo "$c"; return; }
  done
}

t_browse() { # chrome, page, what (--screenshot=FILE or --dump-dom), window size
  timeout 120 "$1" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" "$3" --window-size="$4" \
    "file://$2" 2>>"$tmp/chromium.log"
}

t_done() { # [label for the summary line]
  local s=""; [ "$skipped" = 0 ] || s=", $skipped skipped"
  if [ -n "${1:-}" ]; then echo "$1: $pass passed, $fail failed$s"; fi
  [ "$fail" = 0 ]
}
