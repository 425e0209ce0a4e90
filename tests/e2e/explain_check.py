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
          "UNKNOWN_PAYEE", "NAME_MISMATCH", "RATE_BELOW_MINIMUM", "LARGE_PAYMENT", "DUE_SOON"}
PAIR = {"INVALID_ID", "CONTRACT_OVERLAP"}


def fail(msg):
    print(msg)
    sys.exit(1)


def same(what, got, want):
    if got != want:
        fail(f"{what}: explain says {got!r}, flags.csv {want!r}")


def fen(text):
    """Yuan with two decimals as integer fen (no floats)."""
    neg = text.startswith("-")
    whole, cents = text.lstrip("-").split(".")
    return (-1 if neg else 1) * (int(whole) * 100 + int(cents))


def yuan(f):
    return "%s%d.%02d" % ("-" if f < 0 else "", abs(f) // 100, abs(f) % 100)


def detail_field(detail, key):
    for part in detail.split(" "):
        if part.startswith(key + "="):
            return part[len(key) + 1:]
    fail(f"no {key}= in detail {detail!r}")


def check_v2(kind, row, x):
    """RULES 4.6, 5.3: the evidence adds up to the flag's numbers."""
    if kind in ("ALLOCATION_SHORT", "UNPAID_HEADCOUNT", "SHARED_CARD"):
        same("project_id", x["project"]["id"], row["project_id"])
        same("employer_id", x["project"]["employer_id"], row["employer_id"])
        same("period", x["period"], row["period"])
    if kind == "ALLOCATION_SHORT":
        same("project_due_date", x["project_due_date"], row["due_date"])
        last = x["periods"][-1]
        same("last period", last["period"], row["period"])
        same("cum_owed", last["cum_owed"], row["owed"])
        same("cum_alloc", last["cum_alloc"], row["paid"])
        same("shortfall", x["shortfall"], row["shortfall"])
        credits = fen(x["opening"]["opening"]) + sum(fen(c["amount"]) for c in x["credits"])
        same("opening + credits", yuan(credits), row["paid"])
        cum = 0
        for p in x["periods"]:
            owed = sum(fen(b["owed"]) for b in p["owed_by"] if b["owed"][0].isdigit())
            same("owed_by of " + p["period"], yuan(owed), p["owed"])
            cum += owed
            same("cum_owed of " + p["period"], yuan(cum), p["cum_owed"])
    if kind == "UNPAID_HEADCOUNT":
        unpaid = sum(1 for b in x["buckets"] if b["status"] == "MISSING")
        same("MISSING buckets", str(unpaid), detail_field(row["detail"], "unpaid"))
        same("buckets", str(len(x["buckets"])), detail_field(row["detail"], "attended"))
        same("due_date", x["project_due_date"], row["due_date"])
    if kind == "SHARED_CARD":
        same("paid", yuan(sum(fen(p["amount"]) for p in x["payments"])), row["paid"])
        same("workers", str(len({p["payee_id"] for p in x["payments"]})),
             detail_field(row["detail"], "workers"))
        same("workers listed", len(x["workers"]), len({p["payee_id"] for p in x["payments"]}))
        same("card", x["card"], "****" + detail_field(row["detail"], "card"))
    if kind == "LIST_THRESHOLD":
        same("employer_id", x["employer_id"], row["employer_id"])
        same("shortfall", x["shortfall"], row["shortfall"])
        same("workers' shortfall", yuan(sum(fen(w["shortfall"]) for w in x["workers"])),
             row["shortfall"])
        a = any(w["reaches_a"].startswith("yes") for w in x["workers"])
        b = x["employer"]["reaches_b"].startswith("yes")
        same("condition", "+".join(c for c, ok in (("a", a), ("b", b)) if ok),
             detail_field(row["detail"], "condition"))
        if not x["flags_reaching"]:
            fail("no flags_reaching")
    if kind == "DUE_SOON":
        same("days_left", tail(x["flag"]["days_left"]), detail_field(row["detail"], "due_in_days"))
    if kind == "LARGE_PAYMENT":
        same("rows", yuan(sum(fen(r["amount"]) for r in x["flag"]["rows"])), row["paid"])
        if fen(row["paid"]) <= fen(detail_field(row["detail"], "limit")):
            fail(f"paid {row['paid']} not above {row['detail']}")


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
    check_v2(kind, row, x)
    if kind in ("DUPLICATE_TXN", "UNKNOWN_ACCOUNT"):
        detail = row["detail"]
        if not detail.startswith("account=%s txn_id=" % x["account"]):
            fail(f"account {x['account']!r} not in detail {detail!r}")
        if kind == "DUPLICATE_TXN":
            n = sum(1 for p in x["rows"] if not p["why"].startswith("out of scope"))
            same("rows", "txn_id=%s rows=%d" % (x["txn_id"], n), detail.split(" ", 1)[1])


main()
