/*
 * The Chinese words of `explain` (--lang zh, the default: DECISIONS D162):
 * each member name of the text, and each fixed phrase or printf format
 * the explanation writes, English beside Chinese. A format keeps its
 * conversions in the same order (tests/unit/explain_words_test.c checks
 * that, and that every phrase written in render*.c is here). RULES codes
 * (MISSING, SUCCESS, DAY ...), column names (paid_at, as_of ...) that
 * the inspector finds in the files, and section numbers stay as they are.
 * JSON never uses these: it is the same in every language.
 */
#include <string.h>

#include "emit.h"

const wr_explain_word wr_explain_keys_zh[] = {
    {"account", "账户"},
    {"amount", "金额"},
    {"arithmetic", "算式"},
    {"as_of", "核查日"},
    {"at", "来源"},
    {"attendance", "考勤行"},
    {"attendance_rows", "考勤行数"},
    {"attended", "有出勤的工人月份"},
    {"attended_days", "出勤日"},
    {"basis", "依据"},
    {"buckets", "工人月份"},
    {"card", "银行卡"},
    {"client_id", "建设单位代码"},
    {"client_name", "建设单位"},
    {"clipped", "月末截断"},
    {"comparison", "比较"},
    {"contract", "合同"},
    {"contracts", "合同"},
    {"counted", "计入"},
    {"counted_payee_names", "计入发放的收款人姓名"},
    {"counted_payments", "计入的发放记录"},
    {"counterparty", "对方账户"},
    {"counterparty_name", "对方户名"},
    {"credits", "计入的拨入"},
    {"credits_to_due_date", "至项目应发日的拨入"},
    {"cum_alloc", "累计拨付"},
    {"cum_owed", "累计应发"},
    {"date", "日期"},
    {"day_row_hours", "日考勤工时"},
    {"days", "天数"},
    {"days_late", "迟发天数"},
    {"days_left", "距应发日天数"},
    {"days_overdue", "逾期天数"},
    {"detail", "说明"},
    {"differs", "不一致"},
    {"direction", "方向"},
    {"due", "应发日推算"},
    {"due_date", "应发日"},
    {"employer", "用人单位"},
    {"employer_id", "用人单位代码"},
    {"employer_name", "用人单位"},
    {"first_day_below", "首个低于标准的出勤日"},
    {"flag", "线索"},
    {"flags_reaching", "达到标准的线索"},
    {"from", "起"},
    {"hours", "工时"},
    {"hours_from", "工时来源"},
    {"id", "编号"},
    {"in_before_run", "核查期前拨入"},
    {"is_due", "已到期"},
    {"kind", "类型"},
    {"list_total_amount", "单位列入金额"},
    {"list_worker_amount", "个人列入金额"},
    {"min_wage_effective_from", "最低工资标准生效日"},
    {"moved_back", "逐日前移"},
    {"name", "名称"},
    {"name_from", "姓名来源"},
    {"no_contract_days", "无合同出勤日"},
    {"not_counted", "不计入的流水"},
    {"note", "备注"},
    {"on_time", "按时"},
    {"opening", "期初结余"},
    {"out_before_run", "核查期前拨出"},
    {"owed", "应发"},
    {"owed_by", "应发构成"},
    {"owed_unknown_because", "应发无法计算的原因"},
    {"paid", "实发"},
    {"paid_at", "发放时间"},
    {"paid_on_time", "按时实发"},
    {"pay_date", "发薪日"},
    {"pay_day", "每月发薪日"},
    {"pay_day_from", "发薪日来源"},
    {"payee_id", "收款人身份证号"},
    {"payee_name", "收款人姓名"},
    {"payments", "发放记录"},
    {"period", "月份"},
    {"periods", "各月"},
    {"posted_at", "入账时间"},
    {"project", "项目"},
    {"project_due_date", "项目应发日"},
    {"project_id", "项目编号"},
    {"punch", "打卡时间"},
    {"rate", "单价"},
    {"rate_type", "计薪方式"},
    {"reaches_a", "达到条件 (a)"},
    {"reaches_b", "达到条件 (b)"},
    {"reaches_owed_minus_tolerance", "达到应发减容差"},
    {"region", "地区"},
    {"result", "结论"},
    {"roster_name", "花名册姓名"},
    {"rows", "记录"},
    {"rule", "规则"},
    {"run", "本次核查"},
    {"running_sum", "累计到账"},
    {"severity", "严重程度"},
    {"severity_why", "严重程度依据"},
    {"shortfall", "欠发"},
    {"status", "状态"},
    {"sum", "累计"},
    {"to", "止"},
    {"tolerance", "容差"},
    {"txn_id", "流水号"},
    {"unpaid", "未发人数"},
    {"valid_from", "生效日"},
    {"valid_to", "终止日"},
    {"wage_account", "工资专用账户"},
    {"weekday", "星期"},
    {"why", "原因"},
    {"worker", "工人"},
    {"worker_id", "身份证号"},
    {"workers", "工人"},
};
const size_t wr_explain_n_keys_zh = sizeof wr_explain_keys_zh / sizeof wr_explain_keys_zh[0];

const wr_explain_word wr_explain_phrases_zh[] = {
    {"yes", "是"},
    {"no", "否"},
    {"none", "无"},
    {"open", "长期"},
    {"Monday", "星期一"},
    {"Tuesday", "星期二"},
    {"Wednesday", "星期三"},
    {"Thursday", "星期四"},
    {"Friday", "星期五"},
    {"Saturday", "星期六"},
    {"Sunday", "星期日"},
    /* attended days and hours, RULES 4.1 */
    {"single punch 8.00", "仅一次打卡，计 8.00"},
    {"punch span %s-%s = %d s x 100 / 3600, down = %s",
     "打卡跨度 %s-%s = %d 秒 x 100 / 3600，向下取整 = %s"},
    {"max(largest day row %s, %s)", "max(最大的日考勤行 %s, %s)"},
    {"largest day row %s", "最大的日考勤行 %s"},
    /* owed, RULES 4.2, 4.3 */
    {"%s x %lld days = %s", "%s x %lld 天 = %s"},
    {"min(%s, round_half_up(%s x %lld days / 21.75) = %s) = %s",
     "min(%s, 四舍五入(%s x %lld 天 / 21.75) = %s) = %s"},
    {"PIECE: not computed from attendance (owed unknown)", "PIECE（计件）：不按考勤计算（应发未知）"},
    {"attended days without a contract (RULES 4.3)", "有出勤日没有适用的合同（RULES 4.3）"},
    {"days under a PIECE contract (RULES 4.3)", "有出勤日适用计件（PIECE）合同（RULES 4.3）"},
    /* due date, RULES 4.4 */
    {"contract %s, applicable on %s, the last attended day with a contract",
     "合同 %s，适用于 %s，即有合同的最后一个出勤日"},
    {"project %s pay_day (%s)", "项目 %s 的 pay_day（%s）"},
    {"the contract of the last contracted day sets none", "最后一个有合同的出勤日的合同未约定发薪日"},
    {"no attended day has a contract", "没有出勤日有合同"},
    {"default 15 (no pay_day in the contract or the project)", "默认 15 日（合同和项目均未约定发薪日）"},
    {"pay day %d is past the month's last day %d", "发薪日 %d 日超过当月最后一天 %d 日"},
    {"listed as HOLIDAY", "列为节假日（HOLIDAY）"},
    {"weekend, not listed as WORKDAY", "周末，未列为调休工作日（WORKDAY）"},
    {"a weekend day listed as WORKDAY: stays", "周末但列为调休工作日（WORKDAY）：不前移"},
    {"due_date %s < as_of %s", "应发日 %s < 核查日 %s"},
    {"due_date %s >= as_of %s: not yet due", "应发日 %s >= 核查日 %s：尚未到期"},
    /* payments, RULES 4.5 */
    {"counted: SUCCESS, first of its (account, txn_id), a wage account, paid_at <= as_of",
     "计入：状态 SUCCESS，同一（账户，流水号）的第一笔，工资专用账户，发放时间 <= 核查日"},
    {"counted for another project: %s (its account's), period %s",
     "计入另一项目：%s（该账户所属项目），月份 %s"},
    {"counted for another period: %s", "计入另一月份：%s"},
    {"out of scope: period outside the run (%s..%s)", "不在核查范围：月份不在本次核查期间（%s..%s）"},
    {"out of scope: its account is no --project's wage account",
     "不在核查范围：账户不是 --project 所列项目的工资专用账户"},
    {"duplicate: (account, txn_id) first read at %s", "重复：同一（账户，流水号）首次出现在 %s"},
    {"account is no project's wage_account", "账户不是任何项目的工资专用账户"},
    {"status %s is not SUCCESS", "状态 %s 不是 SUCCESS"},
    {"paid_at is after as_of", "发放时间晚于核查日"},
    {"yes: paid_at <= due_date", "是：发放时间 <= 应发日"},
    {"no: paid_at > due_date", "否：发放时间 > 应发日"},
    {"roster (first contract, else attendance row)", "花名册（第一份合同，否则考勤行）"},
    {"first counted payment's payee_name", "第一笔计入发放的收款人姓名"},
    /* status, RULES 5.1 */
    {"not yet due: no status (RULES 4.4)", "尚未到期：不判定（RULES 4.4）"},
    {"no attended days: no status (RULES 5.1)", "没有出勤日：不判定（RULES 5.1）"},
    {"paid = 0.00 (RULES 5.1 step 1)", "实发 = 0.00（RULES 5.1 第 1 步）"},
    {"owed unknown and paid > 0: no status (RULES 5.1 step 2)",
     "应发未知且实发 > 0：不判定（RULES 5.1 第 2 步）"},
    {"paid_on_time %s >= owed - tolerance %s (RULES 5.1 step 2)",
     "按时实发 %s >= 应发减容差 %s（RULES 5.1 第 2 步）"},
    {"paid_on_time %s < owed - tolerance %s <= paid %s (RULES 5.1 step 3)",
     "按时实发 %s < 应发减容差 %s <= 实发 %s（RULES 5.1 第 3 步）"},
    {"paid %s < owed - tolerance %s (RULES 5.1 step 4)", "实发 %s < 应发减容差 %s（RULES 5.1 第 4 步）"},
    {"owed = %s", "应发 = %s"},
    /* why the flag, RULES 5.2 */
    {"the status above (RULES 5.1)", "见上面的状态（RULES 5.1）"},
    {"due, attended, owed known, paid %s > owed + tolerance %s (RULES 5.2)",
     "已到期、有出勤、应发已知，实发 %s > 应发加容差 %s（RULES 5.2）"},
    {"%u attended days with no applicable contract (no_contract_days above, RULES 4.2)",
     "%u 个出勤日没有适用的合同（见上面的无合同出勤日，RULES 4.2）"},
    {"paid %s > 0 with no attended day in the period; the worker has %s in %s (RULES 5.2)",
     "实发 %s > 0 但当月没有出勤日；该工人有%s，项目 %s（RULES 5.2）"},
    {"a contract and attendance", "合同和考勤"},
    {"a contract", "合同"},
    {"attendance in another period", "其他月份的考勤"},
    {"paid %s > 0 to a worker with no contract and no attendance in %s (RULES 5.2)",
     "实发 %s > 0，收款人在项目 %s 既无合同也无考勤（RULES 5.2）"},
    {"a counted payment's payee_name, normalised, differs from the roster name, normalised "
     "(RULES 3, 5.2)",
     "一笔计入发放的收款人姓名（规范化后）与花名册姓名（规范化后）不同（RULES 3, 5.2）"},
    {"a contract rate below the minimum wage in force (RULES 5.2, DECISIONS D13, D14)",
     "合同单价低于当时有效的最低工资标准（RULES 5.2, DECISIONS D13, D14）"},
    {"MONTH %s < monthly %s", "按月 MONTH %s < 月最低工资 %s"},
    {"DAY %s < monthly %s / 21.75 (%s x 21.75 < %s)",
     "按日 DAY %s < 月最低工资 %s / 21.75（%s x 21.75 < %s）"},
    {"HOUR %s < hourly %s", "按小时 HOUR %s < 小时最低工资 %s"},
    {"HOUR %s < monthly %s / 21.75 / 8 (%s x 21.75 x 8 < %s)",
     "按小时 HOUR %s < 月最低工资 %s / 21.75 / 8（%s x 21.75 x 8 < %s）"},
    /* a worker's ID and contracts, RULES 5.2, DECISIONS D15, D19 */
    {"valid (no INVALID_ID)", "有效（无 INVALID_ID）"},
    {"%u characters, not 18 (DECISIONS D15)", "%u 个字符，不是 18 个（DECISIONS D15）"},
    {"a non-digit among the first 17 characters (DECISIONS D15)", "前 17 个字符中有非数字（DECISIONS D15）"},
    {"check character %c, but the first 17 digits call for %c (GB 11643, ISO 7064 MOD 11-2)",
     "校验码为 %c，但按前 17 位应为 %c（GB 11643, ISO 7064 MOD 11-2）"},
    {"the birth date (characters 7-14) is no calendar day", "出生日期（第 7-14 位）不是日历上的日期"},
    {"the birth date (characters 7-14) is before 1900-01-01 or after as_of (DECISIONS D15)",
     "出生日期（第 7-14 位）早于 1900-01-01 或晚于核查日（DECISIONS D15）"},
    {"%s and %s are both valid %s..%s (first overlapping pair in read order, DECISIONS D19)",
     "%s 与 %s 在 %s..%s 同时有效（按读取顺序第一对重叠的合同，DECISIONS D19）"},
    /* an account, RULES 4.5, 5.2 */
    {"%u in-scope rows have this (account, txn_id); only the first can count (RULES 4.5, 5.2)",
     "范围内有 %u 行为同一（账户，流水号）；只有第一行可以计入（RULES 4.5, 5.2）"},
    {"no project's wage_account is this account; %u distinct (account, txn_id) rows pay from it "
     "(RULES 5.2)",
     "该账户不是任何项目的工资专用账户；有 %u 个不同的（账户，流水号）从它发放（RULES 5.2）"},
    /* a project, card or employer, RULES 4.6, 5.3 */
    {"RULES 4.6: cum_alloc(P) < cum_owed(P) - tolerance, project due date before as_of",
     "RULES 4.6：累计拨付 cum_alloc(P) < 累计应发 cum_owed(P) 减容差，项目应发日早于核查日"},
    {"RULES 5.3: U MISSING flags among A buckets with attended days (due or not); high when "
     "10 x U > A",
     "RULES 5.3：A 个有出勤的工人月份（不论是否到期）中有 U 条未发工资（MISSING）线索；"
     "10 x U > A 时为高"},
    {"RULES 5.3: (a) one worker, 3+ periods, >= --list-worker-amount; (b) 10+ workers, >= "
     "--list-total-amount; shortfall = all the employer's shortfall-bearing flags (UNDERPAID, "
     "MISSING with owed known)",
     "RULES 5.3：(a) 一名工人 3 个月以上、金额 >= --list-worker-amount；(b) 10 名以上工人、"
     "金额 >= --list-total-amount；欠发 = 该单位所有带欠发金额的线索（UNDERPAID，应发已知的 "
     "MISSING）"},
    {"RULES 5.3: counted payments of the project's wage account for P to one payee_card (ASCII "
     "spaces removed; empty never matches) for two or more distinct payee_ids",
     "RULES 5.3：项目工资专用账户在 P 月计入的发放中，同一收款卡 payee_card（去掉 ASCII 空格；"
     "空卡号不算相同）收款人有两个以上不同的 payee_id"},
    /* ALLOCATION_SHORT's statement rows, RULES 4, 4.6 */
    {"counted rows posted before the run's first day: IN - OUT, 0 if negative",
     "核查期首日前入账的计入流水：IN - OUT，为负时取 0"},
    {"out of scope: its project is not chosen by --project (RULES 4)",
     "不在核查范围：所属项目未被 --project 选中（RULES 4）"},
    {"out of scope: posted after as_of (RULES 4)", "不在核查范围：入账时间晚于核查日（RULES 4）"},
    {"duplicate: (account, txn_id) first read at %s; only the first counts (RULES 4)",
     "重复：同一（账户，流水号）首次出现在 %s；只有第一行计入（RULES 4）"},
    {"OUT in the run: payouts do not reduce cum_alloc (RULES 4.6)",
     "核查期内的拨出（OUT）：支出不减少累计拨付 cum_alloc（RULES 4.6）"},
    {"IN posted after the project due date %s of this period (RULES 4.6)",
     "拨入（IN）入账晚于本月的项目应发日 %s（RULES 4.6）"},
    {"unknown: not in cum_owed (RULES 4.3, 4.6)", "未知：不计入累计应发 cum_owed（RULES 4.3, 4.6）"},
    /* UNPAID_HEADCOUNT, LIST_THRESHOLD, RULES 5.3 */
    {"not yet due", "尚未到期"},
    {"yes: 3 or more periods, shortfall >= list_worker_amount",
     "是：3 个月以上，欠发 >= list_worker_amount"},
    {"no: fewer than 3 periods", "否：不足 3 个月"},
    {"no: shortfall below list_worker_amount", "否：欠发低于 list_worker_amount"},
    {"yes: 10 or more workers, shortfall >= list_total_amount",
     "是：10 名以上工人，欠发 >= list_total_amount"},
    {"no: fewer than 10 workers", "否：不足 10 名工人"},
    {"no: shortfall below list_total_amount", "否：欠发低于 list_total_amount"},
    /* LARGE_PAYMENT, DUE_SOON, RULES 5.3 */
    {"paid %s > --large-payment %s (RULES 5.3)", "实发 %s > --large-payment %s（RULES 5.3）"},
    {"not yet due, %d <= --warn-days %d, and %s (RULES 5.3)",
     "尚未到期，%d <= --warn-days %d，且%s（RULES 5.3）"},
    {"paid = 0.00", "实发 = 0.00"},
    {"owed known, paid < owed - tolerance", "应发已知，实发 < 应发减容差"},
    {"paid %s < owed - tolerance %s", "实发 %s < 应发减容差 %s"},
};
const size_t wr_explain_n_phrases_zh =
    sizeof wr_explain_phrases_zh / sizeof wr_explain_phrases_zh[0];

static const char *find(const wr_explain_word *t, size_t n, const char *en)
{
    for (size_t i = 0; i < n; i++) /* ~100 entries, a few lookups per line */
        if (strcmp(t[i].en, en) == 0)
            return t[i].zh;
    return NULL;
}

const char *wr_explain_key_zh(const char *key)
{
    return find(wr_explain_keys_zh, wr_explain_n_keys_zh, key);
}

const char *wr_explain_phrase_zh(const char *en)
{
    return find(wr_explain_phrases_zh, wr_explain_n_phrases_zh, en);
}
