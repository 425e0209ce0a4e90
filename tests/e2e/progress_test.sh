#!/usr/bin/env bash
# Progress and stage timings (issue 7 part 4): nothing on stderr when it
# is not a terminal or with --quiet; on a terminal (a pseudo-terminal from
# util-linux `script`) one self-updating line per stage; --verbose prints
# the stage timings even when piped; outputs never change.
# Prints "ok progress NAME" / "FAIL progress NAME". Usage: progress_test.sh BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init progress
t_plan 11
case_dir="$root/testdata/cases/b_underpaid"
args=$(cat "$case_dir/args")
cd "$case_dir" || exit 1
# In a pseudo-terminal: stdout and stderr both go to it, captured.
in_pty() { script -qec "$*" /dev/null; }

"$bin" run $args --out "$tmp/piped" >"$tmp/piped.out" 2>"$tmp/piped.err"
t piped_stderr_empty test ! -s "$tmp/piped.err"
"$bin" run $args --quiet --out "$tmp/q" >"$tmp/q.out" 2>"$tmp/q.err"
t quiet_piped_silent sh -c "test ! -s '$tmp/q.err' && test ! -s '$tmp/q.out'"

"$bin" run $args --verbose --out "$tmp/v" >"$tmp/v.out" 2>"$tmp/v.err"
t verbose_timings_piped sh -c "grep -Eq '^read +payments.csv +[0-9.]+ MB  4 rows  [0-9.]+ s' '$tmp/v.err' &&
  grep -Eq '^read +punches.csv +[0-9.]+ MB  6 rows' '$tmp/v.err' &&
  grep -Eq '^evaluate [0-9.]+ s$' '$tmp/v.err' && grep -Eq '^flags +[0-9.]+ s$' '$tmp/v.err' &&
  grep -Eq '^outputs +[0-9.]+ s$' '$tmp/v.err' && test \$(wc -l < '$tmp/v.err') = 9"
t verbose_piped_no_redraw sh -c "! grep -q \$(printf '\\r') '$tmp/v.err'"

in_pty "'$bin' run $args --out '$tmp/tty'" >"$tmp/tty.txt" 2>&1
t tty_progress_lines sh -c "grep -aq \$(printf '\\r\\033')'\\[Kread     attendance.csv' '$tmp/tty.txt' &&
  grep -aEq 'read +payments.csv +[0-9.]+ MB  4 rows  [0-9.]+ s' '$tmp/tty.txt' &&
  grep -aEq 'outputs +[0-9.]+ s' '$tmp/tty.txt'"
# One line per stage: 6 files + evaluate + flags + outputs end in a newline.
t tty_one_line_per_stage sh -c "test \$(grep -ac \$(printf '\\033')'\\[K' '$tmp/tty.txt') = 9"
t tty_outputs_unchanged diff -r -x .wagerecon "$tmp/piped" "$tmp/tty"
in_pty "'$bin' run $args --quiet --out '$tmp/ttyq'" >"$tmp/ttyq.txt" 2>&1
t tty_quiet_silent test ! -s "$tmp/ttyq.txt"

# explain draws the same progress, and --verbose says how many rows it
# skipped. The first flag is 高雪梅's: of the 55 data rows, contracts 3,
# attendance.csv 28 and punches.csv 6 are other workers' (payments are
# all read, for duplicates; projects and holidays too): 37 skipped.
"$bin" run $args --quiet --out "$tmp/e" >/dev/null 2>&1
id=$(sed -n 2p "$tmp/e/flags.csv" | cut -d, -f1)
in_pty "'$bin' explain $id $args --flags '$tmp/e/flags.csv'" >"$tmp/ex.txt" 2>&1
t explain_tty_progress sh -c "grep -aEq 'read +attendance.csv' '$tmp/ex.txt' && grep -aq 'flag_id: $id' '$tmp/ex.txt'"
"$bin" explain $id $args --flags "$tmp/e/flags.csv" >"$tmp/ex.out" 2>"$tmp/ex.err"
t explain_piped_stderr_empty test ! -s "$tmp/ex.err"
"$bin" explain $id $args --flags "$tmp/e/flags.csv" --verbose >/dev/null 2>"$tmp/exv.err"
t explain_verbose sh -c "grep -Eq '^explain: 55 rows read, 37 of other workers or accounts skipped unparsed$' '$tmp/exv.err' && grep -Eq '^evaluate [0-9.]+ s$' '$tmp/exv.err'"

t_done progress
