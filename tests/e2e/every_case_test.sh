#!/usr/bin/env bash
# Every end-to-end case (testdata/cases), run again for what every run
# promises (issue 6): summary.json's identities hold and agree with the
# files a person reads and with the case's own inputs, no full ID or card
# number reaches the terminal, report.html or rejects.csv
# (tests/e2e/check_outputs.py), and the outputs are byte-identical across
# runs and --jobs 1/2/4. Then proves the checker can fail, on hand-corrupted
# copies of one output set. Prints "ok"/"FAIL" per check. Usage: BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init "" # the names say what each line checks: "outputs", "deterministic", "checker"
check="$root/tests/e2e/check_outputs.py"
t_plan $((2 * ($(n_cases) - $(n_cases 2)) + 8)) # two per case that writes outputs (not exit 2), the checker's eight
run() { # case dir, out dir, extra args
  local dir=$1 out=$2; shift 2
  (cd "$dir" && eval "\"$bin\" run $(cat args) --out \"$out\" $*") >"$out.stdout" 2>"$out.stderr"
}
for dir in "$root"/testdata/cases/*/; do
  [ -f "$dir/args" ] || continue
  [ "$(cat "$dir/expected/exit")" = 2 ] && continue # a usage error writes nothing
  name=$(basename "$dir")
  run "$dir" "$tmp/$name"
  t "outputs $name (identities, personal data)" \
    python3 "$check" "$dir" "$tmp/$name" "$tmp/$name.stdout" "$tmp/$name.stderr"
  p=""
  for j in 1 2 4; do
    run "$dir" "$tmp/$name.j$j" --quiet --jobs $j
    diff -r -x .wagerecon "$tmp/$name" "$tmp/$name.j$j" >/dev/null || p="$p --jobs $j differs;"
  done
  verdict "deterministic $name (runs, --jobs 1/2/4)" "$p"
done

# The checker can fail: corrupt one copy at a time of a valid output set.
good="$tmp/b_no_attendance_unknown_payee"
case_dir="$root/testdata/cases/b_no_attendance_unknown_payee"
verdict "checker fixture" "$(grep -q UNKNOWN_PAYEE "$good/flags.csv" || echo "no UNKNOWN_PAYEE flag in $good")"
id=$(sed -n 2p "$case_dir/payments.csv" | cut -d, -f3) # a payee_id
corrupt() { # name, then a command run inside the copy; the checker must fail
  local name=$1; shift
  rm -rf "$tmp/bad"; cp -r "$good" "$tmp/bad"; cp "$good.stdout" "$tmp/bad.stdout"
  (cd "$tmp/bad" && "$@")
  if python3 "$check" "$case_dir" "$tmp/bad" "$tmp/bad.stdout" >/dev/null 2>&1; then
    verdict "checker catches $name" "a corrupted output set passed"
  else verdict "checker catches $name" ""; fi
}
corrupt rows_identity sed -i 's/"used":\([0-9]*\)/"used":1\1/' summary.json
corrupt unmatched_amount python3 -c "
import json; s = json.load(open('summary.json')); c = s['counted_payments']
c['unmatched']['amount'] = '0.00'; c['matched']['amount'] = c['amount']
json.dump(s, open('summary.json', 'w'))"
corrupt counted_vs_inputs python3 -c "
import json; s = json.load(open('summary.json')); c = s['counted_payments']
c['rows'] += 1; c['matched']['rows'] += 1
json.dump(s, open('summary.json', 'w'))"
corrupt ledger_arrears sed -i '2s/,\([0-9]*\)\.\([0-9][0-9]\),\([0-9]*\),\([0-9]*\)$/,1\1.\2,\3,\4/' ledger.csv
corrupt full_id_on_terminal sh -c "echo 'worker $id' >> ../bad.stdout"
corrupt full_id_in_report_html sh -c "echo '<td>$id</td>' > report.html"
corrupt raw_rows_in_rejects sh -c "echo 'payments.csv,9,amount,BAD_MONEY,$id' >> rejects.csv"

t_done "every case"
