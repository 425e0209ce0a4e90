#!/usr/bin/env bash
# report.html (issue 7): on every end-to-end case the page is
# self-contained and shows no full ID, card or account; in a real browser
# (headless Chromium) the page of two hand-computed cases shows the
# headline figures of their READMEs, in Chinese and with --lang en, and
# renders to a PNG; the caps of a large run hold (DECISIONS D35); the v2
# supervision sections (allocation, early warnings, list threshold) and
# each flag's legal basis show on the hand-computed v2 cases (D120, D121).
# One "ok"/"FAIL" line per check. Usage: report_test.sh WAGERECON_BIN GEN_BIN
set -u
bin=$(realpath "$1")
gen=$(realpath "$2")
. "$(dirname "$0")/lib.sh"
t_init report
t_plan 19
cases="$root/testdata/cases"
check="$root/tests/e2e/report_check.py"
py=/usr/bin/python3
[ -x "$py" ] || py=python3

run_case() { # case, out dir, extra args...
  local c=$1 out=$2
  shift 2
  (cd "$cases/$c" && eval "\"$bin\" run $(cat args) --quiet --out \"$out\" $*") >"$out.log" 2>&1
}

# 1. Every case: self-contained, masked.
bad=""
n=0
for dir in "$cases"/*/; do
  name=$(basename "$dir")
  want=$(cat "$dir/expected/exit")
  [ "$want" = 0 ] || [ "$want" = 3 ] || continue
  for lang in zh en; do
    out="$tmp/$name-$lang"
    run_case "$name" "$out" --lang "$lang"
    if [ ! -s "$out/report.html" ]; then bad="$bad $name/$lang: no report.html;"; continue; fi
    msg=$("$py" "$check" static "$out/report.html" "$dir") || bad="$bad $name/$lang: $msg;"
    # D170: every flag of the case on the page, with its flag_id and anchor.
    msg=$("$py" "$check" flag_ids "$out/report.html" "$dir/expected/flags.csv" all) ||
      bad="$bad $name/$lang: $msg;"
    n=$((n + 1))
  done
done
if [ -z "$bad" ]; then t_pass "self-contained, IDs and cards masked, every flag with its flag_id and anchor ($n reports)";
else t_fail "self-contained/masked:$bad"; fi

# 2. --lang takes zh or en only.
(cd "$cases/b_missing" && "$bin" run $(cat args) --quiet --lang fr --out "$tmp/fr") >/dev/null 2>"$tmp/fr.err"
rc=$?
if [ "$rc" = 2 ] && grep -q -- "--lang wants zh or en" "$tmp/fr.err" && [ ! -e "$tmp/fr" ]; then
  t_pass "--lang fr is a usage error (exit 2)"
else t_fail "--lang fr: exit $rc, $(head -1 "$tmp/fr.err")"; fi

# 3. Caps on a large run (generator data; counts from its labels.csv).
"$gen" --workers 4000 --out "$tmp/gen" >/dev/null 2>&1
labels=$(($(wc -l < "$tmp/gen/labels.csv") - 1))
(cd "$tmp/gen" && "$bin" run $(cat args) --quiet --out "$tmp/gen-out") >/dev/null 2>&1
# D173: every MISSING and UNDERPAID flag, at most 50 rows of each other
# kind, each kind left out named with its count (from labels.csv).
if [ "$labels" -gt 500 ] &&
   msg=$("$py" "$check" kinds_shown "$tmp/gen-out/report.html" "$tmp/gen-out/flags.csv" \
         "$tmp/gen/labels.csv" 50); then
  t_pass "every MISSING and UNDERPAID flag of $labels on the page, 50 rows of each other kind, the rest counted per kind"
else t_fail "flag rows by kind ($labels flags): $msg"; fi
project=$(sed -n 2p "$tmp/gen/projects.csv" | cut -d, -f1)
(cd "$tmp/gen" && "$bin" run $(cat args) --project "$project" --quiet --out "$tmp/gen-p") >/dev/null 2>&1
first=$(grep -m1 -A0 'class="worker"' "$tmp/gen-p/report.html")
if msg=$("$py" "$check" count "$tmp/gen-p/report.html" '<div class="worker">' 300) &&
   grep -q "另有 [0-9]* 个工人月份未列出" "$tmp/gen-p/report.html" &&
   echo "$first" | grep -q 'sev-high'; then
  t_pass "caps calendars at 300 worker-months, those in arrears first"
else t_fail "calendar cap: ${msg:-no note or first calendar not in arrears}"; fi

# 4. A real browser.
chrome=$(t_chrome)
if [ -z "$chrome" ]; then # a missing tool is a failure, never a pass
  t_fail "browser: chromium absent ('make deps' as root installs Debian's chromium)"; exit 1
fi
browse() { t_browse "$chrome" "$@"; } # html, --dump-dom or --screenshot=FILE, window size
png_size() { "$py" -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); assert d[:8]==b"\x89PNG\r\n\x1a\n"; print("%dx%d" % struct.unpack(">II", d[16:24]))' "$1" 2>/dev/null; }

# b_project_scope (README): MISSING 金燕 300.00 at P001 (employer ...0001),
# LATE 毛俊 paid 700.00 on 11-12 against due 11-10 (card ...0453).
html="$tmp/b_project_scope-zh/report.html"
browse "$html" --dump-dom 1300,900 >"$tmp/scope.dom"
if msg=$("$py" "$check" text "$tmp/scope.dom" \
      '核查期间 2026-10 – 2026-10 · 截至 2026-11-20 · 项目：P001, P003' \
      '欠薪企业 1 家' '欠薪人数 1 人' '欠薪金额 300\.00 元' \
      '未发工资 MISSING 1' '迟发工资 LATE 1' \
      'P001 杨浦滨江公共空间 上海杨浦建设发展有限公司 2026-10 2 1 1/2 \(50%\) 900\.00 600\.00 300\.00' \
      '问题清单' '金燕 310110\*\*\*\*\*\*\*\*0226' '300\.00 逾期 10 天' '毛俊 310110\*\*\*\*\*\*\*\*0453 \*\*\*\*0453' '迟发 2 天' \
      '工人出勤与发薪日历' '金燕' '发薪记录: 无发薪记录' '毛俊' '2026-11-12 700\.00 \*\*\*\*0453 逾期发薪' \
      '!310110198706110226'); then
  t_pass "chromium zh: b_project_scope headline 1 / 1 / 300.00, flags and calendars"
else t_fail "chromium zh: $msg"; fi
browse "$html" --screenshot="$tmp/scope.png" 1300,2200 >/dev/null
size=$(png_size "$tmp/scope.png")
if [ "$size" = 1300x2200 ] && [ "$(stat -c %s "$tmp/scope.png")" -gt 20000 ]; then
  t_pass "chromium renders b_project_scope to a PNG ($size)"
  [ -n "${REPORT_PNG_DIR:-}" ] && cp "$tmp/scope.png" "$REPORT_PNG_DIR/"
else t_fail "chromium screenshot: '$size' ($(tail -2 "$tmp/chromium.log"))"; fi

# b_underpaid (README) in English: 1 employer, 4 workers, 1,079.00; flags by
# shortfall 758.62 (高雪梅) > 200.00 (罗永平) > 120.00 (何建国) > 0.38 (林志强).
html="$tmp/b_underpaid-en/report.html"
browse "$html" --dump-dom 1300,900 >"$tmp/underpaid.dom"
if msg=$("$py" "$check" text "$tmp/underpaid.dom" \
      'Periods 2026-10 – 2026-10 · as of 2026-11-20 · Projects: all' \
      'Employers in arrears 1' 'Workers in arrears 4' 'Amount in arrears 1,079\.00 yuan' \
      'Underpaid UNDERPAID 4' 'P001 .*? 2026-10 4 4 4/4 \(100%\) 10,238\.00 9,159\.00 1,079\.00 4 0' \
      'Flags, most severe and largest first' \
      '高雪梅 220102\*\*\*\*\*\*\*\*0346 \*\*\*\*0346 2026-10 2026-11-14 2,758\.62 2,000\.00 2,000\.00 758\.62 6 days overdue' \
      '罗永平 .*? 200\.00 6 days overdue' '何建国 .*? 120\.00 6 days overdue' '林志强 .*? 0\.38 6 days overdue' \
      '!欠薪' '!Attendance and pay calendar'); then
  t_pass "chromium en: b_underpaid headline 1 / 4 / 1,079.00 (money grouped by thousands), largest shortfall first"
else t_fail "chromium en: $msg"; fi
# 5. The v2 supervision sections (issue 13, DECISIONS D120, D121), expected
# values from the cases' READMEs (computed by hand from RULES.md).
v2_page() { # check name, case, --lang, then the patterns its page text must match
  local name=$1 c=$2 lang=$3 msg
  shift 3
  run_case "$c" "$tmp/v2-$c" --lang "$lang"
  browse "$tmp/v2-$c/report.html" --dump-dom 1300,900 >"$tmp/v2-$c.dom"
  if msg=$("$py" "$check" text "$tmp/v2-$c.dom" "$@"); then t_pass "$name"
  else t_fail "$name: $msg"; fi
}
# v2_allocation_client_cases: CL-1 short 500.00 (09) and 1,000.00 (10),
# client 91330100MA2CLI0001 without a name; CL-2 short 200.00, no client;
# CL-3 short 400.00 (09), client 杭州城投置业有限公司; 3 covered, 3 short,
# 1,000.00 + 200.00 + 400.00 = 1,600.00 in each one's latest month.
v2_page "chromium zh: v2_allocation_client_cases allocation section (3 covered, 3 short, 1,600.00; clients named) and basis 第二十四条" v2_allocation_client_cases zh \
      '人工费用拨付（农民工工资专用账户流水）' \
      '有专用账户流水的项目 3 个，其中拨付不足 3 个，不足金额 1,600\.00 元' \
      '项目 建设单位 施工总承包单位 月份 项目应发日 累计应发 累计拨付 拨付不足' \
      'CL-1 钱塘区人才公寓 91330100MA2CLI0001 浙江钱塘建设集团有限公司 91330100MA2V2CL001 2026-09 2026-10-09 1,500\.00 1,000\.00 500\.00 逾期 42 天' \
      'CL-1 .*? 2026-10 2026-11-10 3,000\.00 2,000\.00 1,000\.00 逾期 10 天' \
      'CL-2 .*? 未登记（归入施工总承包单位案件） 浙江钱塘建设集团有限公司 .*? 2026-10 2026-11-10 1,200\.00 1,000\.00 200\.00 逾期 10 天' \
      'CL-3 .*? 杭州城投置业有限公司 91330100MA2CLI0001 宁波甬江建工有限公司 91330200MA2V2CL002 2026-09 2026-10-09 1,000\.00 600\.00 400\.00 逾期 42 天' \
      '没有用人单位的欠薪达到金额标准' '问题清单' \
      '人工费用拨付不足 ALLOCATION_SHORT CL-1 .*? 1,000\.00 逾期 10 天 client=91330100MA2CLI0001 《保障农民工工资支付条例》第二十四条' \
      '!欠薪预警'
# v2_due_soon (--warn-days 5, as of 11-05): 莫志军 due 11-05 (0 days), then
# 覃立新, 黄永强 (paid 1,000.00 of 1,500.00) and 农秀英 (owed unknown) due
# 11-10; 韦春花 due in 6 days and 蒙丽 paid in full are not warned.
v2_page "chromium en: v2_due_soon early warnings, fewest days left first (0, 5, 5, 5), basis in English" v2_due_soon en \
      'No wage account statement given' \
      'Early warning: due within 5 days and not paid in full' \
      'Due in Due Project Name ID number Month Owed Paid' \
      '0 days 2026-11-05 DS-1 莫志军 450103\*\*\*\*\*\*\*\*2285 2026-10 1,500\.00 0\.00' \
      '5 days 2026-11-10 DS-1 覃立新 450103\*\*\*\*\*\*\*\*2008 2026-10 1,500\.00 0\.00' \
      '5 days 2026-11-10 DS-1 黄永强 450103\*\*\*\*\*\*\*\*2143 2026-10 1,500\.00 1,000\.00' \
      '5 days 2026-11-10 DS-1 农秀英 450103\*\*\*\*\*\*\*\*2492 2026-10 0\.00' \
      'No employer.s arrears reach the amount standard' \
      'Not paid MISSING DS-1 陆海燕 .*? Regulation on Guaranteeing Payment of Wages to Migrant Workers, art\. 12' \
      '!韦春花' '!蒙丽'
# v2_list_threshold_both: employer 91410100MA4V2AB001 reaches (a) and (b)
# (--list-total-amount 15000.00), shortfall 15,000.00.
v2_page "chromium zh: v2_list_threshold_both employer at the list standard (a+b, 15,000.00) and its basis" v2_list_threshold_both zh \
      '达到失信联合惩戒名单金额标准的用人单位' \
      '河南中原建设集团有限公司 91410100MA4V2AB001 同一工人 3 个以上月份欠薪，合计不少于 5,000\.00 元；10 名以上工人欠薪，合计不少于 15,000\.00 元 15,000\.00' \
      '这是移送线索，不是认定' \
      '达到失信名单金额标准 LIST_THRESHOLD 15,000\.00 condition=a\+b 《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第五条；《最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释》（法释〔2013〕3号）第三条'
# 6. Issue 15 item 4 (DECISIONS D171-D174).
# c_cross_worker_dup_txn (README, by hand): CX-P1's employer 吴芳 MISSING
# 900.00 + 郑强 UNDERPAID 400.00 = 1,300.00, 2 workers; CX-P2's 冯军
# MISSING 600.00; each with its UNKNOWN_PAYEE and UNPAID_HEADCOUNT; cases
# as expected/cases.jsonl; total 2 employers, 3 workers, 1,900.00.
v2_page "chromium zh: employers section, largest first, flags by kind, case ids, total = headline (c_cross_worker_dup_txn)" c_cross_worker_dup_txn zh \
      '欠薪企业 2 家 欠薪人数 3 人 欠薪金额 1,900\.00 元' '按用人单位：欠薪及其案件' \
      '苏州工业园区建设有限公司 91320506MA1CXD0001 CX-P1 2 1,300\.00 未发工资 1，少发工资 1，非本项目人员收款 1，项目欠薪人数预警 1 d7d7ad745dbbcc6c' \
      '安徽临泉建工集团有限公司 91341221MA2CXD0002 CX-P2 1 600\.00 未发工资 1，非本项目人员收款 1，项目欠薪人数预警 1 a83c44ac3781b968' \
      '合计 2 家 3 1,900\.00'
# A 20,000-worker district in Chromium: every planted MISSING and
# UNDERPAID flag on the page, each row with its flag_id, the employers
# section = the planted employers and the headline.
"$gen" --workers 20000 --out "$tmp/g20" >/dev/null 2>&1
(cd "$tmp/g20" && "$bin" run $(cat args) --quiet --out "$tmp/g20-out") >/dev/null 2>&1
browse "$tmp/g20-out/report.html" --dump-dom 1300,900 >"$tmp/g20.dom"
if msg=$("$py" "$check" kinds_shown "$tmp/g20.dom" "$tmp/g20-out/flags.csv" "$tmp/g20/labels.csv" 50) &&
   msg=$("$py" "$check" flag_ids "$tmp/g20.dom" "$tmp/g20-out/flags.csv") &&
   msg=$("$py" "$check" employers "$tmp/g20.dom" "$tmp/g20/projects.csv" "$tmp/g20/labels.csv" "$tmp/g20-out/flags.csv"); then
  t_pass "chromium, 20,000 workers: every MISSING/UNDERPAID flag shown with its flag_id, employers add up to the headline"
else t_fail "chromium, 20,000 workers: $msg"; fi
# D213, D214: cases.jsonl against the headline on the same run (employer
# cases with arrears = the headline's employers and amount, the others
# 0.00; one account case per planted UNKNOWN_ACCOUNT, as its flag's detail
# says), the page's note gives those counts, and each UNKNOWN_ACCOUNT row
# names its account case.
if msg=$("$py" "$check" cases "$tmp/g20.dom" "$tmp/g20-out/cases.jsonl" "$tmp/g20-out/flags.csv" "$tmp/g20/labels.csv"); then
  t_pass "chromium, 20,000 workers: cases.jsonl reconciled with the headline, one account case per UNKNOWN_ACCOUNT, on the page"
else t_fail "chromium, 20,000 workers, cases: $msg"; fi
# The early-warning section's cap (D121): 500 rows, the rest counted
# (DUE_SOON planted by the generator, from labels.csv; --warn-days 5 in
# its args). The allocation and list sections stay under 500 rows there.
due=$(grep -c '^DUE_SOON,' "$tmp/g20/labels.csv")
rows=$(sed -n '/<table id="due-soon">/,/<\/table>/p' "$tmp/g20-out/report.html" | grep -c '^<tr>')
if [ "$due" -gt 500 ] && [ "$rows" = 500 ] &&
   grep -q "另有 $((due - 500)) 行未列出，见 flags.csv。" "$tmp/g20-out/report.html"; then
  t_pass "early warnings capped at 500 rows of $due, the rest counted"
else t_fail "early-warning cap: $rows rows of $due"; fi
# b_rate_below_minimum (README, by hand): each flag's rate against the
# minimum in force on its first day below, page order owed largest first:
# 昌平 640.00, 严华 255.98, 苗青 252.00, 彭军 191.92, 韦东 127.92, 姜涛 125.97.
v2_page "chromium zh: RATE_BELOW_MINIMUM shows the rate, the minimum in force and the first day below (b_rate_below_minimum)" b_rate_below_minimum zh \
      '昌平 .*? 工资标准 MONTH 2783\.99 < monthly 2784\.00；地区 上海 最低工资自 2026-10-16 起执行；首个低于标准的出勤日 2026-10-19' \
      '严华 .*? 工资标准 DAY 127\.99 < monthly 2784\.00 / 21\.75 \(127\.99 x 21\.75 < 2784\.00\)；地区 上海 最低工资自 2026-10-16 起执行；首个低于标准的出勤日 2026-10-19' \
      '苗青 .*? 工资标准 DAY 126\.00 < monthly 2784\.00 / 21\.75 .*?；地区 上海 最低工资自 2026-10-16 起执行；首个低于标准的出勤日 2026-10-16' \
      '彭军 .*? 工资标准 HOUR 23\.99 < hourly 24\.00；地区 上海 最低工资自 2025-07-01 起执行；首个低于标准的出勤日 2026-10-13' \
      '韦东 .*? 工资标准 HOUR 15\.99 < monthly 2784\.00 / 21\.75 / 8 .*?；地区 上海 最低工资自 2026-10-16 起执行；首个低于标准的出勤日 2026-10-22' \
      '姜涛 .*? 工资标准 DAY 125\.97 < monthly 2740\.00 / 21\.75 .*?；地区 上海 最低工资自 2025-07-01 起执行；首个低于标准的出勤日 2026-10-12'
# D214, c_unknown_account_many_payees (README, by hand): U2 ...0399 pays
# 何强 800.00 (one payee); U1 ...4567's first row pays 黄志 (FAILED), four
# payees, SUCCESS 500.00 + 3,000.00 = 3,500.00; each goes into its account
# case, case_id XXH3-64 of CASE|account|<account>|2026-10|2026-10 (xxhsum).
# D213: 3 cases = 1 employer in arrears + 0 without + 0 client + 2 accounts.
v2_page "chromium zh: UNKNOWN_ACCOUNT with its payee (masked), amount paid and account case; cases against the headline (c_unknown_account_many_payees)" c_unknown_account_many_payees zh \
      'cases\.jsonl 共 3 件案件：用人单位案件 1 件有欠薪，即上表（页首的欠薪企业）；0 件没有欠薪（金额 0\.00），只因其他高严重程度线索立案（无）；建设单位案件 0 件（人工费用拨付不足）；账户案件 2 件' \
      '非专用账户 UNKNOWN_ACCOUNT account=\*\*\*\*0399 txn_id=M01 rows=1；收款人 何强 440305\*\*\*\*\*\*\*\*0443 等共 1 人；从该账户已付 800\.00 元（SUCCESS，截至核查日）；归入账户案件 2fdc544acbbbfa91' \
      '非专用账户 UNKNOWN_ACCOUNT account=\*\*\*\*4567 txn_id=K30 rows=5；收款人 黄志 440305\*\*\*\*\*\*\*\*0337 等共 4 人；从该账户已付 3,500\.00 元（SUCCESS，截至核查日）；归入账户案件 62b969bdeeec50c8' \
      '!440305197611220443'
# D213, b_rate_below_minimum (README): six RATE_BELOW_MINIMUM flags of P001's
# employer and nothing else: its case has no arrears (the headline is 0),
# listed with its case_id, XXH3-64 of CASE|91310115MA1HRBM001|2026-10|2026-10.
v2_page "chromium en: an employer case without arrears (RATE_BELOW_MINIMUM only) listed with its case against the headline (b_rate_below_minimum)" b_rate_below_minimum en \
      'Employers in arrears 0' \
      'cases\.jsonl holds 1 cases: 0 employer cases with arrears, .*?; 1 employer cases without arrears \(amount 0\.00\), opened for other high-severity flags only \(Rate below minimum wage RATE_BELOW_MINIMUM 6\); 0 client cases \(ALLOCATION_SHORT\); 0 account cases' \
      'Employer cases without arrears Employer High-severity flags Case 上海浦江建设工程有限公司 91310115MA1HRBM001 Rate below minimum wage 6 5cc1b5a42c6dad6a'
# b_underpaid: owed 10,238.00, paid 9,159.00, arrears 1,079.00 in one
# project-month: owed fills the 360 px panel, paid 9159 x 360 / 10238 =
# 322 px, arrears its own 240 px panel (one scale with owed: 37 px).
html="$tmp/b_underpaid-en/report.html"
if "$py" "$check" count "$html" '<rect x="200" y="30" width="360" height="10" fill="#90a4ae"/>' 1 >/dev/null &&
   "$py" "$check" count "$html" '<rect x="200" y="41" width="322" height="10" fill="#43a047"/>' 1 >/dev/null &&
   msg=$("$py" "$check" count "$html" '<g class="arrears"><rect x="680" y="30" width="240" height="21"' 1); then
  t_pass "chart: arrears on their own scale (240 px for 1,079.00 beside owed 10,238.00 at 360 px)"
else t_fail "chart scales: ${msg:-owed/paid bars}"; fi
# Printing: A4 landscape, headers in <thead> (repeated on each printed
# page), and laid out at A4's printable width (277 mm = 1047 px) by
# Chromium no table wider than the page, no short cell broken over lines.
html="$tmp/gen-p/report.html"
"$py" "$check" print_copy "$html" "$tmp/print.html" >/dev/null
browse "$tmp/print.html" --dump-dom 1047,800 >"$tmp/print.dom"
timeout 600 "$chrome" --headless --no-sandbox --disable-gpu --no-first-run \
  --user-data-dir="$(mktemp -d "$tmp/profile.XXXXXX")" --print-to-pdf="$tmp/project.pdf" \
  "file://$html" 2>>"$tmp/chromium.log"
pages=$("$py" -c 'import re,sys; d=open(sys.argv[1],"rb").read(); print(len(re.findall(rb"/Type\s*/Page[^s]", d)))' "$tmp/project.pdf" 2>/dev/null)
if grep -q '@page{size:A4 landscape' "$html" &&
   "$py" "$check" count "$html" '<table id="(flags|ledger)"><thead><tr>' 2 >/dev/null &&
   grep -q '/MediaBox \[0 0 841\.9[0-9]* 594\.9[0-9]*\]' "$tmp/project.pdf" &&
   msg=$("$py" "$check" print_layout "$tmp/print.dom"); then
  t_pass "print: A4 landscape, table headers repeated, no table wider than the page, no short cell broken ($pages pages for $project)"
else t_fail "print: ${msg:-no A4 page or no thead} ($pages pages)"; fi
t_done report
