#!/usr/bin/env python3
"""Checks `wagerecon explain --json` against the run's flags.csv row.

usage: explain_check.py FLAGS_CSV FLAG_ID JSON_FILE
Exits 1 naming the first disagreement: explain must give the same
numbers as the run (owed, paid, paid_on_time, due_date, status and its
figures), for every kind of flag.
"""
import csv
import json
import sys

BUCKET = {"MISSING", "UNDERPAID", "LATE", "OVERPAID", "NO_CONTRACT", "NO_ATTENDANCE",
          "UNKNOWN_PAYEE", "NAME_MISMATCH", "RATE_BELOW_MINIMUM"}
PAIR = {"INVALID_ID", "CONTRACT_OVERLAP"}


def fail(msg):
    print(msg)
    sys.exit(1)


def same(what, got, want):
    if got != want:
        fail(f"{what}: explain says {got!r}, flags.csv {want!r}")


def tail(text):
    """The result of an arithmetic line such as 'a - b = 6' or 'owed = 1.00'."""
    return text.rsplit("= ", 1)[1]


def main():
    flags_csv, flag_id, json_file = sys.argv[1:4]
    row = next(r for r in csv.DictReader(open(flags_csv, encoding="utf-8"))
               if r["flag_id"] == flag_id)
    x = json.load(open(json_file, encoding="utf-8"))
    kind = row["kind"]
    same("flag_id", x["flag_id"], flag_id)
    same("kind", x["kind"], kind)
    same("severity", x["severity"], row["severity"])
    if kind in BUCKET | PAIR:
        same("worker_id", x["worker"]["id"], row["worker_id"])
        same("worker_name", x["worker"]["name"], row["worker_name"])
        same("project_id", x["project"]["id"], row["project_id"])
        same("employer_id", x["project"]["employer_id"], row["employer_id"])
    if kind in BUCKET:
        same("period", x["period"], row["period"])
        same("due_date", x["due"]["due_date"], row["due_date"])
        same("owed", x["owed"], row["owed"] or None)
        same("paid", x["paid"], row["paid"])
        same("paid_on_time", x["paid_on_time"], row["paid_on_time"])
        st = x["status"]
        if kind in ("MISSING", "UNDERPAID", "LATE"):
            same("status", st["result"], kind)
        if kind in ("MISSING", "UNDERPAID"):
            same("days_overdue", tail(st["days_overdue"]), row["days_overdue"])
            same("shortfall", st["shortfall"] and tail(st["shortfall"]), row["shortfall"] or None)
        if kind == "LATE":
            same("days_late", tail(st["days_late"]), row["days_late"])
        counted = [p for p in x["payments"] if p["counted"]]
        fen = sum(round(float(p["amount"]) * 100) for p in counted)
        same("sum of counted payments", "%d.%02d" % divmod(fen, 100), row["paid"])
        if kind == "NO_CONTRACT":
            same("no_contract_days", "no_contract_days=%d" % len(x["no_contract_days"]),
                 row["detail"])
    if kind in ("DUPLICATE_TXN", "UNKNOWN_ACCOUNT"):
        detail = row["detail"]
        if not detail.startswith("account=%s txn_id=" % x["account"]):
            fail(f"account {x['account']!r} not in detail {detail!r}")
        if kind == "DUPLICATE_TXN":
            n = sum(1 for p in x["rows"] if not p["why"].startswith("out of scope"))
            same("rows", "txn_id=%s rows=%d" % (x["txn_id"], n), detail.split(" ", 1)[1])


main()
