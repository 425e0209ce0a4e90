#!/usr/bin/env bash
# Format descriptors (formats/, issue 4): each shipped descriptor decodes
# its sample to the hand-written canonical CSV; a run on a bank-layout
# re-encoding of testdata/sample's payments gives the same flags and
# ledger as the run on the CSV; bad input (trailer mismatch, truncated
# file, invalid GBK/GB18030 bytes, unknown status word) and descriptor
# errors give the documented exit code and message or reject.
# Prints "ok formats NAME" / "FAIL formats NAME". Usage: formats_test.sh BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init formats
t_plan 83
fd="$root/testdata/formats"
fmt="$root/formats"
gbk() { iconv -f UTF-8 -t GBK; }
gb18030() { iconv -f UTF-8 -t GB18030; }

# ---- shipped descriptors: sample -> exactly the expected canonical CSV ----
# The device's descriptor takes its site's project (DECISIONS D47).
device_project="--format-value project=PJ00001"
for pair in bank_pipe_gb18030:bank_pipe.txt bank_fixed_gbk:bank_fixed.txt \
            attendance_device_gbk:attendance_device.csv roster_contracts_gb18030:roster_contracts.csv; do
  d=${pair%%:*} s=${pair##*:} v=""
  [ "$d" = attendance_device_gbk ] && v=$device_project
  t "sample_$d" sh -c "'$bin' formats convert '$fmt/$d.fmt' '$fd/$s' $v >'$tmp/$d.csv' && cmp '$tmp/$d.csv' '$fd/${s%.*}.expected.csv'"
done
zstd -q -c "$fd/bank_fixed.txt" >"$tmp/bank_fixed.txt.zst"
t sample_zstd sh -c "'$bin' formats convert '$fmt/bank_fixed_gbk.fmt' '$tmp/bank_fixed.txt.zst' | cmp - '$fd/bank_fixed.expected.csv'"
t check_masks_ids sh -c "'$bin' formats check '$fmt/bank_pipe_gb18030.fmt' '$fd/bank_pipe.txt' >'$tmp/check' &&
  grep -q '^3105016160000100003,HX001,510821\*\*\*\*\*\*\*\*3790,孟祥红,\*\*\*\*9791,8799.00' '$tmp/check' &&
  ! grep -Eq '510821197405213790|6214830906697569791|45082120030911943x' '$tmp/check' && grep -q 'trailer: 4 rows, total 1245662.80: matches' '$tmp/check'"
t formats_help exit_is 0 "$bin" formats --help

# ---- a run on the bank layout = the run on canonical payments ----
sample="$root/testdata/sample"
python3 "$fd/bank_from_canonical.py" "$sample/payments.csv" >"$tmp/bank.txt"
args=$(cat "$sample/args")
bank_args=${args/--payments payments.csv/--payments $tmp/bank.txt --payments-format $fmt/bank_pipe_gb18030.fmt}
(cd "$sample" && "$bin" run $args --quiet --out "$tmp/canon" >/dev/null 2>&1)
(cd "$sample" && "$bin" run $bank_args --quiet --out "$tmp/bank" >/dev/null 2>&1)
t run_bank_flags_identical cmp "$tmp/canon/flags.csv" "$tmp/bank/flags.csv"
t run_bank_ledger_identical cmp "$tmp/canon/ledger.csv" "$tmp/bank/ledger.csv"
t run_bank_cases_identical cmp "$tmp/canon/cases.jsonl" "$tmp/bank/cases.jsonl"
zstd -q -c "$tmp/bank.txt" >"$tmp/bank.txt.zst"
(cd "$sample" && "$bin" run ${bank_args/bank.txt/bank.txt.zst} --quiet --out "$tmp/bankz" >/dev/null 2>&1)
t run_bank_zstd_identical sh -c "cmp '$tmp/canon/flags.csv' '$tmp/bankz/flags.csv' && cmp '$tmp/canon/ledger.csv' '$tmp/bankz/ledger.csv'"
t format_before_file fails_with 2 "--payments-format must follow the --payments FILE" \
  "$bin" run --payments-format "$fmt/bank_pipe_gb18030.fmt" --payments x
t format_for_other_input fails_with 2 "describes payments, not attendance" \
  sh -c "cd '$sample' && '$bin' run $args --attendance '$tmp/bank.txt' --attendance-format '$fmt/bank_pipe_gb18030.fmt' --quiet --out '$tmp/o1'"

# ---- trailer: altered and truncated files stop the read (exit 2, both figures) ----
sed 's/^合计|4|/合计|5|/' < <(iconv -f GB18030 -t UTF-8 "$fd/bank_pipe.txt") | gb18030 >"$tmp/count.txt"
t trailer_count_mismatch fails_with 2 "line 8: trailer says 5 rows, total 1245662.80; read 4 rows, total 1245662.80" \
  "$bin" formats convert "$fmt/bank_pipe_gb18030.fmt" "$tmp/count.txt"
iconv -f GB18030 -t UTF-8 "$fd/bank_pipe.txt" | sed 's/|0.50|/|5.00|/' | gb18030 >"$tmp/total.txt"
t trailer_total_mismatch fails_with 2 "trailer says 4 rows, total 1245662.80; read 4 rows, total 1245667.30" \
  "$bin" formats check "$fmt/bank_pipe_gb18030.fmt" "$tmp/total.txt"
head -n 6 "$fd/bank_pipe.txt" >"$tmp/cut.txt"
t truncated_no_trailer fails_with 2 "no trailer line (合计) at the end: truncated file? read 3 rows, total 1245662.30" \
  "$bin" formats convert "$fmt/bank_pipe_gb18030.fmt" "$tmp/cut.txt"
head -c -40 "$tmp/bank.txt" >"$tmp/bank_cut.txt"
t truncated_run_exit_2 fails_with 2 "bank_cut.txt: no trailer line" \
  sh -c "cd '$sample' && '$bin' run ${bank_args/bank.txt/bank_cut.txt} --quiet --out '$tmp/cut_out'"
t truncated_run_writes_nothing test ! -e "$tmp/cut_out/flags.csv"
{ iconv -f GBK -t UTF-8 "$fd/bank_fixed.txt"; } | sed 's/^合计        4 /合计        3 /' | gbk >"$tmp/fixed_count.txt"
t trailer_fixed_mismatch fails_with 2 "trailer says 3 rows, total 23865.30; read 4 rows, total 23865.30" \
  "$bin" formats convert "$fmt/bank_fixed_gbk.fmt" "$tmp/fixed_count.txt"
{ iconv -f GB18030 -t UTF-8 "$fd/bank_pipe.txt"; echo "3105016160000100003|HX009|1|x||1.00|2026/11/04|2026年10月|成功||"; } | gb18030 >"$tmp/after.txt"
t data_after_trailer fails_with 2 "line 9: data after the trailer line 8" \
  "$bin" formats convert "$fmt/bank_pipe_gb18030.fmt" "$tmp/after.txt"

# ---- invalid bytes in the source encoding: the row is rejected, not the run ----
# bank_fixed.txt line 4 is 苏建's row; its name starts at byte 61: make it 0xFF.
python3 -c "import sys; b=open(sys.argv[1],'rb').read().split(b'\n'); r=bytearray(b[3]); r[60]=0xFF; b[3]=bytes(r); open(sys.argv[2],'wb').write(b'\n'.join(b))" "$fd/bank_fixed.txt" "$tmp/badgbk.txt"
t bad_gbk_convert_exit_1 fails_with 1 "badgbk.txt:4: payee_name: BAD_ENCODING" \
  "$bin" formats convert "$fmt/bank_fixed_gbk.fmt" "$tmp/badgbk.txt"
t bad_gbk_other_rows_written bash -c "'$bin' formats convert '$fmt/bank_fixed_gbk.fmt' '$tmp/badgbk.txt' 2>/dev/null | grep -v GS2026090300000002 | cmp - <(grep -v GS2026090300000002 '$fd/bank_fixed.expected.csv')"
t bad_gbk_check sh -c "'$bin' formats check '$fmt/bank_fixed_gbk.fmt' '$tmp/badgbk.txt' 2>&1 | grep -q 'rows: 4 data rows = 3 readable + 1 rejected'"
# In a run: payee 510821197405213790's second row (bank line 5) gets a byte
# that is invalid in GB18030 inside the name; it is rejected with its line.
# (0x80 would not do: after a lead byte it is a valid trail byte.)
python3 - "$tmp/bank.txt" "$tmp/bank_bad.txt" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\r\n')
fields = lines[4].split(b'|')
fields[3] = fields[3][:2] + b'\xff' + fields[3][2:]  # after 孟: 0xFF never starts a character
lines[4] = b'|'.join(fields)
open(sys.argv[2], 'wb').write(b'\r\n'.join(lines))
PY
(cd "$sample" && "$bin" run ${bank_args/bank.txt/bank_bad.txt} --quiet --out "$tmp/bad" >/dev/null 2>&1; echo $? >"$tmp/bad_rc")
t bad_gb18030_run_goes_on grep -qx 3 "$tmp/bad_rc"
t bad_gb18030_rejected grep -qx "bank_bad.txt,5,payee_name,BAD_ENCODING" "$tmp/bad/rejects.csv"
t bad_gb18030_counted grep -q '"file":"bank_bad.txt","data_rows":1134,"used":989,"out_of_scope":144,"rejected":1' "$tmp/bad/summary.json"
printf '姓名,身份证号,打卡时间,设备号\n\xff\xfe,510821197405213790,2026/10/03 07:58,KQ-01\n' >"$tmp/bad_header_device.csv"
printf '\xd0\xd5\xff,身份证号,打卡时间\n' >"$tmp/bad_header.csv"
t bad_byte_in_header fails_with 2 "line 1: header holds bytes that are not GBK" \
  "$bin" formats convert "$fmt/attendance_device_gbk.fmt" "$tmp/bad_header.csv" $device_project

# ---- status words: an unmapped word passes through (DECISIONS D38) ----
iconv -f GB18030 -t UTF-8 "$fd/bank_pipe.txt" | sed 's/|2026年08月|失败|/|2026年08月|冲正|/' | gb18030 >"$tmp/status.txt"
t unknown_status_passes sh -c "'$bin' formats convert '$fmt/bank_pipe_gb18030.fmt' '$tmp/status.txt' | grep -q ',2026-08,冲正\$'"
t unknown_status_not_rejected sh -c "'$bin' formats check '$fmt/bank_pipe_gb18030.fmt' '$tmp/status.txt' 2>&1 | grep -q '= 4 readable + 0 rejected'"
t unknown_status_listed_by_check sh -c "'$bin' formats check '$fmt/bank_pipe_gb18030.fmt' '$tmp/status.txt' | grep -qx 'not in the map of status, passed through as written: 冲正 (1 rows)'"
python3 - "$tmp/bank.txt" "$tmp/bank_status.txt" <<'PY'
import sys
lines = open(sys.argv[1], 'rb').read().split(b'\r\n')
fields = lines[4].split(b'|')
fields[8] = '冲正'.encode('gb18030')
lines[4] = b'|'.join(fields)
open(sys.argv[2], 'wb').write(b'\r\n'.join(lines))
PY
(cd "$sample" && "$bin" run ${bank_args/bank.txt/bank_status.txt} --quiet --out "$tmp/status" >/dev/null 2>&1)
t unknown_status_in_summary grep -q '"冲正"' "$tmp/status/summary.json"
t unknown_status_not_paid sh -c "! cmp -s '$tmp/canon/ledger.csv' '$tmp/status/ledger.csv'"
printf 'wagerecon-format 1\ninput contracts\nencoding UTF-8\ndelimited ,\ncolumn project_id header p\ncolumn worker_id header w\ncolumn rate_type header t map 日薪=DAY\ncolumn rate header r\ncolumn valid_from header f\n' >"$tmp/rate.fmt"
printf 'p,w,t,r,f\nPJ1,510821197405213790,日薪,100,2026-01-01\nPJ1,510821197405213790,周薪,100,2026-01-01\n' >"$tmp/rate.csv"
t unmapped_rate_type_bad_enum sh -c "'$bin' formats check '$tmp/rate.fmt' '$tmp/rate.csv' 2>&1 | grep -q 'rate.csv:3: rate_type: BAD_ENUM'"
# A bare `delimited C` reads double-quoted fields (formats/README.md, D248);
# `quote none` keeps the quotes as text, so the quoted comma splits the row.
sed 's/^delimited ,$/delimited comma/' "$tmp/rate.fmt" >"$tmp/bare.fmt"
sed 's/^delimited ,$/delimited , quote none/' "$tmp/rate.fmt" >"$tmp/noquote.fmt"
printf 'p,w,t,r,f\n"PJ1",510821197405213790,日薪,"1,000",2026-01-01\n' >"$tmp/quoted.csv"
t bare_delimited_reads_quotes sh -c "'$bin' formats convert '$tmp/bare.fmt' '$tmp/quoted.csv' | grep -qx 'PJ1,510821197405213790,DAY,\"1,000\",2026-01-01'"
t quote_none_keeps_quotes sh -c "'$bin' formats check '$tmp/noquote.fmt' '$tmp/quoted.csv' 2>&1 | grep -q 'quoted.csv:2: FIELD_COUNT'"

# ---- descriptor errors: exit 2 naming the descriptor line ----
desc_error() { # name, expected message (after "DESCRIPTOR: "), descriptor text
  printf '%b' "$3" >"$tmp/$1.fmt"
  t "descriptor_$1" fails_with 2 "${4-$tmp/$1.fmt: }$2" "$bin" formats check "$tmp/$1.fmt" "$fd/bank_pipe.txt"
}
base='wagerecon-format 1\ninput payments\nencoding GB18030\ndelimited |\nskip 2\n'
desc_error no_magic "line 1: a descriptor starts with \`wagerecon-format 1\`" 'input payments\n'
desc_error unknown_directive "line 6: unknown directive colum" "${base}colum amount header 金额\n"
desc_error bad_encoding "line 3: unknown encoding BIG5" 'wagerecon-format 1\ninput payments\nencoding BIG5\n'
desc_error bad_picture "line 6: column paid_at: bad date picture YYYY/MM" "${base}column paid_at header 交易日期 date YYYY/MM\n"
desc_error bytes_in_delimited "line 6: column amount: \`bytes\` needs a fixed layout" "${base}column amount bytes 1-10\n"
desc_error duplicate_column "line 7: column amount given twice (first at line 6)" "${base}column amount header 金额\ncolumn amount header 金额\n"
desc_error unclosed_quote "line 6: unclosed quote" "${base}column paid_at header \"交易日期\n"
desc_error bad_derive "line 6: column period: derive from paid_at, which is not a column here" "${base}column period derive paid_at previous-month\n"
desc_error bad_trailer "line 6: trailer wants LABEL rows N [total N sum COLUMN]" "${base}trailer 合计 rows\n"
desc_error no_columns "line 5: no columns" "$base"
desc_error unknown_column "line 6: payments has no column payee_idd" "${base}column payee_idd header 收款人证件号\n"
desc_error header_not_in_file "bank_pipe.txt: line 3: no column 交易时间 in the header (descriptor $tmp/header_not_in_file.fmt line 6)" "${base}column paid_at header 交易时间\n" ""
desc_error missing_required "bank_pipe.txt: missing required column account" "${base}column amount header 金额 money 1,234.50\n" ""
t descriptor_missing_file fails_with 2 "$tmp/none.fmt: cannot open" "$bin" formats check "$tmp/none.fmt" "$fd/bank_pipe.txt"
t descriptor_error_in_run fails_with 2 "unknown directive colum" \
  sh -c "cd '$sample' && '$bin' run $args --projects-format '$tmp/unknown_directive.fmt' --quiet --out '$tmp/o2'"

# ---- the README walkthrough: its descriptor, built step by step, reads its file ----
awk '/^## Walkthrough: a descriptor/{on=1} /^## (Speed|Walkthrough: an Excel)/{on=0} on' "$fmt/README.md" |
  awk -v data="$tmp/walk.utf8" -v desc="$tmp/walk.fmt" \
    '/^ *```/{inblock=!inblock; if (inblock) n++; next} inblock{sub(/^ +/, ""); print > (n == 1 ? data : desc)}'
gbk <"$tmp/walk.utf8" >"$tmp/walk.csv"
t readme_walkthrough sh -c "'$bin' formats convert '$tmp/walk.fmt' '$tmp/walk.csv' | cmp - '$fd/walkthrough.expected.csv'"

# ---- every shipped descriptor in one run = the run on their expected CSV ----
common="--projects $sample/projects.csv --as-of 2026-11-20 --from 2026-07 --to 2026-10 --quiet"
"$bin" run $common --contracts "$fd/roster_contracts.csv" --contracts-format "$fmt/roster_contracts_gb18030.fmt" \
  --attendance "$fd/attendance_device.csv" --attendance-format "$fmt/attendance_device_gbk.fmt" $device_project \
  --payments "$fd/bank_pipe.txt" --payments-format "$fmt/bank_pipe_gb18030.fmt" \
  --payments "$fd/bank_fixed.txt" --payments-format "$fmt/bank_fixed_gbk.fmt" --out "$tmp/all_fmt" >/dev/null 2>&1
"$bin" run $common --contracts "$fd/roster_contracts.expected.csv" --attendance "$fd/attendance_device.expected.csv" \
  --payments "$fd/bank_pipe.expected.csv" --payments "$fd/bank_fixed.expected.csv" --out "$tmp/all_csv" >/dev/null 2>&1
# CONTRACT_OVERLAP names contract file lines (D19): the roster's physical
# lines 6,7 (a title line comes first), the CSV's 5,6 (D40); the rest is equal.
t run_all_descriptors_identical bash -c "test -s '$tmp/all_fmt/flags.csv' && cmp '$tmp/all_fmt/ledger.csv' '$tmp/all_csv/ledger.csv' &&
  cmp <(sed 's/\"lines=6,7\"/LINES/' '$tmp/all_fmt/flags.csv') <(sed 's/\"lines=5,6\"/LINES/' '$tmp/all_csv/flags.csv')"
t run_roster_lines_are_source_lines grep -q 'CONTRACT_OVERLAP.*欧阳娜娜.*"lines=6,7"' "$tmp/all_fmt/flags.csv"

# ---- parameters: one device descriptor, the project given per file (DECISIONS D47) ----
dev="$fmt/attendance_device_gbk.fmt"
# The sample's hand-written rows (all PJ00001), with the project each value names.
for p in PJ00001 PJ00777; do
  sed "2,\$s/^PJ00001,/$p,/" "$fd/attendance_device.expected.csv" >"$tmp/device_$p.csv"
  t "param_project_$p" sh -c "'$bin' formats convert '$dev' '$fd/attendance_device.csv' --format-value project=$p | cmp - '$tmp/device_$p.csv'"
done
t param_rows_take_the_value sh -c "'$bin' formats convert '$dev' '$fd/attendance_device.csv' --format-value project=PJ00777 | grep -c '^PJ00777,' | grep -qx 4"
# A value with a quote, a comma and a space is one field, quoted in the CSV.
t param_value_quoted sh -c "'$bin' formats convert '$dev' '$fd/attendance_device.csv' --format-value 'project=P \"7\",东' | sed -n 2p | grep -qx '\"P \"\"7\"\",东\",510821197405213790,孟祥红,2026-10-03 07:58'"
t param_check_shows_value sh -c "'$bin' formats check '$dev' '$fd/attendance_device.csv' --rows 1 --format-value project=PJ00777 | grep -qx 'PJ00777,510821\*\*\*\*\*\*\*\*3790,孟祥红,2026-10-03 07:58'"
t param_no_value fails_with 2 "$dev: line 14: \${project} has no value (give --format-value project=VALUE after the descriptor)" \
  "$bin" formats convert "$dev" "$fd/attendance_device.csv"
t param_no_value_in_run fails_with 2 "attendance_device_gbk.fmt: line 14: \${project} has no value" \
  sh -c "cd '$sample' && '$bin' run $args --attendance '$fd/attendance_device.csv' --attendance-format '$dev' --quiet --out '$tmp/o3'"
t param_no_value_writes_nothing test ! -e "$tmp/o3/flags.csv"
pbase='wagerecon-format 1\ninput attendance\nencoding GBK\ndelimited , quote double-quote\n'
pdesc() { printf "$pbase%s\ncolumn worker_id header 身份证号\ncolumn worker_name header 姓名\ncolumn punch_time header 打卡时间 date \"YYYY/MM/DD hh:mm[:ss]\"\n" "$2" >"$tmp/$1.fmt"; }
for bad in 'PJ-${site}' '${Site}' '${site' '${1site}' '${}' '${site}x'; do
  n=$((${n:-0} + 1))
  pdesc "malformed_$n" "column project_id value $bad"
  t "param_malformed_$n" fails_with 2 "$tmp/malformed_$n.fmt: line 5: column project_id: bad parameter $bad (a value is a whole \${NAME}" \
    "$bin" formats convert "$tmp/malformed_$n.fmt" "$fd/attendance_device.csv" --format-value site=PJ1
done
pdesc quoted_param 'column project_id value "${site}"'
t param_may_be_quoted sh -c "'$bin' formats convert '$tmp/quoted_param.fmt' '$fd/attendance_device.csv' --format-value site=PJ00777 | cmp - '$tmp/device_PJ00777.csv'"
pdesc literal_dollar 'column project_id value $PJ1'
t param_plain_dollar_is_literal sh -c "'$bin' formats convert '$tmp/literal_dollar.fmt' '$fd/attendance_device.csv' | sed -n 2p | grep -q '^\$PJ1,'"
t value_without_equals fails_with 2 "--format-value wants NAME=VALUE, got project" \
  "$bin" formats convert "$dev" "$fd/attendance_device.csv" --format-value project
t value_empty_name fails_with 2 "--format-value wants a NAME of a-z, 0-9 and _ (not starting with a digit) before =, got =PJ00001" \
  "$bin" formats convert "$dev" "$fd/attendance_device.csv" --format-value =PJ00001
t value_empty_value fails_with 2 "--format-value wants a VALUE after =, got project=" \
  "$bin" formats convert "$dev" "$fd/attendance_device.csv" --format-value project=
t value_line_break fails_with 2 "--format-value wants a VALUE without control characters" \
  "$bin" formats convert "$dev" "$fd/attendance_device.csv" --format-value "$(printf 'project=PJ\n1')"
t value_unused fails_with 2 "$dev: --format-value site: this descriptor has no \${site}" \
  "$bin" formats convert "$dev" "$fd/attendance_device.csv" --format-value project=PJ00001 --format-value site=A
t value_twice fails_with 2 "$dev: --format-value project given twice" \
  "$bin" formats convert "$dev" "$fd/attendance_device.csv" --format-value project=PJ00001 --format-value project=PJ00002
t value_before_descriptor fails_with 2 "--format-value must follow the descriptor (--INPUT-format DESCRIPTOR) it gives a value to: project=PJ00001" \
  "$bin" run --projects p.csv --format-value project=PJ00001
t value_after_another_file fails_with 2 "--format-value must follow the descriptor" \
  "$bin" run --attendance a.csv --attendance-format "$dev" --attendance b.csv --format-value project=PJ00001
t value_for_another_descriptor fails_with 2 "bank_pipe_gb18030.fmt: --format-value project: this descriptor has no \${project}" \
  sh -c "cd '$sample' && '$bin' run $args --payments '$tmp/bank.txt' --payments-format '$fmt/bank_pipe_gb18030.fmt' --format-value project=PJ00001 --quiet --out '$tmp/o4'"
t value_help_run sh -c "'$bin' run --help | grep -q -- '--format-value project=PJ00002'"
t value_help_formats sh -c "'$bin' formats --help | grep -q -- '--format-value NAME=VALUE'"
# ---- the statement through a descriptor (RULES 7: --account-txns-format as
# for every input; DECISIONS D247) ----
# v2_allocation_opening_scope's statement as a bank exports it: GBK, a title
# line, Chinese header, 2026/08/20, 贷/借, "5,000.00". Read through its
# descriptor it must be the case's own account_txns.csv, and the run, and a
# partition of it, the case's hand-computed outputs.
st=$root/testdata/cases/v2_allocation_opening_scope
python3 - "$st/account_txns.csv" <<'PY' | gbk >"$tmp/statement.txt"
import csv, sys
print("中国建设银行 单位账户交易明细")
print("账号,交易流水号,记账日期,借贷标志,发生额,对方账号,对方户名,摘要")
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8")):
    amount = f"{int(r['amount'].replace('.', '')) // 100:,}.{r['amount'][-2:]}"
    print(",".join([r["account"], r["txn_id"], r["posted_at"].replace("-", "/"),
                    {"IN": "贷", "OUT": "借"}[r["direction"]], f'"{amount}"',
                    r["counterparty_account"], r["counterparty_name"], r["purpose"]]))
PY
printf '%s\n' 'wagerecon-format 1' 'input account_txns' 'encoding GBK' \
  'delimited comma quote double-quote' 'skip 1' \
  'column account header 账号' 'column txn_id header 交易流水号' \
  'column posted_at header 记账日期 date YYYY/MM/DD' 'column direction header 借贷标志 map 贷=IN 借=OUT' \
  'column amount header 发生额 money 1,234.50' 'column counterparty_account header 对方账号' \
  'column counterparty_name header 对方户名' 'column purpose header 摘要' >"$tmp/statement.fmt"
t statement_descriptor_convert sh -c "'$bin' formats convert '$tmp/statement.fmt' '$tmp/statement.txt' | cmp - '$st/account_txns.csv'"
st_args=$(sed "s|--account-txns account_txns.csv|--account-txns $tmp/statement.txt --account-txns-format $tmp/statement.fmt|" "$st/args")
(cd "$st" && "$bin" run $st_args --quiet --out "$tmp/st_out") >"$tmp/st.log" 2>&1
t statement_descriptor_run bash -c "cmp '$tmp/st_out/flags.csv' '$st/expected/flags.csv' &&
  cmp '$tmp/st_out/ledger.csv' '$st/expected/ledger.csv' && cmp '$tmp/st_out/cases.jsonl' '$st/expected/cases.jsonl' &&
  python3 -c \"import json,sys; f=[x for x in json.load(open('$tmp/st_out/summary.json'))['files'] if x['role']=='account_txns']
sys.exit([(x['data_rows'],x['used'],x['out_of_scope'],x['rejected'],x['duplicates']) for x in f]!=[(17,13,4,0,2)])\"" # README of the case
(cd "$st" && "$bin" partition --parts 2 --quiet --out "$tmp/st_parts" $st_args) >>"$tmp/st.log" 2>&1
for p in "$tmp"/st_parts/part-*; do (cd "$p" && "$bin" run $(cat args) --quiet --out out) >>"$tmp/st.log" 2>&1; done
"$bin" merge --quiet --out "$tmp/st_merged" "$tmp"/st_parts/*/out >>"$tmp/st.log" 2>&1
t statement_descriptor_partition bash -c "cmp '$tmp/st_merged/flags.csv' '$st/expected/flags.csv' &&
  cmp '$tmp/st_merged/summary.json' '$tmp/st_out/summary.json'"
t_done
