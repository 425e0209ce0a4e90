#!/usr/bin/env python3
"""Re-encodes canonical payments CSV as the bank layout of
formats/bank_pipe_gb18030.fmt (GB18030, `|`, two title lines, Chinese
header, 1,234.50 amounts, YYYY/MM/DD dates, YYYY年MM月 periods, Chinese
status words, trailer `合计|rows|total|`), written independently of
wagerecon so a run on it can be compared with the run on the CSV.

usage: bank_from_canonical.py payments.csv > bank.txt"""
import csv, sys
from decimal import Decimal

STATUS = {"SUCCESS": "成功", "FAILED": "失败", "RETURNED": "退回", "PENDING": "处理中"}

def grouped(amount):
    whole, dot, frac = amount.partition(".")
    digits = whole.lstrip("0") or "0"
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return ",".join(parts) + dot + frac

rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
out = ["中国工商银行代发工资明细", "付款账号：多个  日期：2026年11月20日",
       "付款账号|交易流水号|收款人证件号|收款人姓名|收款账号|金额|交易日期|工资所属期|状态|备注|"]
total = Decimal(0)
for r in rows:
    total += Decimal(r["amount"])
    y, m = r["period"].split("-")
    out.append("|".join([r["account"], r["txn_id"], r["payee_id"], r["payee_name"],
                         r["payee_card"], grouped(r["amount"]), r["paid_at"].replace("-", "/"),
                         f"{y}年{m}月", STATUS.get(r["status"], r["status"]),
                         r.get("remark", "")]) + "|")
out.append(f"合计|{len(rows)}|{grouped(str(total))}|")
sys.stdout.buffer.write(("\r\n".join(out) + "\r\n").encode("gb18030"))
