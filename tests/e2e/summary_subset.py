#!/usr/bin/env python3
"""Compares a run's summary.json with a case's hand-computed fragment.

Usage: summary_subset.py EXPECTED_SUMMARY_JSON ACTUAL_SUMMARY_JSON

The fragment (testdata/cases/<case>/expected/summary.json) holds a subset of
summary.json's top-level keys (docs/schema/summary.schema.json), each computed
by hand from RULES.md and DECISIONS.md: the headline (D21), control totals,
counted payments, allocation, list_threshold_employers, flag counts, files.
Every key it holds is compared whole (an object or list must be equal, key
for key and item for item); keys it does not hold are not compared. Prints
one line per difference and exits 1 when there is any, 0 when none.
"""
import json
import sys


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        want = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        got = json.load(f)
    bad = 0
    for key, value in want.items():
        if key not in got:
            print(f"summary.json: no key {key!r}")
            bad += 1
        elif got[key] != value:
            print(f"summary.json {key}: want {json.dumps(value, ensure_ascii=False)}")
            print(f"summary.json {key}:  got {json.dumps(got[key], ensure_ascii=False)}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
