#!/usr/bin/env bash
# Read speed of the issue-18 bank layouts against canonical CSV on the
# same rows (not part of `make test`):
#
#   bash bench/bank_layouts_bench.sh [ROWS] [ROUNDS]     (default 50000 11)
#
# Makes ROWS payments in each layout (testdata/formats/make_big_sheet.py:
# the web-bank .xlsx and its canonical CSV; an .xls of the same rows with
# xlwt; make_bank_text.py: the L2 batch file and the L3 fixed-width file
# in characters), takes each layout's canonical CSV from `formats
# convert` (so both files hold the same rows), and measures
# build/formats_read (reads up to the typed column parse, as a run does)
# on each pair:
#   cpu    ROUNDS rounds, each reading the canonical file then the layout
#          once (both under the same load on a shared machine): median CPU
#          time (user + sys) of each, and the ratio;
#   instr  instructions (valgrind --tool=callgrind) on one read of each.
# CPU time counts the .xls reader's child process too (time waits for it).
set -eu
rows=${1:-50000} rounds=${2:-11}
cd "$(dirname "$0")/.."
make -s build/wagerecon build/formats_read
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
bin=build/wagerecon read=build/formats_read fd=testdata/formats
python3 "$fd/make_big_sheet.py" "$rows" "$d/web.xlsx" "$d/web.csv"
/usr/bin/python3 - "$d/web.csv" "$d/web.xls" <<'PY'
import csv, datetime, sys, xlwt
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:]
wb = xlwt.Workbook(encoding="utf-8"); ws = wb.add_sheet("代发明细")
money = xlwt.easyxf(num_format_str="#,##0.00"); day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
ws.write(0, 0, "代发工资明细查询"); ws.write(1, 0, "查询日期：2026-11-20    币种：人民币")
for c, h in enumerate(["序号", "付款账号", "交易流水号", "收款人证件号码", "收款人姓名", "收款卡号", "金额(元)", "交易日期", "用途", "处理结果"]):
    ws.write(2, c, h)
word = {"SUCCESS": "成功", "FAILED": "失败", "RETURNED": "退回"}
total = 0
for i, (acct, txn, pid, name, card, amount, paid, period, status) in enumerate(rows):
    r = 3 + i
    yuan, _, cents = amount.partition(".")
    total += int(yuan) * 100 + int((cents + "00")[:2])
    for c, v in enumerate([i + 1, acct, txn, pid, name, card]):
        ws.write(r, c, v)
    ws.write(r, 6, float(amount), money)
    ws.write(r, 7, datetime.datetime.strptime(paid, "%Y-%m-%d"), day)
    ws.write(r, 8, "2026年08月工资"); ws.write(r, 9, word[status])
ws.write(3 + len(rows), 0, "合计"); ws.write(3 + len(rows), 1, len(rows)); ws.write(3 + len(rows), 6, total / 100, money)
wb.save(sys.argv[2])
PY
python3 "$fd/make_bank_text.py" "$d" "$rows"
layouts="xlsx:$d/web.xlsx:formats/bank_web_excel.fmt xls:$d/web.xls:formats/bank_web_excel.fmt
  batch:$d/batch_gen.txt:formats/bank_batch_summary.fmt fixed_chars:$d/fixed_gen.txt:formats/bank_fixed_chars.fmt"
cpu() { /usr/bin/time -f '%U %S' -o "$d/t" "$@" >/dev/null 2>&1; awk '{printf "%d\n", ($1 + $2) * 1000}' "$d/t"; }
median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }
# --trace-children: the .xls reader runs FreeXL in a child process (D110);
# the instructions of both are summed
instr() { valgrind --tool=callgrind --trace-children=yes --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
  awk '/Collected/{gsub(",", "", $NF); n += $NF} END{print n}'; }
printf '%-12s %8s | %10s %10s %6s | %14s %14s %6s\n' layout rows "csv ms" "layout ms" ratio "csv instr" "layout instr" ratio
for l in $layouts; do
  name=${l%%:*} rest=${l#*:}; file=${rest%%:*} desc=${rest#*:}
  "$bin" formats convert "$desc" "$file" >"$d/$name.csv"
  : >"$d/c" ; : >"$d/f"
  for _ in $(seq "$rounds"); do
    cpu "$read" payments "$d/$name.csv" >>"$d/c"
    cpu "$read" payments "$file" "$desc" >>"$d/f"
  done
  c=$(median <"$d/c") f=$(median <"$d/f")
  ic=$(instr "$read" payments "$d/$name.csv") if=$(instr "$read" payments "$file" "$desc")
  printf '%-12s %8s | %10s %10s %6s | %14s %14s %6s\n' "$name" "$rows" "$c" "$f" \
    "$(awk -v a="$f" -v b="$c" 'BEGIN{printf "%.2f", b ? a / b : 0}')" "$ic" "$if" \
    "$(awk -v a="${if//,/}" -v b="${ic//,/}" 'BEGIN{printf "%.2f", a / b}')"
done
