#!/usr/bin/env python3
"""A large web-bank .xlsx in the layout of formats/bank_web_excel.fmt,
for the bounded-memory test and the read-speed measurement (issue 18):

    python3 make_big_sheet.py ROWS OUT.xlsx [CANONICAL.csv]

Python's standard library only (zipfile), the sheet XML streamed into
the zip as it is written. Repeated words (header, status, period) are
shared strings, as Excel keeps them; IDs, names and cards inline
strings; amounts number cells (#,##0.00), dates date serials (format
14). With CANONICAL.csv, also writes the same rows as canonical
payments CSV (what the descriptor must give)."""
import sys
import zipfile

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["序号", "付款账号", "交易流水号", "收款人证件号码", "收款人姓名", "收款卡号",
          "金额(元)", "交易日期", "用途", "处理结果", "代发工资明细查询", "合计",
          "查询日期：2026-11-20    币种：人民币"]
WORDS = HEADER + ["2026年08月工资", "成功", "失败", "退回"]
SST = {w: i for i, w in enumerate(WORDS)}
STATUS = [("成功", "SUCCESS")] * 8 + [("失败", "FAILED"), ("退回", "RETURNED")]
NAMES = ["孟祥红", "苏建", "魏兵", "肉孜‧依明", "苏强勇", "李胜志", "史庆友", "朱涛春"]


def check_digit(body):
    w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    return "10X98765432"[sum(int(c) * k for c, k in zip(body, w)) % 11]


def row_values(i):
    body = "510821%04d%02d%02d%03d" % (1960 + i % 40, 1 + i % 12, 1 + i % 28, i % 1000)
    pid = body + check_digit(body)
    fen = 100000 + (i * 7919) % 900000          # 1000.00 .. 9999.99 yuan
    day = 1 + i % 28                            # 2026-09-DD
    status = STATUS[i % len(STATUS)]
    return ("3105016160000100003", "WB%011d" % i, pid, NAMES[i % len(NAMES)],
            "62148309%011d" % i, fen, day, status)


def yuan(fen):
    text = "%d.%02d" % (fen // 100, fen % 100)
    return text.rstrip("0").rstrip(".") if "." in text else text


def main():
    rows, out = int(sys.argv[1]), sys.argv[2]
    canon = open(sys.argv[3], "w", encoding="utf-8", newline="") if len(sys.argv) > 3 else None
    if canon:
        canon.write("account,txn_id,payee_id,payee_name,payee_card,amount,paid_at,period,status\n")
    s = lambda ref, w: f'<c r="{ref}" t="s"><v>{SST[w]}</v></c>'
    inl = lambda ref, t: f'<c r="{ref}" t="inlineStr"><is><t>{t}</t></is></c>'
    total = 0
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml",
                   '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{PKG}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook {MAIN} {REL}><sheets><sheet name="代发明细" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{PKG}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{PKG}/styles" Target="styles.xml"/>'
                   f'<Relationship Id="rId3" Type="{PKG}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        z.writestr("xl/styles.xml", f'<styleSheet {MAIN}><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="4"/><xf numFmtId="14"/></cellXfs></styleSheet>')
        z.writestr("xl/sharedStrings.xml", f'<sst {MAIN}>' + "".join(f"<si><t>{w}</t></si>" for w in WORDS) + "</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            w = lambda text: f.write(text.encode("utf-8"))
            w(f'<worksheet {MAIN}><sheetData>')
            w(f'<row r="1">{s("A1", "代发工资明细查询")}</row><row r="2">{s("A2", HEADER[12])}</row>')
            w('<row r="3">' + "".join(s("ABCDEFGHIJ"[c] + "3", HEADER[c]) for c in range(10)) + "</row>")
            for i in range(rows):
                n = 4 + i
                acct, txn, pid, name, card, fen, day, (word, status) = row_values(i)
                total += fen
                w(f'<row r="{n}"><c r="A{n}"><v>{i + 1}</v></c>{inl(f"B{n}", acct)}{inl(f"C{n}", txn)}'
                  f'{inl(f"D{n}", pid)}{inl(f"E{n}", name)}{inl(f"F{n}", card)}'
                  f'<c r="G{n}" s="1"><v>{yuan(fen)}</v></c><c r="H{n}" s="2"><v>{46265 + day}</v></c>'
                  f'{s(f"I{n}", "2026年08月工资")}{s(f"J{n}", word)}</row>')
                if canon:
                    canon.write(f"{acct},{txn},{pid},{name},{card},{yuan(fen)},2026-09-{day:02d},2026-08,{status}\n")
            n = 4 + rows
            w(f'<row r="{n}">{s(f"A{n}", "合计")}<c r="B{n}"><v>{rows}</v></c><c r="G{n}" s="1"><v>{yuan(total)}</v></c></row>')
            w("</sheetData></worksheet>")
    if canon:
        canon.close()


if __name__ == "__main__":
    main()
