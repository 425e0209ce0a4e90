#!/usr/bin/env bash
# Bank files as banks send them (issue 18, layouts L1 web-bank Excel,
# L2 batch file with a summary line, L3 fixed width in characters): each layout's shipped
# descriptor reads its sample to the hand-written canonical CSV; a run on
# the sample gives the flags and ledger of the run on that CSV; the
# controls (summary line, trailer) stop a tampered file with exit 2 and
# both figures; broken workbooks are exit 2 naming the file; a numeric-ID
# cell is rejected at its row; a 200,000-row sheet reads in bounded memory.
# Prints "ok layouts NAME" / "FAIL layouts NAME". Usage: bank_layouts_test.sh BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init layouts
t_plan 45
fd="$root/testdata/formats"
fmt="$root/formats"
sample="$root/testdata/sample"
common="--projects $sample/projects.csv --contracts $sample/contracts.csv --attendance $sample/attendance_days.csv
  --attendance $sample/attendance_punches.csv --holidays $sample/holidays.csv --min-wage $sample/min_wage.csv
  --as-of 2026-11-20 --from 2026-07 --to 2026-10 --quiet"

# same_run NAME FILE DESCRIPTOR EXPECTED.csv: a run on FILE through the
# descriptor = the run on its expected canonical CSV (flags, ledger, cases).
same_run() {
  "$bin" run $common --payments "$2" --payments-format "$3" --out "$tmp/$1_fmt" >/dev/null 2>&1
  "$bin" run $common --payments "$4" --out "$tmp/$1_csv" >/dev/null 2>&1
  t "run_$1_same_flags" sh -c "test -s '$tmp/$1_fmt/flags.csv' && cmp '$tmp/$1_fmt/flags.csv' '$tmp/$1_csv/flags.csv' &&
    cmp '$tmp/$1_fmt/ledger.csv' '$tmp/$1_csv/ledger.csv' && cmp '$tmp/$1_fmt/cases.jsonl' '$tmp/$1_csv/cases.jsonl'"
}

# ---- L1: web-bank Excel export, .xlsx and .xls, one descriptor ----
web="$fmt/bank_web_excel.fmt"
for s in bank_web.xlsx bank_web.xls; do
  t "sample_$s" sh -c "'$bin' formats convert '$web' '$fd/$s' | cmp - '$fd/bank_web.expected.csv'"
  same_run "${s/./_}" "$fd/$s" "$web" "$fd/bank_web.expected.csv"
done
t check_shows_sheet sh -c "'$bin' formats check '$web' '$fd/bank_web.xlsx' >'$tmp/check' &&
  grep -q 'workbook (.xlsx or .xls), sheet 代发明细, 2 rows skipped' '$tmp/check' &&
  grep -qx '3105016160000100003,WB20260904001,362427\*\*\*\*\*\*\*\*3556,魏兵,\*\*\*\*3284,10580,2026-09-04,2026-08,SUCCESS' '$tmp/check' &&
  grep -q 'trailer: 4 rows, total 34716.28: matches what was read\$' '$tmp/check'"
# An ID typed as a number (row 6: 620523198307074615 stored as 6.20523198307075E+17):
# rejected NUMERIC_CELL at its row, in check and in a run; the other rows read.
for s in bank_web_numeric_id.xlsx bank_web_numeric_id.xls; do
  t "numeric_id_rejected_$s" sh -c "'$bin' formats check '$web' '$fd/$s' 2>'$tmp/err' >'$tmp/out' &&
    grep -q '^$s:6: payee_id: NUMERIC_CELL (a number cell where text is wanted' '$tmp/err' &&
    grep -q 'rows: 4 data rows = 3 readable + 1 rejected' '$tmp/out' && ! grep -q 620523 '$tmp/out'"
done
"$bin" run $common --payments "$fd/bank_web_numeric_id.xlsx" --payments-format "$web" --out "$tmp/numid" >/dev/null 2>&1
t numeric_id_run_reject grep -q ',6,payee_id,NUMERIC_CELL' "$tmp/numid/rejects.csv"
# the terminal counts it by reason (WR_N_REASONS once left NUMERIC_CELL out,
# and its count was written past the array)
t numeric_id_reason_on_terminal sh -c "'$bin' run $(echo $common | sed 's/--quiet//') --payments '$fd/bank_web_numeric_id.xlsx' --payments-format '$web' --out '$tmp/numid2' 2>&1 | grep -q 'rejected: NUMERIC_CELL 1'"
# Broken workbooks: exit 2, the file named, nothing written.
head -c 2000 "$fd/bank_web.xlsx" >"$tmp/cut.xlsx"
t truncated_xlsx fails_with 2 "cut.xlsx: truncated or corrupt .xlsx workbook" "$bin" formats convert "$web" "$tmp/cut.xlsx"
head -c 3000 "$fd/bank_web.xls" >"$tmp/cut.xls"
t truncated_xls fails_with 2 "cut.xls: truncated or corrupt .xls workbook" "$bin" formats convert "$web" "$tmp/cut.xls"
# a byte changed inside the compressed sheet: the zip's CRC or the XML fails
python3 - "$fd/bank_web.xlsx" "$tmp/bad.xlsx" <<'PY'
import sys, zipfile
data = bytearray(open(sys.argv[1], "rb").read())
with zipfile.ZipFile(sys.argv[1]) as z:
    info = z.getinfo("xl/worksheets/sheet1.xml")
start = info.header_offset + 30 + len(info.filename) + len(info.extra)
data[start + info.compress_size // 2] ^= 0x55
open(sys.argv[2], "wb").write(data)
PY
t corrupt_xlsx fails_with 2 "bad.xlsx: truncated or corrupt .xlsx workbook (xl/worksheets/sheet1.xml: " "$bin" formats convert "$web" "$tmp/bad.xlsx"
head -c 512 "$fd/bank_web.xls" >"$tmp/head.xls"; tail -c +513 "$fd/bank_web.xls" | tr '\000-\377' '\377\000-\376' >>"$tmp/head.xls"
t corrupt_xls fails_with 2 "head.xls: truncated or corrupt .xls workbook" "$bin" formats convert "$web" "$tmp/head.xls"
t not_a_workbook fails_with 2 "bank_web.expected.csv: not an Excel workbook" "$bin" formats convert "$web" "$fd/bank_web.expected.csv"
"$bin" run $common --payments "$tmp/cut.xlsx" --payments-format "$web" --out "$tmp/cut_out" >/dev/null 2>&1
t truncated_run_writes_nothing test ! -e "$tmp/cut_out/flags.csv"
sed 's/^sheet 代发明细/sheet 工资表/' "$web" >"$tmp/other_sheet.fmt"
t no_such_sheet fails_with 2 "bank_web.xls: no sheet named 工资表 in the workbook" "$bin" formats convert "$tmp/other_sheet.fmt" "$fd/bank_web.xls"
sed 's/^sheet 代发明细/sheet 1/' "$web" >"$tmp/first_sheet.fmt"
t sheet_by_position sh -c "'$bin' formats convert '$tmp/first_sheet.fmt' '$fd/bank_web.xlsx' | cmp - '$fd/bank_web.expected.csv'"
sed 's/^sheet 代发明细/sheet 2/' "$web" >"$tmp/second_sheet.fmt"
t no_sheet_2 fails_with 2 "bank_web.xlsx: no sheet 2 in the workbook (it has 1)" "$bin" formats convert "$tmp/second_sheet.fmt" "$fd/bank_web.xlsx"
# The trailer row tampered (合计 count 4 -> 5, total 34716.28 -> 34716.29): exit 2, both figures.
python3 - "$fd/bank_web.xlsx" "$tmp" <<'PY'
import sys, zipfile
src, out = sys.argv[1], sys.argv[2]
for name, old, new in (("count", '<c r="B8"><v>4</v>', '<c r="B8"><v>5</v>'),
                       ("total", '<v>34716.28</v>', '<v>34716.29</v>')):
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(f"{out}/{name}.xlsx", "w", zipfile.ZIP_DEFLATED) as w:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            w.writestr(info, data)
PY
t trailer_count_tampered fails_with 2 "count.xlsx: line 8: trailer says 5 rows, total 34716.28; read 4 rows, total 34716.28" \
  "$bin" formats convert "$web" "$tmp/count.xlsx"
t trailer_total_tampered fails_with 2 "total.xlsx: line 8: trailer says 4 rows, total 34716.29; read 4 rows, total 34716.28" \
  "$bin" formats convert "$web" "$tmp/total.xlsx"

# A composed column in a sheet: txn id and 序号 (a number cell, its digits).
sed 's/^column txn_id     header 交易流水号/column txn_id compose header 交易流水号 text \/ field A/' "$web" >"$tmp/compose.fmt"
t sheet_compose sh -c "'$bin' formats convert '$tmp/compose.fmt' '$fd/bank_web.xlsx' | sed -n 2p | grep -q '^3105016160000100003,WB20260904001/1,3624'"
# The README's Excel walkthrough: its descriptor, step by step, reads the sample.
awk '/^## Walkthrough: an Excel/{on=1} /^## Speed/{on=0} on' "$fmt/README.md" |
  awk '/^ *```/{inblock=!inblock; if (inblock) n++; next} inblock && n > 1{sub(/^ +/, ""); print}' >"$tmp/walk.fmt"
t readme_excel_walkthrough sh -c "'$bin' formats convert '$tmp/walk.fmt' '$fd/bank_web.xlsx' | cmp - '$fd/bank_web.expected.csv' &&
  '$bin' formats convert '$tmp/walk.fmt' '$fd/bank_web.xls' | cmp - '$fd/bank_web.expected.csv'"

# ---- L2: batch result file, summary line first, amounts in fen ----
batch="$fmt/bank_batch_summary.fmt"
utf8() { iconv -f GB18030 -t UTF-8 "$1"; }
gb18030() { iconv -f UTF-8 -t GB18030; }
t sample_bank_batch_summary sh -c "'$bin' formats convert '$batch' '$fd/bank_batch_summary.txt' | cmp - '$fd/bank_batch_summary.expected.csv'"
same_run batch "$fd/bank_batch_summary.txt" "$batch" "$fd/bank_batch_summary.expected.csv"
t check_shows_summary sh -c "'$bin' formats check '$batch' '$fd/bank_batch_summary.txt' >'$tmp/check' &&
  grep -qx 'summary line: the first line (labelled H), giving every row its values, the row count, the total' '$tmp/check' &&
  grep -qx 'summary line 1: 3 rows, total 19355.50: matches what was read' '$tmp/check'"
# The summary line's count and total (3 rows, 1935550 fen) against the rows.
utf8 "$fd/bank_batch_summary.txt" | sed '1s/|3|1935550/|4|1935550/' | gb18030 >"$tmp/count.txt"
t summary_count_tampered fails_with 2 "count.txt: line 1: summary line says 4 rows, total 19355.50; read 3 rows, total 19355.50 (truncated or altered file)" \
  "$bin" formats convert "$batch" "$tmp/count.txt"
utf8 "$fd/bank_batch_summary.txt" | sed '1s/|1935550/|1935551/' | gb18030 >"$tmp/total.txt"
t summary_total_tampered fails_with 2 "total.txt: line 1: summary line says 3 rows, total 19355.51; read 3 rows, total 19355.50" \
  "$bin" formats check "$batch" "$tmp/total.txt"
utf8 "$fd/bank_batch_summary.txt" | sed '2s/|645000|/|645001|/' | gb18030 >"$tmp/row.txt"
t summary_row_amount_tampered fails_with 2 "row.txt: line 1: summary line says 3 rows, total 19355.50; read 3 rows, total 19355.51" \
  "$bin" formats convert "$batch" "$tmp/row.txt"
head -n 3 "$fd/bank_batch_summary.txt" >"$tmp/cut.txt"
t summary_truncated fails_with 2 "cut.txt: line 1: summary line says 3 rows, total 19355.50; read 2 rows, total 19350.00" \
  "$bin" formats convert "$batch" "$tmp/cut.txt"
"$bin" run $common --payments "$tmp/cut.txt" --payments-format "$batch" --out "$tmp/cut_batch" >/dev/null 2>&1
t summary_truncated_run_exit_2_nothing_written sh -c "test ! -e '$tmp/cut_batch/flags.csv'"
tail -n +2 "$fd/bank_batch_summary.txt" >"$tmp/headless.txt"
t summary_missing fails_with 2 "headless.txt: line 1: not the summary line (H) the descriptor says comes first" \
  "$bin" formats convert "$batch" "$tmp/headless.txt"
: >"$tmp/empty.txt"
t summary_empty_file fails_with 2 "empty.txt: no summary line: empty or truncated file" "$bin" formats convert "$batch" "$tmp/empty.txt"
utf8 "$fd/bank_batch_summary.txt" | sed '1s/|20260910|/|2026091|/' | gb18030 >"$tmp/date.txt"
t summary_bad_date_rejects_rows sh -c "'$bin' formats check '$batch' '$tmp/date.txt' 2>&1 | grep -c 'paid_at: BAD_DATE' | grep -qx 3"
printf 'wagerecon-format 1\ninput payments\nencoding GB18030\ndelimited |\nheader no\ncolumn account summary 4\n' >"$tmp/no_summary.fmt"
t summary_field_without_summary fails_with 2 "no_summary.fmt: line 6: column account: takes a summary field, but there is no \`summary\` line" \
  "$bin" formats convert "$tmp/no_summary.fmt" "$fd/bank_batch_summary.txt"
sed 's/^column account    summary 4/column account    summary 9/' "$batch" >"$tmp/far.fmt"
t summary_field_out_of_range fails_with 2 "line 1: summary line has 7 fields; column account wants field 9" \
  "$bin" formats convert "$tmp/far.fmt" "$fd/bank_batch_summary.txt"

# ---- L3: fixed width counted in characters ----
chars="$fmt/bank_fixed_chars.fmt"
t sample_bank_fixed_chars sh -c "'$bin' formats convert '$chars' '$fd/bank_fixed_chars.txt' | cmp - '$fd/bank_fixed_chars.expected.csv'"
same_run chars "$fd/bank_fixed_chars.txt" "$chars" "$fd/bank_fixed_chars.expected.csv"
# The lines are 113 to 118 bytes (肉孜‧依明: ‧ is 4 bytes in GB18030) and 110 characters each.
t sample_lines_differ_in_bytes sh -c "head -n 4 '$fd/bank_fixed_chars.txt' | tr -d '\r' | awk '{print length(\$0)}' | sort -u | wc -l | grep -qx 3"
t check_shows_chars sh -c "'$bin' formats check '$chars' '$fd/bank_fixed_chars.txt' | grep -q 'fixed-width in characters'"
# A name padded to 10 bytes, not 10 characters: the line is 106 characters, FIELD_COUNT at its line.
utf8 "$fd/bank_fixed_chars.txt" | sed '1s/魏兵        /魏兵    /' | gb18030 >"$tmp/bytes.txt"
t chars_short_line_rejected sh -c "'$bin' formats check '$chars' '$tmp/bytes.txt' 2>&1 >/dev/null | grep -qx 'bytes.txt:1: FIELD_COUNT'"
# the same file read by byte positions misreads every field after the name
sed 's/ chars / bytes /' "$chars" >"$tmp/as_bytes.fmt"
t bytes_misread_chars_layout sh -c "! '$bin' formats convert '$tmp/as_bytes.fmt' '$fd/bank_fixed_chars.txt' 2>/dev/null | cmp -s - '$fd/bank_fixed_chars.expected.csv'"
utf8 "$fd/bank_fixed_chars.txt" | sed 's/^合计 4 34716.28/合计 4 34716.20/' | gb18030 >"$tmp/chars_total.txt"
t chars_trailer_tampered fails_with 2 "chars_total.txt: line 5: trailer says 4 rows, total 34716.20; read 4 rows, total 34716.28" \
  "$bin" formats convert "$chars" "$tmp/chars_total.txt"
printf 'wagerecon-format 1\ninput payments\nencoding GBK\nfixed\ncolumn account chars 1-20\ncolumn txn_id bytes 21-32\n' >"$tmp/mixed.fmt"
t chars_and_bytes_mixed fails_with 2 "mixed.fmt: line 6: column txn_id: positions count bytes or characters, not both" \
  "$bin" formats convert "$tmp/mixed.fmt" "$fd/bank_fixed_chars.txt"

# ---- a 200,000-row sheet in bounded memory ----
# The sheet's XML is ~140 MB; streamed, the read's peak RSS must not grow
# with the rows: 200,000 rows within 4 MB of 20,000 rows, and under 32 MB.
python3 "$fd/make_big_sheet.py" 200000 "$tmp/big.xlsx" "$tmp/big.csv"
python3 "$fd/make_big_sheet.py" 20000 "$tmp/small.xlsx"
rss() { /usr/bin/time -f %M -o "$tmp/rss" "$bin" formats convert "$web" "$1" >"$tmp/rss_out" 2>/dev/null && cat "$tmp/rss"; }
big=$(rss "$tmp/big.xlsx"); cp "$tmp/rss_out" "$tmp/big_out.csv"; small=$(rss "$tmp/small.xlsx")
t big_sheet_rows_exact cmp "$tmp/big_out.csv" "$tmp/big.csv"
problems=""
[ -n "$big" ] && [ -n "$small" ] || problems="no measure"
[ -z "$problems" ] && [ "$big" -gt 32768 ] && problems="peak ${big} KB > 32768 KB"
[ -z "$problems" ] && [ $((big - small)) -gt 4096 ] && problems="peak grows with rows: ${small} KB at 20k, ${big} KB at 200k"
case "${EXTRA_CFLAGS:-}" in
  *sanitize=address*) t_skip big_sheet_bounded_memory "RSS not meaningful under ASan";;
  *) verdict big_sheet_bounded_memory "$problems";;
esac

t_done layouts
