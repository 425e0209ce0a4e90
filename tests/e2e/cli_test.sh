#!/usr/bin/env bash
# CLI behaviour: help, version, usage errors, fatal input errors, the
# self-check, atomic outputs, determinism across runs and --jobs, masking.
# Prints "ok cli NAME" / "FAIL cli NAME" per check. Usage: cli_test.sh BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init cli
t_plan 98
case_dir="$root/testdata/cases/b_underpaid"
run_case() { (cd "$case_dir" && eval "\"$bin\" run $(cat args) $*"); }

t help exit_is 0 "$bin" --help
t run_help exit_is 0 "$bin" run --help
t version sh -c "'$bin' --version | grep -q '^wagerecon [0-9]'"
t no_command exit_is 2 "$bin"
t unknown_option exit_is 2 "$bin" run --bogus
t unknown_option_says_what sh -c "'$bin' run --bogus 2>&1 | grep -q 'wagerecon run --help'"
t missing_required exit_is 2 "$bin" run --projects x.csv
run_case_as_of() { # the case's args with its --as-of replaced by $1, then more
  local as_of=$1; shift
  (cd "$case_dir" && eval "\"$bin\" run $(sed 's/--as-of [0-9-]*//' args) --as-of $as_of $*")
}
t bad_as_of fails_with 2 "--as-of wants a date" run_case_as_of 2026-02-30 --quiet --out "$tmp/o"
t missing_file exit_is 2 "$bin" run --projects "$tmp/nope.csv" --contracts x --attendance x --payments x --as-of 2026-11-20 --period 2026-10 --out "$tmp/o1"
t missing_file_writes_nothing test ! -e "$tmp/o1/flags.csv"
printf 'project_id,employer_id\nP1,E1\n' >"$tmp/noacct.csv"
t missing_column sh -c "'$bin' run --projects '$tmp/noacct.csv' --contracts x --attendance x --payments x --as-of 2026-11-20 --period 2026-10 --out '$tmp/o2' 2>&1 | grep -q 'noacct.csv: missing required column wage_account'"
# A first line of only spaces and tabs is the header row, one empty column
# (DECISIONS D200); the message says so.
printf ' \t \n' | cat - "$case_dir/contracts.csv" >"$tmp/spaces_header.csv"
t spaces_header_line fails_with 2 "spaces_header.csv: missing required column project_id (the header, line 1, holds only spaces and tabs)" \
  "$bin" run --projects "$case_dir/projects.csv" --contracts "$tmp/spaces_header.csv" --attendance x --payments x --as-of 2026-11-20 --period 2026-10 --out "$tmp/o6"
head -c 100 "$case_dir/contracts.csv" | zstd -q -c | head -c 30 >"$tmp/trunc.zst"
t truncated_zstd exit_is 2 "$bin" run --projects "$case_dir/projects.csv" --contracts "$tmp/trunc.zst" --attendance x --payments x --as-of 2026-11-20 --period 2026-10 --out "$tmp/o3"
t unknown_project_filter exit_is 2 run_case --quiet --out "$tmp/o4" --project NOPE
# b_underpaid's README: 1 employer, 4 workers, 1079.00 yuan in arrears; the
# terminal groups the yuan by thousands as report.html does (D35)
t summary_arrears_grouped sh -c "cd '$case_dir' && '$bin' run \$(cat args) --out '$tmp/o5' | grep -qxF 'arrears (欠薪): 1 employers, 4 workers, 1,079.00 yuan'"

# Usage errors of the commands that take the run's options (run, partition,
# explain share one preamble, cli_parse_and_check): exit 2, nothing on
# stdout, nothing written, and stderr names what is wrong and points to that
# command's --help.
refused() { # text stderr must contain, then the command: exit 2, nothing on stdout
  fails_with 2 "$@" || return 1
  [ ! -s "$t_out" ] || { echo "stdout not empty"; return 1; }
}
usage_is() { # cmd, text stderr must contain, then the arguments after cmd
  local cmd=$1 want=$2; shift 2
  rm -rf "$tmp/u"
  refused "$want" sh -c 'cd "$0" && exec "$@"' "$case_dir" "$bin" "$cmd" "$@" || return 1
  [ ! -e "$tmp/u" ] || { echo "wrote $tmp/u"; return 1; }
  grep -qxF "Try 'wagerecon $cmd --help'." "$t_err" || { echo "no pointer to the help"; return 1; }
}
input_error_is() { # text stderr must contain, then the command: no pointer to the help
  refused "$@" || return 1
  ! grep -q "^Try " "$t_err" || { echo "pointer to the help on an input error"; return 1; }
}
help_is() { # cmd: exit 0, the usage on stdout, nothing on stderr
  "$bin" "$1" --help >"$tmp/h.out" 2>"$tmp/h.err" || return 1
  head -1 "$tmp/h.out" | grep -q "^usage: wagerecon $1 " && [ ! -s "$tmp/h.err" ]
}
inputs=(--projects projects.csv --holidays holidays.csv --contracts contracts.csv
        --attendance attendance.csv --attendance punches.csv --payments payments.csv)
for cmd in run partition explain; do
  id=(); [ $cmd = explain ] && id=(0123456789abcdef)
  parts=(); [ $cmd = partition ] && parts=(--parts 2)
  out=(--out "$tmp/u"); [ $cmd = explain ] && out=() # explain accepts --out, unused
  ok=("${id[@]}" "${inputs[@]}" "${parts[@]}" --as-of 2026-11-20 "${out[@]}")
  want_first=--projects; [ $cmd = explain ] && want_first=FLAG_ID
  t ${cmd}_help_usage help_is $cmd
  t ${cmd}_no_args usage_is $cmd "$want_first"
  t ${cmd}_unknown_option usage_is $cmd --bogus "${ok[@]}" --period 2026-10 --bogus
  t ${cmd}_stray_operand usage_is $cmd stray1 "${ok[@]}" --period 2026-10 stray1
  t ${cmd}_bad_from usage_is $cmd 2026-13 "${ok[@]}" --from 2026-13 --to 2026-10
  t ${cmd}_bad_to usage_is $cmd 26-10 "${ok[@]}" --from 2026-09 --to 26-10
  t ${cmd}_from_after_to usage_is $cmd --from "${ok[@]}" --from 2026-11 --to 2026-10
  t ${cmd}_from_without_to usage_is $cmd --to "${ok[@]}" --from 2026-09
  t ${cmd}_jobs_0 usage_is $cmd --jobs "${ok[@]}" --period 2026-10 --jobs 0
  t ${cmd}_unknown_short_option usage_is $cmd "unknown option -x" "${ok[@]}" --period 2026-10 -x
  t ${cmd}_option_without_value usage_is $cmd "option needs a value: --period" "${ok[@]}" --period
done
# RULES v2 options (RULES 5.3, 7; DECISIONS D68): amounts in yuan like
# --tolerance (two decimals at most, not negative), --warn-days 1-3660, each
# once (D82); --help names them.
v2=("${inputs[@]}" --as-of 2026-11-20 --period 2026-10 --out "$tmp/u")
t v2_large_payment_three_decimals usage_is run "--large-payment wants yuan like 50000.00, got 1.234" "${v2[@]}" --large-payment 1.234
t v2_large_payment_negative usage_is run "--large-payment wants yuan" "${v2[@]}" --large-payment -1.00
t v2_list_worker_amount_text usage_is run "--list-worker-amount wants yuan like 5000.00, got abc" "${v2[@]}" --list-worker-amount abc
t v2_list_total_amount_negative usage_is run "--list-total-amount wants yuan like 30000.00, got -5" "${v2[@]}" --list-total-amount -5
t v2_warn_days_negative usage_is run "--warn-days wants a number of days 1-3660, got -1" "${v2[@]}" --warn-days -1
t v2_warn_days_text usage_is run "--warn-days wants a number of days 1-3660, got 5d" "${v2[@]}" --warn-days 5d
t v2_warn_days_over usage_is run "--warn-days wants a number of days 1-3660, got 3661" "${v2[@]}" --warn-days 3661
t v2_warn_days_twice usage_is run "--warn-days given twice" "${v2[@]}" --warn-days 5 --warn-days 6
t v2_help_names_options sh -c "'$bin' run --help >'$tmp/h2' && for o in '--account-txns FILE' '--large-payment YUAN' \
  '--list-worker-amount YUAN' '--list-total-amount YUAN' '--warn-days N' 'account-txns; each'; do grep -qF -- \"\$o\" '$tmp/h2' || exit 1; done"
t merge_unknown_short_option usage_is merge "unknown option -x" -x
t merge_option_without_value usage_is merge "option needs a value: --out" --out
t formats_unknown_short_option refused "unknown option -x" "$bin" formats check -x
t formats_option_without_value refused "option needs a value: --rows" "$bin" formats check --rows
t explain_two_operands usage_is explain stray1 0123456789abcdef stray1 "${inputs[@]}" --as-of 2026-11-20 --period 2026-10
t run_missing_out usage_is run --out "${inputs[@]}" --as-of 2026-11-20 --period 2026-10
t partition_missing_out usage_is partition --out "${inputs[@]}" --parts 2 --as-of 2026-11-20 --period 2026-10
t partition_missing_parts usage_is partition --parts "${inputs[@]}" --as-of 2026-11-20 --period 2026-10 --out "$tmp/u"
t partition_parts_0 usage_is partition --parts "${inputs[@]}" --parts 0 --as-of 2026-11-20 --period 2026-10 --out "$tmp/u"
# An input that cannot be opened is not a usage error: exit 2, the file
# named, nothing written (run: missing_file above).
for cmd in partition explain; do
  id=(); [ $cmd = explain ] && id=(0123456789abcdef)
  parts=(); [ $cmd = partition ] && parts=(--parts 2)
  rm -rf "$tmp/u"
  t ${cmd}_missing_file input_error_is nope.csv "$bin" $cmd "${id[@]}" --projects "$tmp/nope.csv" \
    --contracts x --attendance x --payments x "${parts[@]}" --as-of 2026-11-20 --period 2026-10 --out "$tmp/u"
  t ${cmd}_missing_file_writes_nothing test ! -e "$tmp/u"
done

# Outputs, then a failing run into the same directory leaves them as they were.
t first_run exit_is 3 run_case --quiet --out "$tmp/out"
cp -r "$tmp/out" "$tmp/before"
t self_check_fails exit_is 4 env WAGERECON_TEST_CORRUPT_LEDGER=1 bash -c "cd '$case_dir' && '$bin' run \$(cat args) --quiet --out '$tmp/out'"
t failed_run_keeps_outputs diff -r -x .wagerecon "$tmp/before" "$tmp/out"
# A counted payment's record lost after reading (test hook): counted !=
# matched + unmatched (DECISIONS D34), exit 4, named, nothing written.
t self_check_lost_payment exit_is 4 env WAGERECON_TEST_LOSE_PAYMENT=1 bash -c "cd '$case_dir' && '$bin' run \$(cat args) --quiet --out '$tmp/out' 2>'$tmp/lost.err'"
t self_check_lost_payment_says_what grep -q 'matched + unmatched MISMATCH' "$tmp/lost.err"
t lost_payment_keeps_outputs diff -r -x .wagerecon "$tmp/before" "$tmp/out"
# Each self-check of summary.json (RULES 6) fails alone under its test
# hook (src/core/testhooks.h; WAGERECON_TEST_<HOOK>): exit 4, that identity
# MISMATCH and the three others ok (the words by hand from run.c's
# message), the previous outputs kept.
for hc in "SKEW_ROWS:rows MISMATCH, counted payments ok, matched + unmatched ok, ledger arrears ok" \
          "SKEW_BUCKET_PAID:rows ok, counted payments MISMATCH, matched + unmatched ok, ledger arrears ok" \
          "LOSE_PAYMENT:rows ok, counted payments ok, matched + unmatched MISMATCH, ledger arrears ok" \
          "CORRUPT_LEDGER:rows ok, counted payments ok, matched + unmatched ok, ledger arrears MISMATCH"; do
  hook=${hc%%:*}
  t "self_check_alone_$hook" fails_with 4 "wagerecon: self-check failed: ${hc#*:}" \
    env "WAGERECON_TEST_$hook=1" bash -c "cd '$case_dir' && '$bin' run \$(cat args) --quiet --out '$tmp/out'"
  t "self_check_alone_${hook}_keeps_outputs" diff -r -x .wagerecon "$tmp/before" "$tmp/out"
done
t no_temp_files_left sh -c "! ls -a '$tmp/out' | grep -q tmp"
t all_outputs sh -c "cd '$tmp/out' && ls flags.csv flags.jsonl ledger.csv cases.jsonl summary.json rejects.csv"
t summary_checks_hold sh -c "grep -q '\"rows_identity\":true' '$tmp/out/summary.json' && grep -q '\"payments_ok\":true' '$tmp/out/summary.json' && grep -q '\"arrears_ok\":true' '$tmp/out/summary.json'"
t json_valid python3 -c "import json,sys; [json.loads(l) for l in open('$tmp/out/flags.jsonl')]; [json.loads(l) for l in open('$tmp/out/cases.jsonl')]; json.load(open('$tmp/out/summary.json'))"

# Raw rows reach disk only with --rejects-raw (personal data): the same
# rejected row without and with it.
rj="$root/testdata/cases/rejects_all_reasons"
(cd "$rj" && eval "'$bin' run $(cat "$rj/args") --quiet --out '$tmp/rj0'") >/dev/null 2>&1
(cd "$rj" && eval "'$bin' run $(cat "$rj/args") --quiet --rejects-raw --out '$tmp/rj1'") >/dev/null 2>&1
t rejects_without_raw sh -c "head -1 '$tmp/rj0/rejects.csv' | grep -qx 'file,line,column,reason' && [ \$(awk -F, 'NR>1 && NF!=4' '$tmp/rj0/rejects.csv' | wc -l) = 0 ]"
t rejects_raw_only_when_asked python3 -c "
import csv; a = list(csv.reader(open('$tmp/rj0/rejects.csv'))); b = list(csv.reader(open('$tmp/rj1/rejects.csv')))
assert b[0] == a[0] + ['raw'] and len(a) == len(b) > 1
assert all(len(r) == 5 and r[:4] == q and r[4] for r, q in zip(b[1:], a[1:]))"
t help_says_rejects_raw_only_way sh -c "'$bin' run --help | tr '\n' ' ' | grep -q 'only way raw rows reach disk'"
# --jobs says what it does (D231, D253, D255): the parse, the rules and the outputs on N threads
t help_says_jobs_threads sh -c "'$bin' run --help | tr '\n' ' ' | grep -q 'is parsed on N threads and its rows applied in file order; then the rules, the flags. sorts and the output files are split over N threads'"

# Determinism: same inputs, byte-identical outputs, across runs and --jobs.
run_case --quiet --out "$tmp/j1" --jobs 1 >/dev/null 2>&1
run_case --quiet --out "$tmp/j2" --jobs 2 >/dev/null 2>&1
run_case --quiet --out "$tmp/j4" --jobs 4 >/dev/null 2>&1
t deterministic_jobs sh -c "diff -r -x .wagerecon '$tmp/j1' '$tmp/j2' && diff -r -x .wagerecon '$tmp/j1' '$tmp/j4' && diff -r -x .wagerecon '$tmp/j1' '$tmp/out'"

# Human-facing output never shows a full 18-character ID.
run_case --out "$tmp/h" >"$tmp/human.txt" 2>&1
t human_summary grep -q '欠薪' "$tmp/human.txt"
t no_full_ids_on_terminal sh -c "! grep -Eq '[0-9]{17}[0-9X]' '$tmp/human.txt'"

# SIGTERM with every output written to its temporary name, none renamed:
# no temporary files stay, and the previous outputs are untouched.
rm -rf "$tmp/sig"; cp -r "$tmp/before" "$tmp/sig"
t sigterm_exit_is_signal exit_is 143 env WAGERECON_TEST_SIGTERM_BEFORE_COMMIT=1 bash -c "cd '$case_dir' && exec '$bin' run \$(cat args) --quiet --out '$tmp/sig'"
t sigterm_leaves_no_partial_files sh -c "! ls -a '$tmp/sig' | grep -q tmp"
t sigterm_keeps_previous_outputs diff -r -x .wagerecon "$tmp/before" "$tmp/sig"

t_done cli
