#!/usr/bin/env python3
"""Checks one run's outputs against what every run promises (issue 6).

Usage: check_outputs.py CASE_DIR OUT_DIR TERMINAL_FILE...

  - summary.json's identities, recomputed from the files a person reads:
    per file data rows = used + out of scope + rejected; counted payments =
    matched + unmatched (rows and amount; unmatched = the paid of the
    UNKNOWN_PAYEE flags in flags.csv, DECISIONS D34); sum of ledger.csv
    arrears = sum of flags.csv shortfall over MISSING and UNDERPAID = the
    headline amount; and the counted payments summed here from the case's
    own payment files (RULES 4.5, rows in rejects.csv left out) = summary's
    counted amount = its sum of paid over all buckets.
  - personal data: no full 18-character ID and no full card number from
    the case's inputs appears on the terminal (TERMINAL_FILE: stdout,
    stderr) or in report.html when there is one; rejects.csv has no raw
    column and no ID or card number unless the case asks for --rejects-raw.
Prints nothing and exits 0 when all hold; else one line per problem.
"""
import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
from decimal import Decimal

case_dir, out_dir, terminal = sys.argv[1], sys.argv[2], sys.argv[3:]
args = shlex.split(open(os.path.join(case_dir, "args")).read())
problems = []


def opt_values(name):
    return [args[i + 1] for i, a in enumerate(args) if a == name and i + 1 < len(args)]


def fen(text):
    return int((Decimal(text or "0") * 100).to_integral_value())


def read_input(name):
    """Rows of an input file (plain or zstd, told by magic) with the
    physical line where each starts (DECISIONS D28: blank lines skipped)."""
    path = os.path.join(case_dir, name)
    raw = open(path, "rb").read()
    if raw[:4] == b"\x28\xb5\x2f\xfd":
        raw = subprocess.run(["zstd", "-dc"], input=raw, capture_output=True, check=True).stdout
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows, line = [], 1
    for fields in reader:
        start, line = line, reader.line_num + 1
        if fields:
            rows.append((start, [f.strip(" \t") for f in fields]))
    return rows


def csv_dicts(path):
    with open(path, newline="", encoding="utf-8", errors="surrogateescape") as f:
        return list(csv.DictReader(f))


summary = json.load(open(os.path.join(out_dir, "summary.json")))
flags = csv_dicts(os.path.join(out_dir, "flags.csv"))
ledger = csv_dicts(os.path.join(out_dir, "ledger.csv"))
rejected = {(r["file"], int(r["line"])) for r in csv_dicts(os.path.join(out_dir, "rejects.csv"))}

# Per file rows.
for f in summary["files"]:
    if f["data_rows"] != f["used"] + f["out_of_scope"] + f["rejected"]:
        problems.append(f"{f['file']}: data_rows {f['data_rows']} != used + out_of_scope + rejected")

# Counted = matched + unmatched; unmatched = paid of UNKNOWN_PAYEE flags.
cp = summary["counted_payments"]
if cp["rows"] != cp["matched"]["rows"] + cp["unmatched"]["rows"]:
    problems.append(f"counted rows {cp['rows']} != matched + unmatched")
if fen(cp["amount"]) != fen(cp["matched"]["amount"]) + fen(cp["unmatched"]["amount"]):
    problems.append(f"counted amount {cp['amount']} != matched + unmatched")
unknown_payee_paid = sum(fen(f["paid"]) for f in flags if f["kind"] == "UNKNOWN_PAYEE")
if unknown_payee_paid != fen(cp["unmatched"]["amount"]):
    problems.append(f"unmatched {cp['unmatched']['amount']} != UNKNOWN_PAYEE paid {unknown_payee_paid} fen")

# Ledger arrears = shortfall of MISSING + UNDERPAID = headline.
ledger_arrears = sum(fen(r["arrears"]) for r in ledger)
shortfall = sum(fen(f["shortfall"]) for f in flags if f["kind"] in ("MISSING", "UNDERPAID"))
headline = fen(summary["headline"]["amount_in_arrears"])
if not ledger_arrears == shortfall == headline:
    problems.append(f"arrears: ledger {ledger_arrears}, flags {shortfall}, headline {headline} fen")

# Counted payments from the case's own files (RULES 4.5, D1 read order).
projects = read_input(opt_values("--projects")[0])
hdr = projects[0][1]
chosen = set(opt_values("--project"))
accounts = {}
for line, row in projects[1:]:
    if len(row) == len(hdr) and ("projects.csv", line) not in rejected:
        p = dict(zip(hdr, row))
        accounts.setdefault(p["wage_account"], p["project_id"])
period = opt_values("--period")
lo, hi = (period[0], period[0]) if period else (opt_values("--from")[0], opt_values("--to")[0])
as_of = opt_values("--as-of")[0]
seen, count, amount = set(), 0, 0
for name in opt_values("--payments"):
    rows = read_input(name)
    hdr = rows[0][1]
    for line, row in rows[1:]:
        if (os.path.basename(name), line) in rejected:
            continue
        p = dict(zip(hdr, row))
        if not lo <= p["period"] <= hi:
            continue  # out of scope: no part in any rule (RULES 4)
        if chosen and accounts.get(p["account"]) not in chosen:
            continue  # DECISIONS D9
        key = (p["account"], p["txn_id"])
        first = key not in seen
        seen.add(key)
        if first and p["status"] == "SUCCESS" and p["account"] in accounts and p["paid_at"][:10] <= as_of:
            count += 1
            amount += fen(p["amount"])
ct = summary["control_totals"]
if (count, amount) != (cp["rows"], fen(cp["amount"])):
    problems.append(f"counted payments from the inputs: {count} rows, {amount} fen; summary says {cp['rows']}, {cp['amount']}")
if fen(ct["bucket_paid"]) != amount or fen(ct["counted_payments"]) != amount:
    problems.append(f"control totals counted {ct['counted_payments']} / bucket_paid {ct['bucket_paid']} != {amount} fen")
for k in ("rows_identity", "payments_ok", "matched_ok", "arrears_ok"):
    if ct.get(k) is not True:
        problems.append(f"control_totals.{k} is not true")

# Personal data: full IDs and card numbers from the inputs.
secrets = set()
inputs = [v for o in ("--projects", "--contracts", "--attendance", "--payments") for v in opt_values(o)]
for name in inputs:
    rows = read_input(name)
    hdr = rows[0][1] if rows else []
    for _, row in rows[1:]:
        for col, value in zip(hdr, row):
            if col in ("worker_id", "payee_id"):
                v = re.sub(r"[ \u3000]", "", value).upper()
                if re.fullmatch(r"[0-9]{17}[0-9X]", v):
                    secrets.add(v)
            if col == "payee_card" and len(value) > 4:
                secrets.add(value)
human = list(terminal)
if os.path.exists(os.path.join(out_dir, "report.html")):
    human.append(os.path.join(out_dir, "report.html"))
for path in human:
    text = open(path, encoding="utf-8", errors="replace").read().upper()
    for s in sorted(secrets):
        if s in text:
            problems.append(f"{os.path.basename(path)} shows a full ID or card number ({s[:6]}...)")
            break
rejects_text = open(os.path.join(out_dir, "rejects.csv"), encoding="utf-8", errors="replace").read()
want = "file,line,column,reason" + (",raw" if "--rejects-raw" in args else "")
if rejects_text.split("\n")[0] != want:
    problems.append(f"rejects.csv header {rejects_text.split(chr(10))[0]!r}, want {want!r}")
if "--rejects-raw" not in args and any(s in rejects_text.upper() for s in secrets):
    problems.append("rejects.csv carries input data without --rejects-raw")

for p in problems:
    print(p)
sys.exit(1 if problems else 0)
