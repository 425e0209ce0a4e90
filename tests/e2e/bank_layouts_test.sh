#!/usr/bin/env bash
# Bank files as banks send them (issue 18): each layout's shipped
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
verdict big_sheet_bounded_memory "$problems"

t_done layouts
