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
"""
import csv
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


def main():
    mode = sys.argv[1]
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
