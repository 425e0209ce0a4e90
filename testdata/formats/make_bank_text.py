#!/usr/bin/env python3
"""Makes the text-layout bank samples of issue 18 (GB18030, CRLF):

  bank_batch_summary.txt  L2, a batch result file: the summary line first,
      H|batch no|batch date|payer account|payer name|rows|total in fen,
      then D|seq|ID|name|card|amount in fen|status S/E/P|reason; no trailer.
      Read by formats/bank_batch_summary.fmt.
  bank_fixed_chars.txt    L3, fixed width counted in characters: account
      20, txn id 12, ID 18, name 10 characters (padded by characters,
      whatever their bytes), card 19, amount 15 right-aligned, date 8,
      period 6, status 2; last line 合计 <rows> <total>.
      Read by formats/bank_fixed_chars.fmt.

    python3 make_bank_text.py OUTDIR [ROWS]

With ROWS, writes ROWS rows of each (generated, for the read-speed
measurement) instead of the samples. The expected canonical CSVs
(*.expected.csv) are written by hand."""
import os
import sys

ACCOUNT = "3105016160000100003"
BATCH = ("B20260910005", "20260910")
L2_ROWS = [  # seq, ID, name, card, fen, status, reason
    (1, "362427197307203556", "魏兵", "6228483220339613284", 645000, "S", ""),
    (2, "500228197606121497", "苏强勇", "6228488238831301005", 1290000, "E", "户名不符"),
    (3, "620523198307074615", "朱涛春", "6222023630008729379", 550, "P", ""),
]
L3_ROWS = [  # txn, ID, name, card, amount, date, period, status
    ("FX2026090401", "362427197307203556", "魏兵", "6228483220339613284", "10580.00", "20260904", "202608", "00"),
    ("FX2026090402", "652101200209022579", "肉孜‧依明", "6228488296617962911", "7355.78", "20260903", "202608", "01"),
    ("FX2026090603", "620523198307074615", "朱涛春", "6222023630008729379", "5500.00", "20260906", "202608", "02"),
    ("FX2026100404", "500228197606121497", "苏强勇", "6228488238831301005", "11280.50", "20261004", "202609", "00"),
]
NAMES = ["孟祥红", "苏建", "魏兵", "肉孜‧依明", "苏强勇", "李胜志", "史庆友", "朱涛春"]


def generated(rows):
    """ROWS rows for both layouts: IDs with a valid check digit, amounts
    1000.00-9999.99, a tenth failed."""
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    for i in range(rows):
        body = "510821%04d%02d%02d%03d" % (1960 + i % 40, 1 + i % 12, 1 + i % 28, i % 1000)
        pid = body + "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11]
        fen = 100000 + (i * 7919) % 900000
        yield i, pid, NAMES[i % len(NAMES)], "62148309%011d" % i, fen, i % 10 == 9


def write(path, lines):
    with open(path, "wb") as f:
        for line in lines:
            f.write(line.encode("gb18030") + b"\r\n")


def batch_lines(rows):
    total = sum(r[4] for r in rows)
    yield f"H|{BATCH[0]}|{BATCH[1]}|{ACCOUNT}|某某建筑劳务有限公司|{len(rows)}|{total}"
    for seq, pid, name, card, fen, status, reason in rows:
        yield f"D|{seq:06d}|{pid}|{name}|{card}|{fen}|{status}|{reason}"


def fixed_lines(rows):
    total = 0
    for txn, pid, name, card, amount, date, period, status in rows:
        assert len(name) <= 10
        yield (f"{ACCOUNT:<20}{txn:<12}{pid:<18}{name:<10}{card:<19}{amount:>15}"
               f"{date}{period}{status}")
        yuan, cents = amount.split(".")
        total += int(yuan) * 100 + int(cents)
    yield f"合计 {len(rows)} {total // 100}.{total % 100:02d}"


def main():
    out = sys.argv[1]
    if len(sys.argv) > 2:
        rows = list(generated(int(sys.argv[2])))
        write(os.path.join(out, "batch_gen.txt"),
              batch_lines([(i + 1, p, n, c, fen, "E" if bad else "S", "户名不符" if bad else "")
                           for i, p, n, c, fen, bad in rows]))
        write(os.path.join(out, "fixed_gen.txt"),
              fixed_lines([("FX%010d" % i, p, n, c, "%d.%02d" % (fen // 100, fen % 100), "20260910",
                            "202608", "01" if bad else "00") for i, p, n, c, fen, bad in rows]))
        return
    write(os.path.join(out, "bank_batch_summary.txt"), batch_lines(L2_ROWS))
    write(os.path.join(out, "bank_fixed_chars.txt"), fixed_lines(L3_ROWS))


if __name__ == "__main__":
    main()
