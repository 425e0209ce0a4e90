#!/usr/bin/env python3
"""store_oracle.py: the case store's monthly sequence, checked against an
oracle that reads only each run's own flags.csv (DECISIONS D72-D74).

  store_oracle.py WAGERECON DIR STORE_URL LABEL

writes small hand-made inputs into DIR (two projects of two employers, six
workers, August-December 2026; a payments file per run in which arrears are
paid, appear, come back), runs the sequence below with --store STORE_URL,
and after each run compares the summary.json store counts with the oracle's;
at the end `cases list --status all` and `cases changes` against the oracle's
state and events. Prints one "ok store LABEL ..." / "FAIL store LABEL ..."
line per check (tests/run_all.sh counts them). The oracle's rule is D73 as
written, computed here by set difference on flag ids:

  new        = ids of this run not in the store
  reopened   = ids of this run that the store has resolved
  persisting = ids of this run that the store has open (changed: their
               severity, due_date, owed, paid, paid_on_time, shortfall or
               days_late differ)
  resolved   = open ids of the store not in this run that this run could
               have raised: with a period, the period in the run's periods
               and the project in its --project scope; without one, the
               run's periods cover those of the run that last raised it and
               the project in scope (all projects when there is no project).
"""
import csv
import json
import os
import subprocess
import sys

WR, DIR, URL, LABEL = sys.argv[1:5]
failures = 0


def report(ok, name, log=""):
    global failures
    print(("ok" if ok else "FAIL") + f" store {LABEL} {name}")
    if not ok:
        failures += 1
        for line in str(log).splitlines()[:12]:
            print("    " + line)


def gb11643(body17):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return body17 + "10X98765432"[sum(int(c) * k for c, k in zip(body17, w)) % 11]


# W3's roster name is hostile text: it must reach the store only as data.
HOSTILE = "O'Brien \"Bob\"; DROP TABLE flags; --"
WORKERS = {  # id -> (project, name)
    "W1": ("P001", "张伟"), "W2": ("P001", "李强"), "W3": ("P001", HOSTILE),
    "W4": ("P001", "王芳"), "W5": ("P002", "赵敏"), "W6": ("P002", "钱七"),
}
IDS = {w: gb11643("11010119900101%03d" % (10 + i)) for i, w in enumerate(sorted(WORKERS))}
MONTHS = ["2026-08", "2026-09", "2026-10", "2026-11", "2026-12"]
DAYS = ["03", "04", "05"]  # attended days of each month: 3 x 300.00 = 900.00 owed
NEXT = {"2026-08": "2026-09", "2026-09": "2026-10", "2026-10": "2026-11",
        "2026-11": "2026-12", "2026-12": "2027-01"}

# The runs: name, as-of, from, to, --project, payments file. Each payments
# file pays every (worker, month) 900.00 on the 5th of the next month
# (before the 10th, the due day) except as `unpaid` says: a missing entry
# is no payment (MISSING), a number pays that much (UNDERPAID).
RUNS = [
    ("r1", "2026-10-20", "2026-08", "2026-09", None,
     {("W1", "2026-08"): 0, ("W2", "2026-09"): 0, ("W4", "2026-09"): 500}, True),
    # rolling window: W1's August is outside (untouched), W2 paid (resolved),
    # W4 paid more (changed), W3 and W5 unpaid in October (new)
    ("r2", "2026-11-20", "2026-09", "2026-10", None,
     {("W4", "2026-09"): 700, ("W3", "2026-10"): 0, ("W5", "2026-10"): 0}, False),
    # the same run again: no events
    ("r2again", "2026-11-20", "2026-09", "2026-10", None,
     {("W4", "2026-09"): 700, ("W3", "2026-10"): 0, ("W5", "2026-10"): 0}, False),
    # --project P001: W5 (P002) is out of scope though paid; W6 of P002 too
    ("r3", "2026-12-20", "2026-10", "2026-11", "P001",
     {("W3", "2026-10"): 0, ("W1", "2026-11"): 0, ("W6", "2026-11"): 0}, False),
    # all projects, October-November: W5 paid (resolved), W6 unpaid (new),
    # W1's November paid (resolved)
    ("r4", "2027-01-20", "2026-10", "2026-12", None,
     {("W3", "2026-10"): 0, ("W6", "2026-11"): 0}, False),
    # the whole window: W1's August paid at last (resolved), the unknown
    # account gone (resolved: periods cover r1's), W2's September payment
    # reversed (reopened)
    ("r5", "2027-01-25", "2026-08", "2026-12", None,
     {("W2", "2026-09"): 0, ("W3", "2026-10"): 0, ("W6", "2026-11"): 0}, False),
]


def write(path, header, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def make_inputs():
    write(f"{DIR}/projects.csv",
          ["project_id", "project_name", "employer_id", "employer_name", "wage_account", "pay_day", "region"],
          [["P001", "一期", "E001", "甲建设", "A001", "10", "上海"],
           ["P002", "二期", "E002", "乙建筑", "A002", "10", "上海"]])
    write(f"{DIR}/contracts.csv",
          ["project_id", "worker_id", "worker_name", "rate_type", "rate", "valid_from", "valid_to", "pay_day"],
          [[p, IDS[w], n, "DAY", "300.00", "2026-01-01", "", ""] for w, (p, n) in sorted(WORKERS.items())])
    write(f"{DIR}/attendance.csv", ["project_id", "worker_id", "worker_name", "date", "hours"],
          [[p, IDS[w], n, f"{m}-{d}", "8.00"] for w, (p, n) in sorted(WORKERS.items())
           for m in MONTHS for d in DAYS])
    for name, _, _, _, _, unpaid, unknown in RUNS:
        rows = []
        for w, (p, n) in sorted(WORKERS.items()):
            for m in MONTHS:
                amount = unpaid.get((w, m), 900)
                if amount:
                    rows.append(["A" + p[1:], f"T{w}{m}", IDS[w], n, "621700000000123" + w[1],
                                 "%d.00" % amount, NEXT[m] + "-05 10:00:00", m, "SUCCESS"])
        if unknown:
            rows.append(["A999", "TX999", IDS["W1"], "张伟", "6217000000009999", "10.00",
                         "2026-09-05 10:00:00", "2026-08", "SUCCESS"])
        write(f"{DIR}/payments_{name}.csv",
              ["account", "txn_id", "payee_id", "payee_name", "payee_card", "amount", "paid_at", "period", "status"],
              rows)


def run_args(run, out):
    name, as_of, frm, to, project, _, _ = run
    a = [WR, "run", "--projects", f"{DIR}/projects.csv", "--contracts", f"{DIR}/contracts.csv",
         "--attendance", f"{DIR}/attendance.csv", "--payments", f"{DIR}/payments_{name}.csv",
         "--as-of", as_of, "--from", frm, "--to", to, "--out", out, "--store", URL, "--quiet"]
    if project:
        a += ["--project", project]
    return a


def month(s):
    return (int(s[:4]), int(s[5:7])) if s else None


VALUE_COLS = ["severity", "due_date", "owed", "paid", "paid_on_time", "shortfall", "days_late"]


class Oracle:
    def __init__(self):
        self.flags = {}   # id -> dict(status, first, last, resolved, period, project, last_from, last_to, values)
        self.events = []  # (as_of, event, flag_id)

    def apply(self, run, rows):
        name, as_of, frm, to, project, _, _ = run
        f, t = month(frm), month(to)
        counts = dict(new=0, persisting=0, changed=0, resolved=0, reopened=0)
        seen = set()
        for r in rows:
            fid = r["flag_id"]
            seen.add(fid)
            values = tuple(r[c] for c in VALUE_COLS)
            s = self.flags.get(fid)
            if s is None:
                counts["new"] += 1
                self.events.append((as_of, "NEW", fid))
                s = self.flags[fid] = dict(first=as_of, values=values)
            elif s["status"] == "resolved":
                counts["reopened"] += 1
                self.events.append((as_of, "REOPENED", fid))
            else:
                counts["persisting"] += 1
                if s["values"] != values:
                    counts["changed"] += 1
                    self.events.append((as_of, "CHANGED", fid))
            s.update(status="open", last=as_of, resolved="", period=month(r["period"]),
                     project=r["project_id"], last_from=f, last_to=t, values=values)
        for fid, s in self.flags.items():
            if fid in seen or s["status"] != "open":
                continue
            in_scope = (project is None or s["project"] == project) if s["project"] else project is None
            if s["period"]:
                periods = f <= s["period"] <= t
            else:
                periods = f <= s["last_from"] and s["last_to"] <= t
            if in_scope and periods:
                counts["resolved"] += 1
                self.events.append((as_of, "RESOLVED", fid))
                s.update(status="resolved", resolved=as_of)
        return counts


def read_flags(out):
    with open(f"{out}/flags.csv", newline="") as f:
        return list(csv.DictReader(f))


def main():
    make_inputs()
    oracle = Oracle()
    for i, run in enumerate(RUNS):
        out = f"{DIR}/out_{LABEL}_{i}"
        p = subprocess.run(run_args(run, out), capture_output=True, text=True)
        if p.returncode not in (0, 3):
            report(False, f"{run[0]} runs", p.stderr)
            continue
        rows = read_flags(out)
        with open(f"{out}/summary.json") as f:
            got = json.load(f)["store"]
        repeat = run[0] == "r2again"
        if repeat:  # D72: nothing written, nothing counted as a change
            want = dict(new=0, persisting=len(rows), changed=0, resolved=0, reopened=0)
        else:
            want = oracle.apply(run, rows)
        want["repeat"] = repeat
        report(got == want, f"{run[0]} counts {want}", f"got {got}")
    # The store's state and events against the oracle's.
    p = subprocess.run([WR, "cases", "list", "--store", URL, "--status", "all"],
                       capture_output=True, text=True)
    listed = {r["flag_id"]: r for r in csv.DictReader(p.stdout.splitlines())}
    problems = []
    for fid, s in oracle.flags.items():
        r = listed.get(fid)
        want = (s["status"], s["first"], s["last"], s["resolved"])
        got = r and (r["status"], r["first_seen"], r["last_seen"], r["resolved_at"])
        if got != want:
            problems.append(f"{fid}: want {want}, got {got}")
    problems += [f"{fid}: not in the oracle" for fid in listed if fid not in oracle.flags]
    report(p.returncode == 0 and not problems and oracle.flags,
           f"cases list: {len(oracle.flags)} flags, status and dates as the oracle's",
           "\n".join(problems) or p.stderr)
    p = subprocess.run([WR, "cases", "changes", "--store", URL, "--since", RUNS[0][1]],
                       capture_output=True, text=True)
    got = sorted((r["as_of"], r["event"], r["flag_id"]) for r in csv.DictReader(p.stdout.splitlines()))
    want = sorted(oracle.events)
    kinds = {e for _, e, _ in want}
    report(p.returncode == 0 and got == want and kinds == {"NEW", "CHANGED", "RESOLVED", "REOPENED"},
           f"cases changes: {len(want)} events ({', '.join(sorted(kinds))}) as the oracle's",
           f"missing {sorted(set(want) - set(got))[:5]}\nextra {sorted(set(got) - set(want))[:5]}")
    since = RUNS[-1][1]
    p = subprocess.run([WR, "cases", "changes", "--store", URL, "--since", since],
                       capture_output=True, text=True)
    got = sorted((r["as_of"], r["event"], r["flag_id"]) for r in csv.DictReader(p.stdout.splitlines()))
    report(got == sorted(e for e in oracle.events if e[0] >= since),
           f"cases changes --since {since}: only the last run's events", p.stdout[:400])
    hostile = [r for r in listed.values() if r["worker_name"] == HOSTILE]
    report(len(hostile) > 0, "hostile worker_name stored and read back as data",
           "no flag carries it")
    sys.exit(1 if failures else 0)


main()
