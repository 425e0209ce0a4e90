/*
 * report.html's smallest pieces, shared by every section of the page
 * (report_html.c, report_calendar.c, report_supervision.c; declared in
 * report_html.h): text and money as HTML, masked tails, table cells.
 * Apart from the page's dispatcher so the sections call down into them,
 * never back up.
 */
#include <string.h>

#include "../io/outfile.h"
#include "../types/money.h"
#include "report_html.h"

void wr_report_mask_tail(const char *s, size_t n, char *buf)
{
    size_t tail = n < 4 ? n : 4;
    memcpy(buf, "****", 4);
    memcpy(buf + 4, s + n - tail, tail);
    buf[4 + tail] = '\0';
}

void wr_report_wrap(FILE *f, const char *before, const char *s, const char *after)
{
    wr_html_wrapped(f, before, s, strlen(s), after);
}

void wr_report_money(FILE *f, int64_t fen)
{
    char buf[40];
    wr_format_fen_grouped(fen, buf); /* 1,079.00: read by people (D35) */
    fputs(buf, f);
}

void wr_report_th(FILE *f, const char *label)
{
    wr_report_wrap(f, "<th>", label, "</th>");
}

void wr_report_td(FILE *f, const char *s, const char *cls)
{
    char tag[64] = "<td>"; /* the cell in one write (16 a flag row, D279, D287) */
    if (cls && strlen(cls) < sizeof tag - sizeof "<td class=\"\">")
        stpcpy(stpcpy(stpcpy(tag, "<td class=\""), cls), "\">");
    else if (cls) {
        fputs("<td class=\"", f);
        fputs(cls, f);
        strcpy(tag, "\">");
    }
    wr_report_wrap(f, tag, s ? s : "", "</td>");
}

/* A flags.csv amount (owed, paid, ...) grouped by thousands like every
 * amount on the page; empty stays empty. */
void wr_report_td_money(FILE *f, const char *amount, const char *cls)
{
    char grouped[48];
    if (amount && strlen(amount) < 32)
        wr_group_thousands(amount, grouped);
    wr_report_td(f, amount && strlen(amount) < 32 ? grouped : amount, cls);
}

/* ---- the same into a row in memory (D359; the rest inline in report_html.h) ---- */

bool wr_report_buf_td_money(wr_buf *b, const char *amount, const char *cls)
{
    char grouped[48];
    bool group = amount && strlen(amount) < 32;
    if (group)
        wr_group_thousands(amount, grouped);
    return wr_report_buf_td(b, group ? grouped : amount, cls);
}

void wr_report_scope(FILE *f, const wr_report_page *pg, const wr_report_words *w)
{
    if (pg->n_project_filter == 0)
        wr_report_wrap(f, "", w->all_projects, "");
    for (size_t i = 0; i < pg->n_project_filter; i++)
        wr_report_wrap(f, i ? ", " : "", pg->project_filter[i], "");
}
