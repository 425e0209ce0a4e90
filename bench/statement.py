#!/usr/bin/env python3
"""The wage accounts' statement (account_txns.csv, RULES 1 v2) for a bench
data set that has none, so that the bench's differential test and timings
cover RULES 4.6 (ALLOCATION_SHORT) too. Until bench/gen plants statements
(issue 13 item 4), the bench writes this file beside the set's other
inputs and adds --account-txns to the run.

    statement.py DATASET_DIR LEDGER_CSV > DATASET_DIR/account_txns.csv

LEDGER_CSV is a wagerecon run's ledger.csv on the set without statement:
its owed per (project, period) sizes the credits. Per project, by the
project's number (deterministic, no randomness):
  n % 10 == 0  no statement (the project is not covered, RULES 4.6)
  n % 10 == 1  credits of 90% of each period's owed: short
  n % 10 == 2  full credits posted in month P+2, after the due date: short
  otherwise    full credits (owed + 1%) posted on the 25th of month P
plus for every covered project an opening credit and a payroll debit
before the run, a debit (OUT) per period, one repeated txn_id (a
duplicate: counted once), and one row of an account that is no project's
(out of scope). Money is written as yuan with two decimals from integer fen.
"""
import csv
import sys


def yuan(fen):
    return "%d.%02d" % (fen // 100, fen % 100)


def next_month(period, k):
    y, m = map(int, period.split("-"))
    m += k
    y += (m - 1) // 12
    m = (m - 1) % 12 + 1
    return "%04d-%02d" % (y, m)


def fen_of(text):
    whole, _, frac = text.partition(".")
    return int(whole) * 100 + int((frac + "00")[:2])


def main():
    dataset, ledger = sys.argv[1], sys.argv[2]
    with open(f"{dataset}/projects.csv", encoding="utf-8", newline="") as f:
        projects = list(csv.DictReader(f))
    owed = {}
    periods = set()
    with open(ledger, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            owed[(row["project_id"], row["period"])] = fen_of(row["owed"])
            periods.add(row["period"])
    periods = sorted(periods)
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["account", "txn_id", "posted_at", "direction", "amount",
                  "counterparty_account", "counterparty_name", "purpose"])
    first = periods[0]
    before = next_month(first, -1)
    txn = 0
    for n, p in enumerate(projects):
        if n % 10 == 0:
            continue
        acct = p["wage_account"]
        rows = [(f"{before}-10 09:00:00", "IN", 500000, "人工费拨付"),
                (f"{before}-20", "OUT", 200000, "代发工资")]
        for per in periods:
            o = owed.get((p["project_id"], per), 0)
            if n % 10 == 1:
                rows.append((f"{per}-25", "IN", o * 9 // 10, "人工费拨付"))
            elif n % 10 == 2:
                rows.append((f"{next_month(per, 2)}-03", "IN", o, "人工费拨付"))
            else:
                rows.append((f"{per}-25 14:30", "IN", o + o // 100, "人工费拨付"))
            rows.append((f"{next_month(per, 1)}-05", "OUT", o // 2, "代发工资"))
        for i, (at, direction, fen, purpose) in enumerate(rows):
            txn += 1
            tid = f"ST{txn:09d}"
            cp = ("6228480000000000001", "建设单位") if direction == "IN" else ("", "")
            out.writerow([acct, tid, at, direction, yuan(fen), cp[0], cp[1], purpose])
            if i == 0 and n % 7 == 3:  # the bank repeats a row: counted once (RULES 4)
                out.writerow([acct, tid, at, direction, yuan(fen), cp[0], cp[1], purpose])
    out.writerow(["9999000000000000000", "ST000000000", f"{first}-25", "IN", "1000.00", "", "", "other account"])


main()
