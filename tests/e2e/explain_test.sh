#!/usr/bin/env bash
# `wagerecon explain`: hand-computed expected text per status
# (testdata/explain/*), key values of --json, agreement with `run` for
# every flag of every end-to-end case (with and without --flags), no full
# ID or card number in the text, and the errors (unknown or malformed id).
# Prints "ok explain NAME" / "FAIL explain NAME". Usage: explain_test.sh BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init explain
log_lines=20 # the logs are diffs
n_explain=$(ls -d "$root"/testdata/explain/*/ | wc -l)
t_plan $((2 * n_explain + 19)) # text and json per hand-computed case, 4 Chinese texts, 15 more

# Every ID and card number of a case's inputs (columns named *_id of 18
# characters, payee_card), normalised as RULES 3 does for IDs.
personal_numbers() {
  python3 - "$1" <<'PY'
import csv, glob, sys, unicodedata
seen = set()
for path in glob.glob(sys.argv[1] + "/*.csv"):
    try:
        rows = list(csv.DictReader(open(path, encoding="utf-8-sig")))
    except (UnicodeDecodeError, csv.Error):
        continue
    for r in rows:
        for k in ("worker_id", "payee_id", "payee_card"):
            v = unicodedata.normalize("NFKC", r.get(k) or "").replace(" ", "").upper()
            if len(v) >= 10:
                seen.add(v)
for v in sorted(seen):
    print(v)
PY
}

# ---- hand-computed cases ----
for dir in "$root"/testdata/explain/*/; do
  name=$(basename "$dir")
  inputs=$(cd "$dir" && cd "$(cat inputs)" && pwd)
  id=$(cat "$dir/flag_id")
  args=$(cat "$inputs/args")
  (cd "$inputs" && eval "\"$bin\" explain $id $args --lang en") >"$tmp/out.txt" 2>"$tmp/err.txt"
  rc=$?
  if [ "$rc" = 0 ] && diff -u "$dir/expected.txt" "$tmp/out.txt" >"$tmp/diff" 2>&1; then t_pass "text_$name";
  else t_fail "text_$name" "exit $rc $(cat "$tmp/err.txt")
$(cat "$tmp/diff")"; fi
  if [ -f "$dir/expected.zh.txt" ]; then # Chinese, the default (DECISIONS D162)
    (cd "$inputs" && eval "\"$bin\" explain $id $args") >"$tmp/out.txt" 2>"$tmp/err.txt"
    rc=$?
    if [ "$rc" = 0 ] && diff -u "$dir/expected.zh.txt" "$tmp/out.txt" >"$tmp/diff" 2>&1; then t_pass "text_zh_$name";
    else t_fail "text_zh_$name" "exit $rc $(cat "$tmp/err.txt")
$(cat "$tmp/diff")"; fi
  fi
  (cd "$inputs" && eval "\"$bin\" explain $id $args --json") >"$tmp/out.json" 2>&1
  if out=$(python3 - "$tmp/out.json" "$dir/expected_json" <<'PY'
import json, sys
x = json.loads(open(sys.argv[1], encoding="utf-8").read())
for line in open(sys.argv[2], encoding="utf-8"):
    path, want = line.rstrip("\n").split("\t")
    v = x
    for part in path.split("."):
        v = v[int(part)] if isinstance(v, list) else v[part]
    got = json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v
    if got != want:
        sys.exit(f"{path}: got {got!r}, want {want!r}")
PY
  ); then t_pass "json_$name"; else t_fail "json_$name" "$out"; fi
done

# ---- every flag of every e2e case: explain agrees with run ----
n_flags=0 problems=""
for dir in "$root"/testdata/cases/*/; do
  name=$(basename "$dir")
  [ -f "$dir/args" ] || continue
  grep -qx 2 "$dir/expected/exit" && continue
  (cd "$dir" && eval "\"$bin\" run $(cat args) --quiet --out \"$tmp/run_$name\"") >/dev/null 2>&1
  personal_numbers "$dir" >"$tmp/personal"
  while IFS=, read -r id kind _; do
    n_flags=$((n_flags+1))
    (cd "$dir" && eval "\"$bin\" explain $id $(cat args) --flags \"$tmp/run_$name/flags.csv\"") >"$tmp/a.txt" 2>&1 ||
      problems="$problems\n$name $kind $id: exit $? $(head -c 200 "$tmp/a.txt")"
    (cd "$dir" && eval "\"$bin\" explain $id $(cat args)") >"$tmp/b.txt" 2>&1
    cmp -s "$tmp/a.txt" "$tmp/b.txt" || problems="$problems\n$name $kind $id: --flags and full evaluation differ"
    if [ -s "$tmp/personal" ] && grep -qF -f "$tmp/personal" "$tmp/a.txt"; then
      problems="$problems\n$name $kind $id: a full ID or card number in the text"
    fi
    (cd "$dir" && eval "\"$bin\" explain $id $(cat args) --json --flags \"$tmp/run_$name/flags.csv\"") >"$tmp/a.json" 2>&1
    out=$(python3 "$root/tests/e2e/explain_check.py" "$tmp/run_$name/flags.csv" "$id" "$tmp/a.json" 2>&1) ||
      problems="$problems\n$name $kind $id: $out"
  done < <(tail -n +2 "$tmp/run_$name/flags.csv")
done
if [ -z "$problems" ] && [ "$n_flags" -gt 50 ]; then t_pass "agrees_with_run ($n_flags flags, every kind)";
else t_fail "agrees_with_run ($n_flags flags)" "$(echo -e "$problems")"; fi

# ---- payments read through a format descriptor (bank layout, GB18030):
# the focus compares the decoded fields, so every flag of the sample run
# is explained with the run's numbers ----
sample="$root/testdata/sample"
python3 "$root/testdata/formats/bank_from_canonical.py" "$sample/payments.csv" >"$tmp/bank.txt"
sargs=$(cat "$sample/args")
bank_args=${sargs/--payments payments.csv/--payments $tmp/bank.txt --payments-format $root/formats/bank_pipe_gb18030.fmt}
(cd "$sample" && "$bin" run $sargs --quiet --out "$tmp/sample") >/dev/null 2>&1
n_flags=0 problems=""
while IFS=, read -r id kind _; do
  n_flags=$((n_flags+1))
  (cd "$sample" && "$bin" explain $id $bank_args --json --flags "$tmp/sample/flags.csv") >"$tmp/s.json" 2>&1
  out=$(python3 "$root/tests/e2e/explain_check.py" "$tmp/sample/flags.csv" "$id" "$tmp/s.json" 2>&1) ||
    problems="$problems\n$kind $id: $out"
done < <(tail -n +2 "$tmp/sample/flags.csv")
if [ -z "$problems" ] && [ "$n_flags" -gt 50 ]; then t_pass "bank_format_agrees_with_run ($n_flags flags)";
else t_fail "bank_format_agrees_with_run ($n_flags flags)" "$(echo -e "$problems")"; fi

# ---- JSON is machine output: full IDs there (DECISIONS D42), cards last 4 ----
c="$root/testdata/cases/b_missing"
(cd "$c" && "$bin" explain 721915840b815d6e $(cat args) --json) >"$tmp/m.json" 2>&1
if grep -q '"id":"34222119900817099X"' "$tmp/m.json" && ! grep -q '6222' "$tmp/m.json"; then t_pass json_full_id_cards_masked;
else t_fail json_full_id_cards_masked "$(head -c 400 "$tmp/m.json")"; fi
(cd "$c" && "$bin" explain 721915840b815d6e $(cat args) --lang en) >"$tmp/m.txt" 2>&1
if grep -q '342221\*\*\*\*\*\*\*\*099X' "$tmp/m.txt" && ! grep -q 34222119900817099X "$tmp/m.txt"; then t_pass text_masks_full_width_id;
else t_fail text_masks_full_width_id "$(head -20 "$tmp/m.txt")"; fi

# ---- languages (DECISIONS D162): Chinese by default, as report.html;
# every name and phrase has its Chinese; JSON the same in every language ----
if out=$(python3 "$root/tests/e2e/explain_words.py" "$root" 2>&1); then t_pass "zh_words_cover_every_phrase ($out)";
else t_fail zh_words_cover_every_phrase "$out"; fi
(cd "$c" && "$bin" explain 721915840b815d6e $(cat args) --lang zh) >"$tmp/zh.txt" 2>&1
(cd "$c" && "$bin" explain 721915840b815d6e $(cat args)) >"$tmp/default.txt" 2>&1
if grep -q '^类型: MISSING（未发工资）$' "$tmp/zh.txt" && cmp -s "$tmp/zh.txt" "$tmp/default.txt"; then t_pass zh_is_the_default;
else t_fail zh_is_the_default "$(head -5 "$tmp/default.txt")"; fi
(cd "$c" && "$bin" explain 721915840b815d6e $(cat args) --json --lang zh) >"$tmp/zh.json" 2>&1
(cd "$c" && "$bin" explain 721915840b815d6e $(cat args) --json --lang en) >"$tmp/en.json" 2>&1
if cmp -s "$tmp/zh.json" "$tmp/en.json" && grep -q '"why":"paid = 0.00 (RULES 5.1 step 1)"' "$tmp/en.json"; then t_pass json_same_in_every_language;
else t_fail json_same_in_every_language "$(head -c 300 "$tmp/zh.json")"; fi
ex_lang() { (cd "$c" && "$bin" explain 721915840b815d6e $(cat args) --lang "$@"); }
t lang_other_refused fails_with 2 "--lang wants zh or en, got fr" ex_lang fr

# ---- errors ----
ex() { (cd "$c" && "$bin" explain "$@" $(cat args)); }
ex 0123456789abcdef >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ "$rc" = 2 ] && [ ! -s "$tmp/o" ] && grep -q 'no flag 0123456789abcdef in a run of these inputs' "$tmp/e"; then t_pass unknown_id;
else t_fail unknown_id "exit $rc: $(cat "$tmp/e")"; fi
(cd "$c" && "$bin" run $(cat args) --quiet --out "$tmp/bm") >/dev/null 2>&1
ex 0123456789abcdef --flags "$tmp/bm/flags.csv" >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ "$rc" = 2 ] && [ ! -s "$tmp/o" ] && grep -q 'no flag 0123456789abcdef in flags.csv' "$tmp/e"; then t_pass unknown_id_in_flags_csv;
else t_fail unknown_id_in_flags_csv "exit $rc: $(cat "$tmp/e")"; fi
ex 12345 >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ "$rc" = 2 ] && grep -q 'want 16 lower-case hex digits' "$tmp/e"; then t_pass malformed_id;
else t_fail malformed_id "exit $rc: $(cat "$tmp/e")"; fi
# A flags.csv of another run: its flag is not raised by these inputs.
other=$(sed -n 2p "$tmp/run_b_underpaid/flags.csv" | cut -d, -f1)
ex "$other" --flags "$tmp/run_b_underpaid/flags.csv" >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ "$rc" = 2 ] && grep -q 'is not raised by these inputs' "$tmp/e"; then t_pass flags_csv_of_other_inputs;
else t_fail flags_csv_of_other_inputs "exit $rc: $(cat "$tmp/e")"; fi
# An edited flags.csv row (worker changed) does not give its id.
sed '/^721915840b815d6e,/s/,34222119900817099X,/,411323198805120312,/' "$tmp/bm/flags.csv" >"$tmp/edited.csv"
ex 721915840b815d6e --flags "$tmp/edited.csv" >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ "$rc" = 2 ] && grep -q 'does not give that id' "$tmp/e"; then t_pass edited_flags_csv;
else t_fail edited_flags_csv "exit $rc: $(cat "$tmp/e")"; fi
"$bin" explain >"$tmp/o" 2>"$tmp/e"; rc=$?
if [ "$rc" = 2 ] && grep -q 'missing FLAG_ID' "$tmp/e"; then t_pass missing_id; else t_fail missing_id "exit $rc: $(cat "$tmp/e")"; fi
if "$bin" explain --help | grep -q 'usage: wagerecon explain FLAG_ID'; then t_pass help; else t_fail help; fi

t_done explain
