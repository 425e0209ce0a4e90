/*
 * The report's files are the library's allocations (core/report_files.c,
 * DECISIONS D243): as many entries as inputs, no cap (70 payments files
 * were refused while wr_report.files was a fixed array of 3 * 64 + 4),
 * names and descriptor names copied, freed by wr_report_free; so are
 * the payment status words, whole (D264). Run from
 * the repository's root (tests/run_all.sh does); valgrind shows no leak.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "wagerecon/wagerecon.h"

#define N_PAYMENTS 70
#define CASE "testdata/cases/"

static char out_root[] = "/tmp/report_files_test.XXXXXX";
static char out_dir[64];

/* b_underpaid's inputs, its payments file given n_payments times. */
static void underpaid(wr_options *o, const char **attendance, const char **payments,
                      size_t n_payments)
{
    wr_options_init(o);
    o->projects = CASE "b_underpaid/projects.csv";
    o->holidays = CASE "b_underpaid/holidays.csv";
    o->contracts = CASE "b_underpaid/contracts.csv";
    attendance[0] = CASE "b_underpaid/attendance.csv";
    attendance[1] = CASE "b_underpaid/punches.csv";
    o->attendance = attendance;
    o->n_attendance = 2;
    for (size_t i = 0; i < n_payments; i++)
        payments[i] = CASE "b_underpaid/payments.csv";
    o->payments = payments;
    o->n_payments = n_payments;
    wr_parse_period_text("2026-10", &o->from_month);
    o->to_month = o->from_month;
    wr_parse_date_text("2026-11-20", &o->as_of_day);
    o->out_dir = out_dir;
}

static bool ran(wr_status st)
{
    return st == WR_OK || st == WR_HIGH_FLAGS;
}

int main(void)
{
    wr_report report;
    memset(&report, 0xff, sizeof report); /* what a caller's stack may hold */
    wr_report_free(NULL);
    CHECK(mkdtemp(out_root) != NULL);
    snprintf(out_dir, sizeof out_dir, "%s/out", out_root);

    /* 70 payments files: 1 projects + 1 holidays + 1 contracts + 2
     * attendance + 70 payments entries, in read order (D1). */
    wr_options o;
    const char *attendance[2], *payments[N_PAYMENTS];
    underpaid(&o, attendance, payments, N_PAYMENTS);
    wr_error err = {{0}};
    CHECK(ran(wr_run(&o, &report, &err)));
    CHECK(report.n_files == 5 + N_PAYMENTS);
    CHECK(report.n_files > 0 && strcmp(report.files[0].name, "projects.csv") == 0 &&
          strcmp(report.files[0].role, "projects") == 0);
    CHECK(report.n_files > 4 && strcmp(report.files[4].name, "punches.csv") == 0);
    /* payments.csv has 4 data rows; a later copy repeats their (account,
     * txn_id): used all the same, flagged DUPLICATE_TXN (RULES 5.2) */
    const wr_file_stats *last = report.n_files ? &report.files[report.n_files - 1] : NULL;
    CHECK(last && strcmp(last->name, "payments.csv") == 0 &&
          strcmp(last->role, "payments") == 0 && last->data_rows == 4 && last->used == 4 &&
          last->rejected == 0 && !last->format_name);
    wr_report_free(&report);
    CHECK(report.n_files == 0 && report.files == NULL);
    wr_report_free(&report); /* a zeroed report: nothing to do */

    /* Descriptors' names (f_device_two_sites): the projects' and both
     * attendance files', none for the canonical payments. */
    wr_options_init(&o);
    o.projects = CASE "f_device_two_sites/projects.csv";
    const char *region[] = {"region=上海 浦东"}, *p1[] = {"project=PJ00001"},
               *p2[] = {"project=PJ00002"};
    o.projects_format = (wr_format_ref){CASE "f_device_two_sites/projects_region.fmt", region, 1};
    o.min_wage = CASE "f_device_two_sites/min_wage.csv";
    o.contracts = CASE "f_device_two_sites/contracts.csv";
    attendance[0] = CASE "f_device_two_sites/site1.csv";
    attendance[1] = CASE "f_device_two_sites/site2.csv";
    const wr_format_ref device[2] = {{"formats/attendance_device_gbk.fmt", p1, 1},
                                     {"formats/attendance_device_gbk.fmt", p2, 1}};
    o.attendance = attendance, o.attendance_format = device, o.n_attendance = 2;
    payments[0] = CASE "f_device_two_sites/payments.csv";
    o.payments = payments, o.n_payments = 1;
    wr_parse_period_text("2026-10", &o.from_month);
    o.to_month = o.from_month;
    wr_parse_date_text("2026-11-20", &o.as_of_day);
    o.out_dir = out_dir;
    CHECK(ran(wr_run(&o, &report, &err)));
    CHECK(report.n_files == 6);
    if (report.n_files == 6) {
        const wr_file_stats *f = report.files;
        CHECK(f[0].format_name && strcmp(f[0].format_name, "projects_region.fmt") == 0);
        CHECK(!f[1].format_name && strcmp(f[1].name, "min_wage.csv") == 0);
        CHECK(f[3].format_name && strcmp(f[3].format_name, "attendance_device_gbk.fmt") == 0 &&
              strcmp(f[3].name, "site1.csv") == 0);
        CHECK(f[4].format_name && strcmp(f[4].name, "site2.csv") == 0);
        CHECK(!f[2].format_name && strcmp(f[2].role, "contracts") == 0);
        CHECK(!f[5].format_name && strcmp(f[5].name, "payments.csv") == 0);
    }
    wr_report_free(&report);

    /* After an error the report holds what was read so far: freed the same way. */
    underpaid(&o, attendance, payments, 1);
    o.contracts = CASE "b_underpaid/no_such_file.csv";
    CHECK(wr_run(&o, &report, &err) == WR_EINPUT);
    CHECK(report.n_files >= 2 && strcmp(report.files[1].name, "holidays.csv") == 0);
    wr_report_free(&report);

    /* The status words are the report's too (D264), whole: a 100-byte
     * word (cut to 63 bytes while the report held char[64] words), shown
     * masked but whole in report.html; 70 words in all, of which a run
     * counts 64 and the rest as "(other)" (payments.c). */
    char pay_path[128], long_word[101];
    snprintf(pay_path, sizeof pay_path, "%s/payments.csv", out_root);
    snprintf(long_word, sizeof long_word, "HOLD6222021001000000416%077d", 0);
    memset(long_word + 23, 'Z', 77);
    FILE *pf = fopen(pay_path, "w");
    CHECK(pf != NULL);
    if (pf) {
        FILE *in = fopen(CASE "b_underpaid/payments.csv", "r");
        char line[512];
        while (in && fgets(line, sizeof line, in))
            fputs(line, pf); /* header and 4 SUCCESS rows, 9,159.00 yuan */
        if (in)
            fclose(in);
        for (int i = 1; i <= 69; i++) {
            char word[16];
            snprintf(word, sizeof word, "W%02d", i);
            fprintf(pf, "31050161393600000021,ST%03d,440106198903020136,何建国,"
                        "6222021001000000136,1.00,2026-11-13,2026-10,%s\n",
                    i, i == 1 ? long_word : word);
        }
        fclose(pf);
    }
    underpaid(&o, attendance, payments, 1);
    payments[0] = pay_path;
    CHECK(ran(wr_run(&o, &report, &err)));
    CHECK(report.n_statuses == 65);
    if (report.n_statuses == 65) {
        const wr_status_word *w = report.statuses;
        CHECK(strcmp(w[0].word, "SUCCESS") == 0 && w[0].rows == 4 && w[0].amount_fen == 915900);
        CHECK(strcmp(w[1].word, long_word) == 0 && w[1].rows == 1 && w[1].amount_fen == 100);
        CHECK(strcmp(w[63].word, "W63") == 0);
        /* words 64..69 (6 rows, 1.00 yuan each) */
        CHECK(strcmp(w[64].word, "(other)") == 0 && w[64].rows == 6 && w[64].amount_fen == 600);
    }
    char html_path[128], want[128], *html = NULL;
    snprintf(html_path, sizeof html_path, "%s/report.html", out_dir);
    snprintf(want, sizeof want, "<code>HOLD****0416%s</code>", long_word + 23);
    FILE *hf = fopen(html_path, "r");
    size_t html_len = 0;
    CHECK(hf != NULL);
    if (hf) {
        html = malloc(1 << 22);
        html_len = html ? fread(html, 1, (1 << 22) - 1, hf) : 0;
        fclose(hf);
        if (html)
            html[html_len] = '\0';
    }
    CHECK(html && strstr(html, want) != NULL);
    free(html);
    wr_report_free(&report);
    CHECK(report.n_statuses == 0 && report.statuses == NULL);

    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", out_root);
    CHECK(system(cmd) == 0);
    return CHECK_DONE();
}
