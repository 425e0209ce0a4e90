#!/usr/bin/env bash
# Issue 15, the inspector's trust: bad data never quietly changes the
# result (DECISIONS D80-D84). Input sanity before arithmetic: files that
# are not UTF-8 CSV, early --as-of, repeated options, rejects and status
# words on the terminal, --strict. Expected values are the cases' own
# hand-computed files or counted here from the inputs.
# Usage: trust_test.sh BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init trust
t_plan 64
cases=$root/testdata/cases

# A copy of case $1 in $tmp/$2, to change an input of.
copy_case() { rm -rf "$tmp/$2"; cp -r "$cases/$1" "$tmp/$2"; }
# Runs wagerecon run in folder $1 with its args and more; stdout and stderr
# to $t_out/$t_err through fails_with, or here to $tmp/run.out/err.
run_in() { local d=$1; shift; (cd "$d" && eval "\"$bin\" run $(cat args) $*"); }
nothing_written() { [ ! -e "$1" ] || { echo "wrote $1: $(ls "$1")"; return 1; }; }

# --- D80: a canonical input must be UTF-8 CSV ----------------------------
# The issue's case: a bank file in GBK given without its descriptor.
copy_case b_underpaid gbk
iconv -f UTF-8 -t GBK "$cases/b_underpaid/payments.csv" >"$tmp/gbk/payments.csv"
t gbk_refused fails_with 2 "payments.csv: line 2: not UTF-8; looks like GBK: give a descriptor (--payments-format" \
  run_in "$tmp/gbk" --out "$tmp/gbk_out"
t gbk_writes_nothing nothing_written "$tmp/gbk_out"
# The same for contracts (the option named is the input's own).
copy_case b_underpaid gbk_c
iconv -f UTF-8 -t GBK "$cases/b_underpaid/contracts.csv" >"$tmp/gbk_c/contracts.csv"
t gbk_contracts_names_its_option fails_with 2 "looks like GBK: give a descriptor (--contracts-format" \
  run_in "$tmp/gbk_c" --out "$tmp/gbk_c_out"
# An Excel workbook (.xlsx: a zip holding xl/), an old one (.xls: OLE2
# magic D0 CF 11 E0 A1 B1 1A E1) and a plain zip, each as --payments.
copy_case b_underpaid xl
python3 - "$tmp/xl" <<'PY'
import sys, zipfile
d = sys.argv[1]
with zipfile.ZipFile(d + "/book.xlsx", "w") as z:
    z.writestr("[Content_Types].xml", "<Types/>")
    z.writestr("xl/workbook.xml", "<workbook/>")
with zipfile.ZipFile(d + "/files.zip", "w") as z:
    z.writestr("payments.csv", open(d + "/payments.csv").read())
open(d + "/book.xls", "wb").write(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
PY
sed 's/payments.csv/book.xlsx/' "$tmp/xl/args" >"$tmp/xl/args.x" && cp "$tmp/xl/args.x" "$tmp/xl/args"
t xlsx_refused fails_with 2 "book.xlsx: not CSV: looks like an Excel workbook (.xlsx): give a descriptor (--payments-format" \
  run_in "$tmp/xl" --out "$tmp/xl_out"
t xlsx_writes_nothing nothing_written "$tmp/xl_out"
sed -i 's/book.xlsx/book.xls/' "$tmp/xl/args"
t xls_refused fails_with 2 "book.xls: not CSV: looks like an Excel workbook (.xls): give a descriptor" \
  run_in "$tmp/xl" --out "$tmp/xl_out"
sed -i 's/book.xls/files.zip/' "$tmp/xl/args"
t zip_refused fails_with 2 "files.zip: not CSV: looks like a zip archive: give a descriptor" \
  run_in "$tmp/xl" --out "$tmp/xl_out"
# Past the first bytes (256 KiB read at once), a row that is not UTF-8 is
# rejected on its own (BAD_ENCODING, its column): b_project_scope's
# payments padded with 3000 rows paid into P002's account (out of scope,
# --project P001 P003) and one more such row with a GBK payee name at the
# end. Flags stay the case's expected ones; the one reject is that row.
copy_case b_project_scope enc
python3 - "$tmp/enc/payments.csv" <<'PY'
import sys
p = sys.argv[1]
with open(p, "ab") as f:
    for i in range(3000):
        f.write(("31050161393600000132,PAD%05d,310110199508080569,萧红,6222023100000000569,"
                 "100.00,2026-11-09,2026-10,SUCCESS\n" % i).encode())
    f.write("31050161393600000132,PADBAD,310110199508080569,".encode() + "萧红".encode("gbk") +
            ",6222023100000000569,100.00,2026-11-09,2026-10,SUCCESS\n".encode())
PY
bad_line=$(wc -l <"$tmp/enc/payments.csv")
run_in "$tmp/enc" --out "$tmp/enc_out" >"$tmp/enc.out" 2>&1
t late_bad_row_flags_unchanged diff "$cases/b_project_scope/expected/flags.csv" "$tmp/enc_out/flags.csv"
t late_bad_row_rejected diff <(printf 'file,line,column,reason\npayments.csv,%s,payee_name,BAD_ENCODING\n' "$bad_line") "$tmp/enc_out/rejects.csv"
t late_bad_row_on_terminal grep -qF "rejected: BAD_ENCODING 1 (rejects.csv)" "$tmp/enc.out"

# --- D84: rejects by reason and status words on the terminal ------------
# rejects_all_reasons: the reasons of each file counted from the case's
# hand-written expected/rejects.csv, each shown on the terminal.
rj=$cases/rejects_all_reasons
run_in "$rj" --out "$tmp/rj_out" >"$tmp/rj.out" 2>&1
want=$(awk -F, 'NR > 1 { n[$1] = n[$1]; c[$1 "," $4]++ } END { for (k in c) print k "," c[k] }' "$rj/expected/rejects.csv" | sort)
problems=""
while IFS=, read -r file reason count; do
  line=$(grep -A1 -F " $file " "$tmp/rj.out" | grep "rejected:")
  echo "$line" | grep -qE "[: ,]$reason $count[ ,]" || problems="$problems $file:$reason:$count"
done <<<"$want"
verdict rejects_by_reason_on_terminal "$problems" "$(cat "$tmp/rj.out")"
# The issue's five BAD_DATE payment rows: b_underpaid's payments with
# paid_at 2026-11-31 in five padded rows of its account (each rejected,
# each a payment that no longer counts: visible, not quiet).
copy_case b_underpaid bd
acct=$(awk -F, 'NR == 2 { print $1 }' "$tmp/bd/payments.csv")
for i in 1 2 3 4 5; do echo "$acct,BD$i,110101199001011234,某人,6222000000001234,100.00,2026-11-31,2026-10,SUCCESS"; done >>"$tmp/bd/payments.csv"
run_in "$tmp/bd" --out "$tmp/bd_out" >"$tmp/bd.out" 2>&1
t bad_dates_on_terminal sh -c "grep -A1 ' payments.csv ' '$tmp/bd.out' | grep -qF 'rejected: BAD_DATE 5 (rejects.csv)'"
# A status word other than SUCCESS: b_underpaid plus two rows `success`
# (lower case: not SUCCESS, RULES 4.5) of 600.00 and 400.50 yuan.
copy_case b_underpaid lc
echo "$acct,LC1,110101199001011234,某人,6222000000001234,600.00,2026-11-09,2026-10,success" >>"$tmp/lc/payments.csv"
echo "$acct,LC2,110101199001011234,某人,6222000000001234,400.50,2026-11-09,2026-10,success" >>"$tmp/lc/payments.csv"
run_in "$tmp/lc" --out "$tmp/lc_out" >"$tmp/lc.out" 2>&1
t status_word_on_terminal grep -qxF 'payments: 2 rows with status `success`, 1,000.50 yuan, not counted as paid (only SUCCESS is)' "$tmp/lc.out"
t success_not_listed sh -c "! grep -q 'status .SUCCESS.' '$tmp/lc.out'"

# --- D81 --strict ---------------------------------------------------------
t strict_rejects fails_with 2 "--strict: " run_in "$rj" --strict --out "$tmp/s1"
t strict_rejects_names_first grep -qF "rows rejected (first: projects.csv line 5 column employer_id MISSING_VALUE" "$t_err"
t strict_rejects_writes_nothing nothing_written "$tmp/s1"
t strict_status_word fails_with 2 '--strict: 2 payment rows with status `success` (1,000.50 yuan)' run_in "$tmp/lc" --strict --out "$tmp/s2"
t strict_status_writes_nothing nothing_written "$tmp/s2"
t strict_bad_encoding fails_with 2 "--strict: 1 rows rejected" run_in "$tmp/enc" --strict --out "$tmp/s3"
# b_underpaid is clean (no reject, SUCCESS only): --strict changes nothing.
run_in "$cases/b_underpaid" --quiet --out "$tmp/s4a" >/dev/null 2>&1
t strict_clean_run exit_is 3 run_in "$cases/b_underpaid" --quiet --strict --out "$tmp/s4"
# run.json records the option (D160): it alone differs, in "strict" alone.
t strict_clean_same_outputs diff -r -x .wagerecon -x run.json "$tmp/s4a" "$tmp/s4"
t strict_recorded_in_run_json sh -c "diff '$tmp/s4a/run.json' '$tmp/s4/run.json' | grep '^[<>]' | sed 's/\"strict\":true/\"strict\":false/' | cut -c3- | uniq | wc -l | grep -qx 1"

# --- D83 early --as-of, D82 repeated options ------------------------------
bu=$cases/b_underpaid
base=(--projects projects.csv --holidays holidays.csv --contracts contracts.csv --attendance attendance.csv
      --attendance punches.csv --payments payments.csv --period 2026-10 --quiet)
in_bu() { (cd "$bu" && "$bin" "$@"); }
t early_as_of fails_with 2 "--as-of 2026-10-30 is before the last period ends (2026-10-31)" \
  in_bu run "${base[@]}" --as-of 2026-10-30 --out "$tmp/e1"
t early_as_of_writes_nothing nothing_written "$tmp/e1"
# The issue's: --as-of 2026-09-01 with --period 2026-10 (exit 3 before).
t early_as_of_issue fails_with 2 "--as-of 2026-09-01 is before the last period ends (2026-10-31)" \
  in_bu run "${base[@]}" --as-of 2026-09-01 --out "$tmp/e1"
t early_as_of_partition fails_with 2 "before the last period ends" in_bu partition "${base[@]}" --parts 2 --as-of 2026-10-30 --out "$tmp/e1"
t early_as_of_explain fails_with 2 "before the last period ends" in_bu explain 0123456789abcdef "${base[@]}" --as-of 2026-10-30
t as_of_period_end in_bu run "${base[@]}" --as-of 2026-10-31 --out "$tmp/e2"
t early_as_of_allowed in_bu run "${base[@]}" --as-of 2026-10-30 --allow-early-as-of --out "$tmp/e3"
for opt in "--as-of 2026-11-20" "--period 2026-10" "--tolerance 1.00" "--projects projects.csv" \
           "--contracts contracts.csv" "--out $tmp/e4" "--lang en" "--jobs 2"; do
  name=${opt%% *}
  t "repeated_${name#--}" fails_with 2 "$name given twice (it takes one value)" \
    in_bu run "${base[@]}" --as-of 2026-11-20 --out "$tmp/e4" $opt $opt
done
t repeated_writes_nothing nothing_written "$tmp/e4"
# D261: the rest of run's single-valued options, and every other command's.
for opt in "--min-wage min_wage.csv" "--holidays holidays.csv" "--from 2026-10" "--to 2026-10" \
           "--large-payment 1.00" "--warn-days 1" "--store $tmp/e6.db"; do
  name=${opt%% *}
  t "repeated_${name#--}" fails_with 2 "$name given twice (it takes one value)" \
    in_bu run "${base[@]}" --as-of 2026-11-20 --out "$tmp/e6" $opt $opt
done
t repeated_partition_parts fails_with 2 "--parts given twice (it takes one value)" \
  in_bu partition "${base[@]}" --as-of 2026-11-20 --out "$tmp/e7" --parts 2 --parts 3
t repeated_merge_out fails_with 2 "--out given twice (it takes one value)" \
  "$bin" merge --out "$tmp/e8" --out "$tmp/e9" "$tmp/e7"
t repeated_cases_since fails_with 2 "--since given twice (it takes one value)" \
  "$bin" cases changes --store "$tmp/e10.db" --since 2026-11-01 --since 2026-12-01
t repeated_formats_rows fails_with 2 "--rows given twice (it takes one value)" \
  "$bin" formats check --rows 1 --rows 2 "$root/formats/bank_pipe_gb18030.fmt" "$root/testdata/formats/bank_pipe.txt"
t repeated_more_writes_nothing sh -c "! ls -d '$tmp'/e6* '$tmp'/e7 '$tmp'/e8 '$tmp'/e9 '$tmp'/e10.db 2>/dev/null | grep ."
t repeated_files_still_fine exit_is 3 in_bu run "${base[@]}" --payments payments.csv --as-of 2026-11-20 --out "$tmp/e5"

# --- A complete clone (issue 15 item 6) -----------------------------------
# Nothing the repository holds points outside it (../shared was the spec's
# place beside the project, not in it).
outside=$(cd "$root" && git ls-files 2>/dev/null | grep -v '^tests/e2e/trust_test.sh$' | tr '\n' '\0' | xargs -0 grep -l '\.\./shared' 2>/dev/null)
verdict no_reference_outside "$([ -z "$outside" ] || echo "../shared in: $outside")"
# docs/RULES.md: the rules v2 as implemented, every flag kind of RULES v2
# sections 5.1-5.3 (written out here), every decision it cites recorded.
rules=$root/docs/RULES.md
problems=""
for k in MISSING UNDERPAID LATE OVERPAID NO_CONTRACT NO_ATTENDANCE UNKNOWN_PAYEE NAME_MISMATCH \
         RATE_BELOW_MINIMUM INVALID_ID CONTRACT_OVERLAP DUPLICATE_TXN UNKNOWN_ACCOUNT \
         ALLOCATION_SHORT UNPAID_HEADCOUNT SHARED_CARD LARGE_PAYMENT LIST_THRESHOLD DUE_SOON; do
  grep -q "| $k " "$rules" 2>/dev/null || problems="$problems $k"
done
for d in $(grep -o 'D[0-9]\+' "$rules" 2>/dev/null | sort -u); do
  grep -q "^- \*\*$d " "$root/docs/DECISIONS.md" || problems="$problems $d-not-in-DECISIONS"
done
[ -s "$rules" ] || problems="no docs/RULES.md"
verdict rules_md_covers_v2 "$problems"
t readme_points_to_rules grep -q 'docs/RULES.md' "$root/README.md"
t readme_bigger_data sh -c "grep -q 'make build/gen' '$root/README.md' && grep -q 'build/gen --workers' '$root/README.md'"
# make demo installs only what the demo needs; make test the rest.
demo_pkgs=$(make -s -n -C "$root" demo 2>/dev/null | grep -o 'for p in [^;]*')
test_pkgs=$(make -s -n -C "$root" deps 2>/dev/null | grep -o 'for p in [^;]*')
problems=""
for p in chromium valgrind python3-jsonschema fonts-wqy-microhei; do
  echo "$demo_pkgs" | grep -qw -- "$p" && problems="$problems demo-installs-$p"
  echo "$test_pkgs" | grep -qw -- "$p" || problems="$problems test-lacks-$p"
done
for p in libzstd-dev libxxhash-dev libcsv-dev libjemalloc-dev; do
  echo "$demo_pkgs" | grep -qw -- "$p" || problems="$problems demo-lacks-$p"
done
verdict demo_installs_only_its_needs "$problems" "$demo_pkgs"

# --- D163: outputs for Excel (issue 15.5) --------------------------------
# The default bytes stay what case intake parses; --csv-bom adds only the
# BOM; --excel also writes the ID columns as ="..." text. Read back with
# Python's csv and utf-8-sig, against the default run's cells.
xl_case=$cases/b_missing
for mode in plain csv-bom excel; do
  flag=""; [ $mode = plain ] || flag=--$mode
  (cd "$xl_case" && eval "\"$bin\" run $(cat args) $flag --quiet --out \"$tmp/xl_$mode\"") >/dev/null 2>&1
done
bom_first() { [ "$(head -c 3 "$1" | od -An -tx1 | tr -d ' ')" = efbbbf ]; }
problems=""
for f in flags.csv ledger.csv rejects.csv; do
  bom_first "$tmp/xl_plain/$f" && problems="$problems plain-$f-has-a-BOM"
  bom_first "$tmp/xl_csv-bom/$f" || problems="$problems $f-no-BOM"
  tail -c +4 "$tmp/xl_csv-bom/$f" | cmp -s - "$tmp/xl_plain/$f" || problems="$problems $f-more-than-the-BOM"
done
verdict csv_bom_only_adds_the_bom "$problems"
t csv_bom_read_back_utf8_sig python3 -c '
import csv, sys
a, b = sys.argv[1], sys.argv[2]
for f in ("flags.csv", "ledger.csv", "rejects.csv"):
    got = list(csv.reader(open(b + "/" + f, encoding="utf-8-sig", newline="")))
    want = list(csv.reader(open(a + "/" + f, encoding="utf-8", newline="")))
    assert got == want, (f, got[:2], want[:2])
    assert got[0][0] in ("flag_id", "project_id", "file"), got[0][0]
# the hand-computed case: 李强 (ID 34222119900817099X) MISSING 600.00
rows = list(csv.DictReader(open(b + "/flags.csv", encoding="utf-8-sig", newline="")))
r = [r for r in rows if r["kind"] == "MISSING" and r["worker_name"] == "李强"][0]
assert r["worker_id"] == "34222119900817099X" and r["shortfall"] == "600.00", r' "$tmp/xl_plain" "$tmp/xl_csv-bom"
t excel_ids_as_text python3 -c '
import csv, sys
a, b = sys.argv[1], sys.argv[2]
ids = {"flags.csv": {"flag_id", "project_id", "employer_id", "worker_id", "period"},
       "ledger.csv": {"project_id", "employer_id", "period"}, "rejects.csv": set()}
for f, cols in ids.items():
    got = list(csv.DictReader(open(b + "/" + f, encoding="utf-8-sig", newline="")))
    want = list(csv.DictReader(open(a + "/" + f, encoding="utf-8", newline="")))
    assert len(got) == len(want) and (f != "flags.csv" or len(got) > 1), f
    for g, w in zip(got, want):
        for k in w:
            if k in cols and w[k]:
                assert g[k] == "=\"" + w[k] + "\"", (f, k, g[k], w[k])
            else:
                assert g[k] == w[k], (f, k, g[k], w[k])
r = [r for r in csv.DictReader(open(b + "/flags.csv", encoding="utf-8-sig", newline="")) if r["worker_name"] == "李强"][0]
assert r["worker_id"] == "=\"34222119900817099X\"" and r["period"] == "=\"2026-10\"", r' "$tmp/xl_plain" "$tmp/xl_excel"
problems=""
for f in flags.jsonl cases.jsonl summary.json; do
  cmp -s "$tmp/xl_plain/$f" "$tmp/xl_excel/$f" || problems="$problems $f"
done
verdict excel_json_outputs_unchanged "$problems"
(cd "$xl_case" && "$bin" explain 721915840b815d6e $(cat args) --flags "$tmp/xl_plain/flags.csv" --lang en) >"$tmp/xl_a" 2>&1
(cd "$xl_case" && "$bin" explain 721915840b815d6e $(cat args) --flags "$tmp/xl_excel/flags.csv" --lang en) >"$tmp/xl_b" 2>&1
t explain_reads_an_excel_flags_csv sh -c "grep -q 'kind: MISSING' '$tmp/xl_a' && cmp '$tmp/xl_a' '$tmp/xl_b'"
t excel_not_for_a_part fails_with 2 "not for a part's run" run_in "$xl_case" --excel --report-rows --out "$tmp/xl_part"
t partition_takes_no_excel fails_with 2 "unknown option --excel" \
  sh -c "cd '$xl_case' && '$bin' partition --parts 2 $(cat "$xl_case/args") --excel --out '$tmp/xl_parts'"

t_done trust
