/* Unit tests: scaleout/merge_ledger.c. The merge's ledger.csv is the
 * parts' rows summed per (project, period) (RULES 6: every bucket lives in
 * one part, so each count and amount adds), max_days_late the largest,
 * sorted by project then period; a part's row that is not a ledger row,
 * or a project the projects file lacks, is an error. Two parts written
 * here; the merged text and the arrears total computed by hand. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "scaleout/merge.h"

#define HEADER "project_id,employer_id,period,workers,workers_attended,workers_paid," \
               "workers_in_arrears,owed,paid,arrears,late_workers,max_days_late\n"

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* Merges the ledgers of the parts; the merged text into out (NUL ended). */
static int merge(wr_model *projects, const char *const *parts, size_t n, char *out, size_t cap,
                 int64_t *arrears, wr_error *err)
{
    FILE *f = fmemopen(out, cap, "w");
    bool overflow = false;
    wr_vec rows;
    wr_vec_init(&rows, sizeof(wr_ledger_row));
    memset(out, 0, cap);
    int rc = wr_merge_ledger(parts, n, f, arrears, &overflow, projects, &rows, err);
    fclose(f);
    wr_vec_free(&rows);
    return overflow ? -1 : rc;
}

int main(void)
{
    char root[] = "/tmp/wr-merge-ledger-XXXXXX";
    if (!mkdtemp(root))
        return 1;
    char p1[600], p2[600], p3[600];
    snprintf(p1, sizeof p1, "%s/p1", root);
    snprintf(p2, sizeof p2, "%s/p2", root);
    snprintf(p3, sizeof p3, "%s/p3", root);
    mkdir(p1, 0700);
    mkdir(p2, 0700);
    mkdir(p3, 0700);
    write_file(p1, "ledger.csv", HEADER
               "P1,E1,2026-10,3,3,3,1,4500.00,4000.00,500.50,1,4\n"
               "P2,E2,2026-10,2,2,1,1,3000.00,1500.00,1500.00,0,0\n");
    write_file(p2, "ledger.csv", HEADER
               "P1,E1,2026-09,1,1,1,0,800.00,800.00,0.00,1,9\n"
               "P1,E1,2026-10,1,1,0,1,1000.00,0.00,1000.00,1,2\n");

    wr_options opt = {0};
    wr_report rep;
    wr_model m;
    wr_model_init(&m, &opt, &rep);
    wr_project a = {.id = "P1", .name = "", .employer_id = "E1", .employer_name = "", .wage_account = "A1",
                    .region = "", .client_id = "", .client_name = ""};
    wr_project b = a;
    b.id = "P2", b.employer_id = "E2", b.wage_account = "A2";
    CHECK(wr_model_add_project(&m, &a) == WR_ADD_OK);
    CHECK(wr_model_add_project(&m, &b) == WR_ADD_OK);

    /* By hand: P1 2026-09 from part 2 alone; P1 2026-10 = 3+1 workers,
     * 3+1 attended, 3+0 paid, 1+1 in arrears, 4500.00+1000.00 owed,
     * 4000.00+0.00 paid, 500.50+1000.00 arrears, 1+1 late, max(4, 2) = 4;
     * P2 from part 1. Arrears total 0.00 + 1500.50 + 1500.00 = 3000.50. */
    const char *parts[] = {p1, p2};
    char out[4096];
    int64_t arrears = -1;
    wr_error err = {""};
    CHECK(merge(&m, parts, 2, out, sizeof out, &arrears, &err) == 0);
    CHECK(strcmp(out, HEADER
                 "P1,E1,2026-09,1,1,1,0,800.00,800.00,0.00,1,9\n"
                 "P1,E1,2026-10,4,4,3,2,5500.00,4000.00,1500.50,2,4\n"
                 "P2,E2,2026-10,2,2,1,1,3000.00,1500.00,1500.00,0,0\n") == 0);
    CHECK(arrears == 300050);
    /* The order of the parts does not matter. */
    const char *swapped[] = {p2, p1};
    char out2[4096];
    CHECK(merge(&m, swapped, 2, out2, sizeof out2, &arrears, &err) == 0);
    CHECK(strcmp(out, out2) == 0);

    /* A row that is not a ledger row: an error naming the file and line. */
    write_file(p3, "ledger.csv", HEADER "P1,E1,2026-10,x,1,1,0,1.00,1.00,0.00,0,0\n");
    const char *bad[] = {p1, p3};
    CHECK(merge(&m, bad, 2, out2, sizeof out2, &arrears, &err) != 0);
    CHECK(strstr(err.message, "p3/ledger.csv") && strstr(err.message, "line 2"));
    /* A project the projects file lacks. */
    write_file(p3, "ledger.csv", HEADER "P9,E9,2026-10,1,1,1,0,1.00,1.00,0.00,0,0\n");
    err.message[0] = 0;
    CHECK(merge(&m, bad, 2, out2, sizeof out2, &arrears, &err) != 0);
    CHECK(strstr(err.message, "P9") != NULL);

    wr_model_free(&m);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        return 1;
    return CHECK_DONE();
}
