#!/usr/bin/env python3
"""Makes the web-bank Excel samples (issue 18, L1) read by
formats/bank_web_excel.fmt: 代发明细 as corporate web banking saves it,
as .xlsx (openpyxl, Debian python3-openpyxl) and .xls (xlwt, Debian
python3-xlwt, BIFF8). Row 1 a merged title, row 2 the query date, row 3
the header, one row per transfer (amounts numeric cells `#,##0.00`,
dates date cells, IDs and cards text), then 合计 / row count / total.

    python3 make_bank_web.py OUTDIR

writes bank_web.xlsx and bank_web.xls (the samples) and
bank_web_numeric_id.xlsx / .xls (the same with one ID typed as a number,
as Excel does to an 18-digit ID pasted into a General cell).

bank_web.xlsx is written part by part as Excel writes it (zipfile): its
text in a shared strings table (one with a phonetic guide, <rPh>, that
is not the cell's text), amounts and dates under built-in formats 4
(#,##0.00) and 14 (a date) and a custom yyyy-mm-dd hh:mm:ss; openpyxl
writes inline strings instead, which bank_web_numeric_id.xlsx keeps,
so both kinds of text cell are read.
The expected canonical CSV (bank_web.expected.csv) is written by hand."""
import datetime
import os
import sys
import zipfile
from xml.sax.saxutils import escape

import openpyxl
import xlwt

TITLE = "代发工资明细查询"
QUERY = "查询日期：2026-11-20    币种：人民币"
HEADER = ["序号", "付款账号", "交易流水号", "收款人证件号码", "收款人姓名", "收款卡号",
          "金额(元)", "交易日期", "用途", "处理结果"]
ACCOUNT = "3105016160000100003"
D = datetime.datetime
ROWS = [
    ("WB20260904001", "362427197307203556", "魏兵", "6228483220339613284", 10580,
     D(2026, 9, 4), "2026年08月工资", "成功"),
    ("WB20260904002", "500228197606121497", "苏强勇", "6228488238831301005", 11280.5,
     D(2026, 9, 4, 16, 24, 21), "2026年08月工资", "成功"),
    ("WB20260906003", "620523198307074615", "朱涛春", "6222023630008729379", 5500,
     D(2026, 9, 6), "2026年08月工资", "失败"),
    ("WB20260903004", "652101200209022579", "肉孜‧依明", "6228488296617962911", 7355.78,
     D(2026, 9, 3), "2026年08月工资", "退回"),
]
TOTAL = 34716.28  # 10580 + 11280.5 + 5500 + 7355.78


def rows(numeric_id):
    for i, (txn, pid, name, card, amount, day, use, result) in enumerate(ROWS):
        if numeric_id and i == 2:
            pid = int(pid)  # Excel keeps 15 digits: 620523198307074000
        yield [i + 1, ACCOUNT, txn, pid, name, card, amount, day, use, result]


def write_xlsx(path, numeric_id):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "代发明细"
    ws.append([TITLE])
    ws.merge_cells("A1:J1")
    ws.append([QUERY])
    ws.append(HEADER)
    for r in rows(numeric_id):
        ws.append(r)
        n = ws.max_row
        ws.cell(n, 7).number_format = "#,##0.00"
        ws.cell(n, 8).number_format = "yyyy-mm-dd hh:mm:ss" if r[7].hour else "yyyy-mm-dd"
        if numeric_id and isinstance(r[3], int):
            ws.cell(n, 4).number_format = "General"
    ws.append(["合计", len(ROWS), None, None, None, None, TOTAL])
    ws.cell(ws.max_row, 7).number_format = "#,##0.00"
    wb.save(path)


def serial(d):
    """Excel's 1900 date serial of a datetime (past 1900-03-01)."""
    delta = d - D(1899, 12, 30)
    return delta.days + delta.seconds / 86400


def col(c):
    return "ABCDEFGHIJ"[c]


def write_xlsx_as_excel(path):
    strings, index = [], {}

    def sst(text):
        if text not in index:
            index[text] = len(strings)
            strings.append(text)
        return index[text]

    def text_cell(ref, text):
        return f'<c r="{ref}" t="s"><v>{sst(text)}</v></c>'

    sheet = []
    sheet.append(f'<row r="1">{text_cell("A1", TITLE)}</row>')
    sheet.append(f'<row r="2">{text_cell("A2", QUERY)}</row>')
    sheet.append('<row r="3">' + "".join(text_cell(f"{col(c)}3", h) for c, h in enumerate(HEADER)) + "</row>")
    for i, r in enumerate(rows(False)):
        n = 4 + i
        cells = [f'<c r="A{n}"><v>{r[0]}</v></c>']
        for c in range(1, 6):
            cells.append(text_cell(f"{col(c)}{n}", r[c]))
        cells.append(f'<c r="G{n}" s="1"><v>{r[6]!r}</v></c>')
        # Excel writes the serial's shortest decimal, as repr does
        cells.append(f'<c r="H{n}" s="{3 if r[7].hour else 2}"><v>{serial(r[7])!r}</v></c>')
        for c in (8, 9):
            cells.append(text_cell(f"{col(c)}{n}", r[c]))
        sheet.append(f'<row r="{n}">' + "".join(cells) + "</row>")
    n = 4 + len(ROWS)
    sheet.append(f'<row r="{n}">{text_cell(f"A{n}", "合计")}<c r="B{n}"><v>{len(ROWS)}</v></c>'
                 f'<c r="G{n}" s="1"><v>{TOTAL!r}</v></c></row>')
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    pkg = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    si = []
    for t in strings:
        if t == "收款人姓名":  # a phonetic guide, as Excel keeps for East Asian text
            si.append(f"<si><t>{escape(t)}</t><rPh sb=\"0\" eb=\"2\"><t>ShouKuanRen</t></rPh></si>")
        else:
            si.append(f"<si><t xml:space=\"preserve\">{escape(t)}</t></si>")
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            '</Types>',
        "_rels/.rels":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{pkg}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {main} {rel}>'
            '<workbookPr/><sheets><sheet name="代发明细" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId3" Type="{pkg}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId1" Type="{pkg}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId4" Type="{pkg}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/styles.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {main}>'
            '<numFmts count="1"><numFmt numFmtId="176" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>'
            '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>'
            '<cellXfs count="4"><xf numFmtId="0" xfId="0"/><xf numFmtId="4" xfId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="14" xfId="0" applyNumberFormat="1"/><xf numFmtId="176" xfId="0" applyNumberFormat="1"/></cellXfs>'
            '</styleSheet>',
        "xl/sharedStrings.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {main} count="{len(strings)}" uniqueCount="{len(strings)}">'
            + "".join(si) + "</sst>",
        "xl/worksheets/sheet1.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {main} {rel}>'
            f'<dimension ref="A1:J{n}"/><sheetData>' + "".join(sheet) + '</sheetData>'
            '<mergeCells count="1"><mergeCell ref="A1:J1"/></mergeCells></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 20, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


def write_xls(path, numeric_id):
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("代发明细")
    money = xlwt.easyxf(num_format_str="#,##0.00")
    day = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    stamp = xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss")
    ws.write_merge(0, 0, 0, 9, TITLE)
    ws.write(1, 0, QUERY)
    for c, h in enumerate(HEADER):
        ws.write(2, c, h)
    for i, r in enumerate(rows(numeric_id)):
        for c, v in enumerate(r):
            style = money if c == 6 else (stamp if v is not None and c == 7 and v.hour else
                                          day if c == 7 else None)
            if style is None:
                ws.write(3 + i, c, v)
            else:
                ws.write(3 + i, c, v, style)
    last = 3 + len(ROWS)
    ws.write(last, 0, "合计")
    ws.write(last, 1, len(ROWS))
    ws.write(last, 6, TOTAL, money)
    wb.save(path)


def main():
    out = sys.argv[1]
    write_xlsx_as_excel(os.path.join(out, "bank_web.xlsx"))
    write_xls(os.path.join(out, "bank_web.xls"), False)
    write_xlsx(os.path.join(out, "bank_web_numeric_id.xlsx"), True)
    write_xls(os.path.join(out, "bank_web_numeric_id.xls"), True)


if __name__ == "__main__":
    main()
