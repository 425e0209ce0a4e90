#!/usr/bin/env python3
"""Checks on report.html for tests/e2e/report_test.sh.

report_check.py static HTML CASE_DIR
    The page is self-contained (no script, no external URL, no @import or
    url()) and personal data is masked: no 18-character ID anywhere, and no
    worker_id, payee_id, payee_card or account number of the case's input
    files appears in full (RULES 6).
report_check.py text DOM PATTERN...
    DOM is Chromium's --dump-dom of the page. Its visible text (tags
    removed, whitespace collapsed to one space) must match each PATTERN (a
    regular expression) in turn, each after the previous match; a PATTERN
    starting with "!" must not occur anywhere.
report_check.py count HTML REGEX N
    REGEX occurs exactly N times in the HTML source.
report_check.py flag_ids HTML FLAGS_CSV
    Each row of the flags table carries its flag_id (id="F<flag_id>" and
    the id as text), each is a flag of FLAGS_CSV, no flag twice; with
    "all" as a fourth argument every flag of FLAGS_CSV is on the page.
report_check.py kinds_shown HTML FLAGS_CSV LABELS_CSV CAP
    The generator's run (DECISIONS D173): from labels.csv (the flags the
    generator planted, by kind), the table holds every MISSING and
    UNDERPAID flag and min(n, CAP) rows of each other kind, and the note
    names each kind left out with n - CAP. Each planted MISSING or
    UNDERPAID (project, worker, period) is found as a row by its flag_id
    (flags.csv maps the label to the id).
report_check.py employers DOM PROJECTS_CSV LABELS_CSV FLAGS_CSV
    The employers section (DECISIONS D174) of a generator run in
    Chromium's DOM: its rows are the employers of the planted MISSING and
    UNDERPAID flags (labels.csv, projects.csv), each amount is the sum of
    the employer's shortfalls in flags.csv, and the rows add up to the
    headline (employers, amount; the total row's workers is the headline's).
report_check.py cases DOM CASES_JSONL FLAGS_CSV LABELS_CSV
    cases.jsonl against the headline (DECISIONS D213, D214) on a generator
    run: the employer cases holding a MISSING or UNDERPAID flag are the
    headline's employers and their amounts add up to its amount, the others
    have amount 0.00; one account case per planted UNKNOWN_ACCOUNT
    (labels.csv), each holding its UNKNOWN_ACCOUNT flag with the payees and
    paid of the flag's detail; the page's note under the employers section
    gives those counts, and every UNKNOWN_ACCOUNT row on the page names
    its flag's account case.
report_check.py print_copy HTML OUT
    Writes a copy of the page whose print rules apply on screen, with a
    script that measures the flags and ledger tables as laid out at the
    window's width (for Chromium's --dump-dom).
report_check.py print_layout DOM
    Reads that measure: no table wider than the page, no cell that is
    not a long text (class wrap) on more than one line, no long text
    narrower than 12 characters.
"""
import csv
import json
import glob
import html.parser
import os
import re
import sys

ID18 = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9X](?![0-9A-Za-z])")


def normalise_id(s):
    s = s.replace(" ", "").replace("\u3000", "")
    s = "".join(chr(ord(c) - 0xFEE0) if "\uff10" <= c <= "\uff19" else c for c in s)
    return s.replace("\uff38", "X").replace("\uff58", "X").replace("x", "X")


def csv_rows(path):
    """The rows of a UTF-8 CSV output or label file, as dicts."""
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def secrets_of(case_dir):
    found = set()
    for path in glob.glob(os.path.join(case_dir, "*.csv")):
        with open(path, encoding="utf-8", errors="replace", newline="") as f:
            for row in csv.DictReader(f):
                for col in ("worker_id", "payee_id", "payee_card", "account"):
                    v = (row.get(col) or "").strip()
                    if len(v) >= 10:  # shorter values are masked to nothing anyway
                        found.add(v)
                        found.add(normalise_id(v))
    return found


def static(html_path, case_dir):
    page = open(html_path, encoding="utf-8").read()
    problems = []
    for bad in ("<script", "http:", "https:", "@import", "url(", "<link", "<iframe", "<img"):
        if bad in page.lower():
            problems.append(f"contains {bad!r}")
    for m in ID18.finditer(page):
        problems.append(f"full ID {m.group(0)}")
    for s in sorted(secrets_of(case_dir)):
        if s in page:
            problems.append(f"full input value {s[:6]}... in page")
    return problems


class Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "title"):
            self.skip += 1
        self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in ("style", "script", "title"):
            self.skip -= 1
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_text(dom_path):
    t = Text()
    t.feed(open(dom_path, encoding="utf-8").read())
    return re.sub(r"\s+", " ", "".join(t.parts)).strip()


def flag_ids(html_path, flags_csv, want_all):
    page = open(html_path, encoding="utf-8").read()
    ids = [r["flag_id"] for r in csv_rows(flags_csv)]
    rows = re.findall(r'<tr class="flag" id="F([0-9a-f]+)"><td><code class="fid">([0-9a-f]+)</code>', page)
    problems = []
    n_rows = page.count('<tr class="flag"')
    if len(rows) != n_rows:
        problems.append(f"{n_rows - len(rows)} rows without a flag id")
    known = set(ids)
    seen = set()
    for anchor, text in rows:
        if anchor != text:
            problems.append(f"row F{anchor} shows {text}")
        if anchor not in known:
            problems.append(f"row F{anchor} is no flag of flags.csv")
        if anchor in seen:
            problems.append(f"flag {anchor} twice")
        seen.add(anchor)
    if want_all:
        for i in ids:
            if i not in seen:
                problems.append(f"flag {i} not on the page")
    return problems


def kinds_shown(html_path, flags_csv, labels_csv, cap):
    from collections import Counter
    page = open(html_path, encoding="utf-8").read()
    labels = csv_rows(labels_csv)
    id_of = {(r["kind"], r["project_id"], r["worker_id"], r["period"]): r["flag_id"]
             for r in csv_rows(flags_csv)}
    planted = Counter(l["kind"] for l in labels)
    rows = re.findall(r'<tr class="flag" id="F([0-9a-f]+)">.*?<code>([A-Z_]+)</code>', page)
    shown = Counter(k for _, k in rows)
    on_page = {i for i, _ in rows}
    problems = []
    note = re.search(r'<p class="note" id="left-out">(.*?)</p>', page, re.S)
    note = note.group(1) if note else ""
    for kind, n in sorted(planted.items()):
        want = n if kind in ("MISSING", "UNDERPAID") else min(n, cap)
        if shown[kind] != want:
            problems.append(f"{kind}: {shown[kind]} rows, want {want} of {n}")
        if n > want and not re.search(rf"\b{kind} {n - want}\b", note):
            problems.append(f"{kind}: the note does not say {n - want} left out")
        if n == want and re.search(rf"\b{kind} [0-9]", note):
            problems.append(f"{kind}: in the note, none left out")
    for l in labels:
        if l["kind"] not in ("MISSING", "UNDERPAID"):
            continue
        fid = id_of.get((l["kind"], l["project_id"], l["worker_id"], l["period"]))
        if fid is None:
            problems.append(f"planted {l['kind']} {l['project_id']} {l['worker_id'][:6]}... {l['period']} not in flags.csv")
        elif fid not in on_page:
            problems.append(f"planted {l['kind']} {fid} not on the page")
    return problems


def employers(dom_path, projects_csv, labels_csv, flags_csv):
    dom = open(dom_path, encoding="utf-8").read()
    employer_of = {r["project_id"]: r["employer_id"] for r in csv_rows(projects_csv)}
    want = {employer_of[l["project_id"]] for l in csv_rows(labels_csv)
            if l["kind"] in ("MISSING", "UNDERPAID")}
    money = lambda s: int(s.replace(",", "").replace(".", ""))  # "1,234.50" -> 123450 fen
    fen = {}
    for r in csv_rows(flags_csv):
        if r["kind"] in ("MISSING", "UNDERPAID") and r["shortfall"]:
            fen[r["employer_id"]] = fen.get(r["employer_id"], 0) + money(r["shortfall"])
    head = re.search(r'<section class="figs" id="headline">(.*?)</section>', dom, re.S)
    figs = re.findall(r'<div class="value">([0-9.,]+)<', head.group(1)) if head else []
    rows = re.findall(r'<tr class="employer"><td>.*?<code>([^<]+)</code></td><td>[^<]*</td>'
                      r'<td class="num">([0-9]+)</td><td class="num arrears">([0-9.,]+)</td>', dom)
    total = re.search(r'<tr class="total"><td><b>[^<]*?([0-9]+)[^<]*</b></td><td></td>'
                      r'<td class="num"><b>([0-9]+)</b></td><td class="num arrears"><b>([0-9.,]+)</b>', dom)
    problems = []
    if len(figs) != 3 or not total:
        return ["no headline or no total row"]
    got = {e for e, _, _ in rows}
    if got != want:
        problems.append(f"employers {sorted(got ^ want)[:5]} differ from the planted ones")
    for e, _, amount in rows:
        if money(amount) != fen.get(e):
            problems.append(f"{e}: {amount}, flags.csv sums {fen.get(e)} fen")
    if len(rows) != int(figs[0]) or int(total.group(1)) != int(figs[0]):
        problems.append(f"{len(rows)} rows, total {total.group(1)}, headline {figs[0]} employers")
    if sum(money(a) for _, _, a in rows) != money(figs[2]) or money(total.group(3)) != money(figs[2]):
        problems.append(f"amounts add to {sum(money(a) for _, _, a in rows)}, total {total.group(3)}, headline {figs[2]}")
    if int(total.group(2)) != int(figs[1]) or sum(int(w) for _, w, _ in rows) < int(figs[1]):
        problems.append(f"workers: total {total.group(2)}, headline {figs[1]}")
    return problems


def cases(dom_path, cases_jsonl, flags_csv, labels_csv):
    dom = open(dom_path, encoding="utf-8").read()
    flags = {r["flag_id"]: r for r in csv_rows(flags_csv)}
    planted = sum(1 for l in csv_rows(labels_csv) if l["kind"] == "UNKNOWN_ACCOUNT")
    all_cases = [json.loads(l) for l in open(cases_jsonl, encoding="utf-8")]
    money = lambda s: int(s.replace(",", "").replace(".", ""))
    head = re.search(r'<section class="figs" id="headline">(.*?)</section>', dom, re.S)
    figs = re.findall(r'<div class="value">([0-9.,]+)<', head.group(1)) if head else []
    if len(figs) != 3:
        return ["no headline"]
    employer = [c for c in all_cases if "employer_id" in c]
    client = [c for c in all_cases if "client_id" in c]
    account = [c for c in all_cases if "account" in c]
    arrears = [c for c in employer
               if any(flags[i]["kind"] in ("MISSING", "UNDERPAID") for i in c["flag_ids"])]
    problems = []
    if len(arrears) != int(figs[0]):
        problems.append(f"{len(arrears)} employer cases with arrears, headline {figs[0]} employers")
    if sum(money(c["amount"]) for c in employer) != money(figs[2]):
        problems.append(f"employer cases add up to {sum(money(c['amount']) for c in employer)}, headline {figs[2]}")
    if any(money(c["amount"]) for c in employer if c not in arrears):
        problems.append("an employer case without arrears has an amount")
    if len(account) != planted:
        problems.append(f"{len(account)} account cases, {planted} UNKNOWN_ACCOUNT planted")
    for c in account:
        f = flags.get(c["flag_ids"][0]) if len(c["flag_ids"]) == 1 else None
        m = re.fullmatch(r"account=(.*) txn_id=.* rows=[0-9]+ payees=([0-9]+) paid=([0-9.]+)",
                         f["detail"]) if f and f["kind"] == "UNKNOWN_ACCOUNT" else None
        if not m or m.group(1) != c["account"] or int(m.group(2)) != c["workers"] or m.group(3) != c["amount"]:
            problems.append(f"account case {c['case_id']} does not match its flag")
    note = re.search(r'<p class="note" id="cases-note">cases\.jsonl 共 ([0-9]+) 件案件：用人单位案件 ([0-9]+) 件有欠薪'
                     r'.*?；([0-9]+) 件没有欠薪.*?建设单位案件 ([0-9]+) 件.*?账户案件 ([0-9]+) 件', dom)
    want = (len(all_cases), len(arrears), len(employer) - len(arrears), len(client), len(account))
    if not note or tuple(int(x) for x in note.groups()) != want:
        problems.append(f"page note {note.groups() if note else None}, cases.jsonl {want}")
    case_of = {c["flag_ids"][0]: c["case_id"] for c in account}
    rows = re.findall(r'<tr class="flag" id="F([0-9a-f]{16})">.*?<code>UNKNOWN_ACCOUNT</code>.*?'
                      r'归入账户案件 ([0-9a-f]{16})', dom)
    if not rows or any(case_of.get(fid) != cid for fid, cid in rows):
        problems.append(f"{len(rows)} UNKNOWN_ACCOUNT rows on the page, case ids not cases.jsonl's")
    return problems


MEASURE = """<script>
(function () {
  var out = [], px = document.documentElement.clientWidth;
  ['flags', 'ledger'].forEach(function (id) {
    var t = document.getElementById(id);
    if (!t) { out.push('no table ' + id); return; }
    if (t.getBoundingClientRect().width > px + 1)
      out.push(id + ' is ' + Math.round(t.getBoundingClientRect().width) + 'px wide, page ' + px);
    var cells = t.querySelectorAll('td'), n = 0;
    for (var i = 0; i < cells.length && n < 10; i++) {
      var c = cells[i], text = c.textContent.trim(), fs = parseFloat(getComputedStyle(c).fontSize);
      if (!text) continue;
      var tops = [], walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT), node;
      while ((node = walk.nextNode())) {
        var r = document.createRange(); r.selectNodeContents(node);
        var rects = r.getClientRects();
        for (var k = 0; k < rects.length; k++) tops.push(rects[k].top);
      }
      tops.sort(function (a, b) { return a - b; });
      var nl = tops.length ? 1 : 0;
      for (var k = 1; k < tops.length; k++) if (tops[k] - tops[k - 1] > 0.8 * fs) nl++;
      if (c.classList.contains('wrap')) {
        if (c.clientWidth < 12 * fs) { out.push(id + ' long text ' + c.clientWidth + 'px wide: ' + text.slice(0, 20)); n++; }
      } else if (nl > 1 && c.querySelectorAll('br').length == 0) {
        out.push(id + ' cell on ' + nl + ' lines: ' + text.slice(0, 20)); n++;
      }
    }
  });
  var pre = document.createElement('pre'); pre.id = 'measure';
  pre.textContent = 'MEASURE[' + out.join(' | ') + ']';
  document.body.appendChild(pre);
})();
</script>"""


def main():
    mode = sys.argv[1]
    if mode == "flag_ids":
        problems = flag_ids(sys.argv[2], sys.argv[3], len(sys.argv) > 4 and sys.argv[4] == "all")
        for p in problems[:10]:
            print(p)
        return 1 if problems else 0
    if mode == "kinds_shown":
        problems = kinds_shown(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
        for p in problems[:10]:
            print(p)
        return 1 if problems else 0
    if mode == "cases":
        problems = cases(*sys.argv[2:6])
        for p in problems[:10]:
            print(p)
        return 1 if problems else 0
    if mode == "employers":
        problems = employers(*sys.argv[2:6])
        for p in problems[:10]:
            print(p)
        return 1 if problems else 0
    if mode == "print_copy":
        page = open(sys.argv[2], encoding="utf-8").read()
        if "@media print{" not in page:
            print("no print stylesheet")
            return 1
        page = page.replace("@media print{", "@media all{").replace("</body>", MEASURE + "</body>")
        open(sys.argv[3], "w", encoding="utf-8").write(page)
        return 0
    if mode == "print_layout":
        m = re.search(r"<pre id=\"measure\">MEASURE\[(.*?)\]</pre>", open(sys.argv[2], encoding="utf-8").read(), re.S)
        if not m:
            print("no measure in the DOM (script did not run)")
            return 1
        if m.group(1):
            print(m.group(1)[:600])
            return 1
        return 0
    if mode == "static":
        problems = static(sys.argv[2], sys.argv[3])
        for p in problems[:10]:
            print(p)
        return 1 if problems else 0
    if mode == "count":
        n = len(re.findall(sys.argv[3], open(sys.argv[2], encoding="utf-8").read()))
        if n != int(sys.argv[4]):
            print(f"{sys.argv[3]!r} occurs {n} times, want {sys.argv[4]}")
            return 1
        return 0
    text = page_text(sys.argv[2])
    pos = 0
    for pat in sys.argv[3:]:
        if pat.startswith("!"):
            if re.search(pat[1:], text):
                print(f"found {pat[1:]!r}, which must not be there")
                return 1
            continue
        m = re.compile(pat).search(text, pos)
        if not m:
            near = re.search(pat, text)
            print(f"missing {pat!r}" + (" in that order" if near else "") +
                  f" (page text from there: {text[pos:pos + 200]!r})")
            return 1
        pos = m.end()
    return 0


if __name__ == "__main__":
    sys.exit(main())
