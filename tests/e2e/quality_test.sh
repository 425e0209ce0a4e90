#!/usr/bin/env bash
# The data-quality record (issue 15 item 2, DECISIONS D210) on the
# hand-made run testdata/quality (its README works out every figure):
# the terminal, summary.json and report.html (rendered by Chromium) show
# the options, per input file the rows used / out of scope / rejected with
# the reasons, the descriptor's trailer check, the file's and the
# descriptor's size and XXH3-128 (taken here with stat and xxh128sum, not
# from the program), and the status words other than SUCCESS with rows and
# amounts. The merge of two parts writes the same summary.json, page and
# terminal lines; a part run with another tolerance is refused. Also the
# terminal's line of cases against the headline (D213).
# Usage: quality_test.sh WAGERECON_BIN
set -u
bin=$(realpath "$1")
. "$(dirname "$0")/lib.sh"
t_init quality
t_plan 15
data="$root/testdata/quality"
fmt="$root/formats/bank_pipe_gb18030.fmt"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
check="$root/tests/e2e/report_check.py"

run_here() { # out dir, extra args: the run on testdata/quality, terminal in OUT.out
  local out=$1
  shift
  # shellcheck disable=SC2046 # args is one line of options
  (cd "$data" && "$bin" run $(cat args) --out "$out" "$@") >"$out.out" 2>"$out.err"
  echo $? >"$out.rc"
}
run_here "$tmp/run"
t exit_is_3 test "$(cat "$tmp/run.rc")" = 3

digest() { xxh128sum "$1" | cut -c1-32; }
grouped() { echo "$1" | sed 's/\(........\)/\1 /g; s/ $//'; }
declare -A size xxh
for f in projects.csv contracts.csv attendance.csv payments.csv bank.txt; do
  size[$f]=$(stat -c %s "$data/$f")
  xxh[$f]=$(digest "$data/$f")
done
fsize=$(stat -c %s "$fmt")
fxxh=$(digest "$fmt")

# 1. The terminal (README's figures; sizes under 1,000 bytes, no grouping).
has_lines() { # file, then fixed lines that must each be a whole line of it
  local f=$1 l
  shift
  for l in "$@"; do grep -qxF -- "$l" "$f" || { echo "no line: $l"; return 1; }; done
}
t terminal_options has_lines "$tmp/run.out" \
  'wagerecon: as of 2026-11-20, periods 2026-10 to 2026-10; tolerance 0.50, large payment 10,000.00, list amounts 5,000.00 (one worker) / 30,000.00 (ten workers), warn days 3'
t terminal_rows_and_reasons sh -c "grep -Eq '^  payments +payments\.csv +5 = +2 \+ +1 \+ +2$' '$tmp/run.out' &&
  grep -Eq '^  payments +bank\.txt +2 = +2 \+ +0 \+ +0$' '$tmp/run.out' &&
  grep -qxF '    rejected: MISSING_VALUE 1, BAD_DATE 1 (rejects.csv)' '$tmp/run.out'"
t terminal_trailer has_lines "$tmp/run.out" '    trailer: 2 rows agree, total 700.00 agrees'
t terminal_sizes_and_digests has_lines "$tmp/run.out" \
  "    ${size[projects.csv]} bytes, xxh3 $(grouped "${xxh[projects.csv]}")" \
  "    ${size[payments.csv]} bytes, xxh3 $(grouped "${xxh[payments.csv]}")" \
  "    ${size[bank.txt]} bytes, xxh3 $(grouped "${xxh[bank.txt]}")" \
  "    descriptor bank_pipe_gb18030.fmt: $fsize bytes, xxh3 $(grouped "$fxxh")"
t terminal_status_words has_lines "$tmp/run.out" \
  'payments: 1 rows with status `success`, 600.00 yuan, not counted as paid (only SUCCESS is)' \
  'payments: 1 rows with status `FAILED`, 300.00 yuan, not counted as paid (only SUCCESS is)'

# 2. summary.json: "options" and "inputs" whole, by hand.
summary_is() { # summary.json
  "$py" - "$1" "$data" "$fmt" <<'EOF'
import json, os, subprocess, sys
s = json.load(open(sys.argv[1]))
data, fmt = sys.argv[2], sys.argv[3]
def dig(p):
    return {"size": os.path.getsize(p),
            "xxh3": subprocess.run(["xxh128sum", p], capture_output=True, text=True).stdout[:32]}
def entry(role, name, reasons=None, trailer=None, form=None):
    return dict(role=role, file=name, **dig(os.path.join(data, name)), format=form,
                rejected_by_reason=reasons or {}, trailer=trailer)
want_inputs = [
    entry("projects", "projects.csv"), entry("contracts", "contracts.csv"),
    entry("attendance", "attendance.csv"),
    entry("payments", "payments.csv", {"MISSING_VALUE": 1, "BAD_DATE": 1}),
    entry("payments", "bank.txt", trailer={"rows": 2, "total": "700.00", "total_checked": True},
          form=dict(file="bank_pipe_gb18030.fmt", **dig(fmt))),
]
want_options = {"tolerance": "0.50", "large_payment": "10000.00", "list_worker_amount": "5000.00",
                "list_total_amount": "30000.00", "warn_days": 3}
bad = []
if s.get("options") != want_options: bad.append("options %r" % s.get("options"))
if s.get("inputs") != want_inputs: bad.append("inputs %r" % s.get("inputs"))
if list(s["payments_by_status"]) != ["SUCCESS", "success", "FAILED"]: bad.append("statuses")
print("; ".join(bad))
sys.exit(1 if bad else 0)
EOF
}
t summary_options_and_inputs summary_is "$tmp/run/summary.json"

# 3. report.html in a real browser (as report_test.sh renders it).
chrome=$(t_chrome)
page_has() { # name, html, patterns (report_check.py text)
  local name=$1 html=$2 msg
  shift 2
  if [ -z "$chrome" ]; then t_fail "$name: chromium absent (a missing tool is a failure)"; return; fi
  t_browse "$chrome" "$html" --dump-dom 1300,900 >"$html.dom"
  if msg=$("$py" "$check" text "$html.dom" "$@"); then t_pass "$name"; else t_fail "$name: $msg"; fi
}
d() { echo "${xxh[$1]}"; }
page_has "chromium zh: the alert, the options, every file's rows, reasons, trailer, size and digest, the status words" \
  "$tmp/run/report.html" \
  '数据提示：拒收 2 行；2 行付款的状态不是 SUCCESS（900\.00 元），未计为已付。见 数据质量与运行记录 。' \
  '欠薪企业 1 家 欠薪人数 1 人 欠薪金额 200\.00 元' \
  '数据质量与运行记录' '截至 2026-11-20 核查期间 2026-10 – 2026-10 项目范围 全部项目' \
  '容差（--tolerance） 0\.50 元 大额发放标准（--large-payment） 10,000\.00 元' \
  '失信名单金额标准 同一工人 5,000\.00 元（--list-worker-amount）；10 名以上工人合计 30,000\.00 元（--list-total-amount）' \
  '发薪日前预警（--warn-days） 应发日前 3 天' \
  "projects projects\\.csv ${size[projects.csv]} $(d projects.csv) 1 1 0 0 –" \
  "contracts contracts\\.csv ${size[contracts.csv]} $(d contracts.csv) 2 2 0 0 –" \
  "attendance attendance\\.csv ${size[attendance.csv]} $(d attendance.csv) 4 4 0 0 –" \
  "payments payments\\.csv ${size[payments.csv]} $(d payments.csv) 5 2 1 2 MISSING_VALUE 1, BAD_DATE 1 –" \
  "payments bank\\.txt ${size[bank.txt]} $(d bank.txt) 2 2 0 0 2 行相符，合计 700\\.00 元相符" \
  "格式描述 bank_pipe_gb18030\\.fmt $fsize $fxxh" \
  '状态 行数 金额 计为已付 SUCCESS 2 1,000\.00 是 success 1 600\.00 否：只有 SUCCESS 计为已付 FAILED 1 300\.00 否：只有 SUCCESS 计为已付' \
  '问题清单'
run_here "$tmp/en" --lang en
page_has "chromium en: the same record in English" "$tmp/en/report.html" \
  'Data to check: 2 rows rejected; 2 payment rows with a status other than SUCCESS \(900\.00 yuan\), not counted as paid\. See Data quality and run record \.' \
  'Tolerance \(--tolerance\) 0\.50 yuan' 'Early warning \(--warn-days\) 3 days before the due date' \
  "payments payments\\.csv ${size[payments.csv]} $(d payments.csv) 5 2 1 2 MISSING_VALUE 1, BAD_DATE 1 –" \
  "payments bank\\.txt ${size[bank.txt]} $(d bank.txt) 2 2 0 0 2 rows agree, total 700\\.00 agrees" \
  "descriptor bank_pipe_gb18030\\.fmt $fsize $fxxh" \
  'success 1 600\.00 no: only SUCCESS is FAILED 1 300\.00 no: only SUCCESS is'

# 4. The merge of two parts: the same record (from the partition's
# summary.json: the parts read part files), page and terminal.
# shellcheck disable=SC2046
(cd "$data" && "$bin" partition --parts 2 --quiet --out "$tmp/parts" $(cat args)) >/dev/null 2>&1
for p in "$tmp"/parts/part-*; do
  # shellcheck disable=SC2046
  (cd "$p" && "$bin" run $(cat args) --quiet --out out) >/dev/null 2>&1
done
"$bin" merge --out "$tmp/merged" "$tmp"/parts/*/out >"$tmp/merged.out" 2>&1
t merge_same_summary cmp "$tmp/run/summary.json" "$tmp/merged/summary.json"
t merge_same_page cmp "$tmp/run/report.html" "$tmp/merged/report.html"
t merge_same_terminal cmp <(grep -v '^outputs in' "$tmp/run.out") <(grep -v '^outputs in' "$tmp/merged.out")
# A part run with another tolerance than the partition's: refused.
p2=$tmp/parts/part-0002
# shellcheck disable=SC2046
(cd "$p2" && "$bin" run $(sed 's/--tolerance [0-9.]*/--tolerance 1.00/' args) --quiet --out out-tol) >/dev/null 2>&1
t merge_refuses_other_options fails_with 2 "run with other options" \
  "$bin" merge --quiet --out "$tmp/merged-tol" "$tmp/parts/part-0001/out" "$p2/out-tol"

# 5. cases.jsonl against the headline on the terminal (D213), on two
# hand-computed cases: c_unknown_account_many_payees (1 employer in
# arrears, 2 unknown accounts: README) and b_rate_below_minimum (one
# employer with six RATE_BELOW_MINIMUM flags and no arrears: README).
case_terminal() { # case
  # shellcheck disable=SC2046
  (cd "$root/testdata/cases/$1" && "$bin" run $(cat args) --out "$tmp/c-$1") >"$tmp/c-$1.out" 2>&1
}
case_terminal c_unknown_account_many_payees
case_terminal b_rate_below_minimum
t terminal_cases_line has_lines "$tmp/c-c_unknown_account_many_payees.out" \
  "cases (cases.jsonl): 3 = 1 employers in arrears (the headline's) + 0 employers with other high flags only + 0 clients + 2 accounts"
t terminal_cases_line_without_arrears has_lines "$tmp/c-b_rate_below_minimum.out" \
  "cases (cases.jsonl): 1 = 0 employers in arrears (the headline's) + 1 employers with other high flags only (RATE_BELOW_MINIMUM 6) + 0 clients + 0 accounts"
t_done
