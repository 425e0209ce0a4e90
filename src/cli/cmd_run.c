/*
 * `wagerecon run`: parses the options, calls wr_run and prints the human
 * summary. All logic is in the library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../outputs/outputs.h"
#include "../types/date.h"
#include "../types/ident.h"
#include "../types/money.h"
#include "cli.h"

static const char usage_run[] =
    "usage: wagerecon run --projects FILE --contracts FILE --attendance FILE...\n"
    "                     --payments FILE... --as-of YYYY-MM-DD\n"
    "                     (--period YYYY-MM | --from YYYY-MM --to YYYY-MM) --out DIR\n"
    "                     [--min-wage FILE] [--holidays FILE] [--tolerance YUAN]\n"
    "                     [--account-txns FILE]... [--large-payment YUAN]\n"
    "                     [--list-worker-amount YUAN] [--list-total-amount YUAN]\n"
    "                     [--warn-days N]\n"
    "                     [--project ID]... [--jobs N] [--rejects-raw] [--quiet]\n"
    "                     [--verbose]\n"
    "                     [--lang zh|en]\n"
    "                     [--INPUT-format DESCRIPTOR [--format-value NAME=VALUE]...]...\n"
    "                     [--report-rows] [--part-facts] [--strict] [--allow-early-as-of]\n"
    "                     [--store URL [--store-backfill]] [--csv-bom | --excel]\n"
    "\n"
    "Inputs are CSV (docs/RULES.md section 1), plain or zstd-compressed (told by magic\n"
    "bytes). --attendance and --payments repeat; attendance shape (day rows or\n"
    "punches) is told by its header. An input in another layout (a bank's GBK or\n"
    "GB18030 export, a device's punches) is read through a format descriptor\n"
    "(formats/README.md) given right after the file it describes:\n"
    "  --payments bank.txt --payments-format formats/bank_pipe_gb18030.fmt\n"
    "INPUT is projects, contracts, attendance, payments, min-wage, holidays or\n"
    "account-txns; each\n"
    "--INPUT-format applies to the --INPUT FILE given last before it (one per\n"
    "file; files without one are canonical CSV). --format-value gives a parameter\n"
    "${NAME} of the descriptor given last before it its VALUE, so one device\n"
    "descriptor serves every site:\n"
    "  --attendance a.csv --attendance-format formats/attendance_device_gbk.fmt\n"
    "    --format-value project=PJ00001\n"
    "  --attendance b.csv --attendance-format formats/attendance_device_gbk.fmt\n"
    "    --format-value project=PJ00002\n"
    "--project restricts the run to projects (repeatable); other rows count as out\n"
    "of scope. --rejects-raw copies rejected rows into rejects.csv; they hold\n"
    "personal data (full IDs, card numbers), and --rejects-raw is the only way\n"
    "raw rows reach disk.\n"
    "--jobs N (1-64) never changes an output byte. With N >= 2 each large\n"
    "canonical CSV input (a regular file of 512 KiB or more, not zstd, no\n"
    "descriptor) is parsed on N threads and its rows applied in file order; then\n"
    "the rules, the flags' sorts and the output files are split over N threads\n"
    "(docs/PARALLEL.md).\n"
    "\n"
    "Supervision signals (RULES.md 4.6, 5.3): --account-txns (repeatable) is the\n"
    "wage accounts' statement: with it, ALLOCATION_SHORT says a client allocated\n"
    "less labour cost than the wages owed (Reg. art. 24). LARGE_PAYMENT when a\n"
    "bucket's paid exceeds --large-payment (default 50000.00); LIST_THRESHOLD\n"
    "when an employer's arrears reach --list-worker-amount (5000.00, one worker\n"
    "in 3+ periods) or --list-total-amount (30000.00, 10+ workers); DUE_SOON,\n"
    "only with --warn-days N (N >= 1), for buckets due within N days and unpaid.\n"
    "Every flag carries its legal basis (column basis).\n"
    "\n"
    "--report-rows also writes report_rows.json, which\n"
    "`wagerecon merge` needs to write report.html (`wagerecon partition` puts it\n"
    "in every part's args), --part-facts part_facts.csv and leaves out the kinds\n"
    "that span parts, which the merge computes (docs/SCALE_OUT.md).\n"
    "\n"
    "Checked before any arithmetic (docs/DECISIONS.md D80-D84): a canonical CSV\n"
    "input must be UTF-8 (an Excel workbook, a zip or a GBK file given without a\n"
    "descriptor is refused; a later row that is not UTF-8 is a BAD_ENCODING\n"
    "reject); --as-of before the end of the last period is refused unless\n"
    "--allow-early-as-of; an option taking one value may be given once. Rejects\n"
    "by reason and payment status words other than SUCCESS are listed in the\n"
    "summary; --strict makes any reject, other status word or unchecked trailer\n"
    "total an error (exit 2, nothing written).\n"
    "\n"
    "--store URL keeps every flag in a case store across runs (a SQLite file: PATH\n"
    "or sqlite:PATH; PostgreSQL: postgresql://...), written after the outputs in one\n"
    "transaction; the summary then counts new, persisting, changed, resolved and\n"
    "reopened flags (see `wagerecon cases --help`). A run with an --as-of before the\n"
    "store's latest is refused unless --store-backfill.\n"
    "\n"
    "For Excel (docs/USER_GUIDE.md): --csv-bom starts flags.csv, ledger.csv and\n"
    "rejects.csv with a UTF-8 BOM, so Chinese opens right; --excel also writes\n"
    "their ID columns (flag_id, project_id, employer_id, worker_id, period) as\n"
    "=\"...\" so Excel keeps them as text. Without them the files are plain UTF-8\n"
    "CSV, as case intake reads them (DECISIONS D163).\n"
    "\n"
    "On a terminal, stderr shows one self-updating line per stage (file, MB read,\n"
    "rows/s, ETA); --quiet silences it and the summary; --verbose prints the stage\n"
    "timings to stderr even when it is not a terminal.\n"
    "\n"
    "Writes flags.csv flags.jsonl ledger.csv cases.jsonl summary.json rejects.csv\n"
    "and report.html (for a person: IDs and cards masked; labels in Chinese, or\n"
    "English with --lang en; with --project, a pay calendar per worker) into DIR\n"
    "(created if missing; its parent must exist), atomically.\n"
    "Exit: 0 no high-severity flag, 3 high-severity flags, 2 bad usage or input,\n"
    "4 self-check failed, 5 the store could not be written (it is unchanged; the\n"
    "outputs are written).\n";

/* A descriptor's trailer check (D39, D84, D210). */
static void print_trailer(const wr_file_stats *s)
{
    char total[40];
    if (s->trailer == WR_TRAILER_NONE)
        return;
    printf("    trailer: %llu rows agree", (unsigned long long)s->trailer_rows);
    wr_format_fen_grouped(s->trailer_total_fen, total);
    if (s->trailer == WR_TRAILER_TOTAL_UNCHECKED)
        printf("; total NOT checked (unreadable amounts)\n");
    else if (s->trailer_has_total)
        printf(", total %s agrees\n", total);
    else
        printf(" (no total)\n");
}

/* A file's size and XXH3-128 as `xxh128sum` prints it, in groups of 8 so
 * no run of digits reads as an ID or card number (D210); a descriptor's
 * with its name. */
static void print_digest(const char *descriptor, uint64_t size, const char *xxh3)
{
    printf("    ");
    if (descriptor)
        printf("descriptor %s: ", descriptor);
    if (!xxh3[0]) {
        printf("not a regular file (a pipe): no digest\n");
        return;
    }
    char count[24], bytes[40];
    snprintf(count, sizeof count, "%llu", (unsigned long long)size);
    wr_group_thousands(count, bytes);
    printf("%s bytes, xxh3 %.8s %.8s %.8s %.8s\n", bytes, xxh3, xxh3 + 8, xxh3 + 16, xxh3 + 24);
}

/* The options that shape the figures (D210). */
static void print_options(const wr_report *r)
{
    char as_of[11], from[8], to[8], tol[40], large[40], worker[40], total[40];
    wr_format_day(r->as_of_day, as_of);
    wr_format_month(r->from_month, from);
    wr_format_month(r->to_month, to);
    wr_format_fen_grouped(r->tolerance_fen, tol);
    wr_format_fen_grouped(r->large_payment_fen, large);
    wr_format_fen_grouped(r->list_worker_fen, worker);
    wr_format_fen_grouped(r->list_total_fen, total);
    printf("wagerecon: as of %s, periods %s to %s; tolerance %s, large payment %s, list amounts "
           "%s (one worker) / %s (ten workers), ",
           as_of, from, to, tol, large, worker, total);
    if (r->warn_days > 0)
        printf("warn days %d\n", r->warn_days);
    else
        printf("no early warning\n");
}

void cli_print_file_rows(const wr_report *r)
{
    printf("wagerecon: rows per file (data = used + out of scope + rejected)\n");
    for (size_t i = 0; i < r->n_files; i++) {
        const wr_file_stats *s = &r->files[i];
        printf("  %-10s %-28s %10llu = %10llu + %8llu + %6llu\n", s->role, s->name,
               (unsigned long long)s->data_rows, (unsigned long long)s->used,
               (unsigned long long)s->out_of_scope, (unsigned long long)s->rejected);
        if (s->rejected) { /* D84: the reasons, so no reject goes unseen */
            printf("    rejected: ");
            wr_write_reasons(stdout, s, "%s %llu", ", ");
            printf(" (rejects.csv)\n");
        }
        print_trailer(s);
        print_digest(NULL, s->size, s->xxh3);
        if (s->format_name)
            print_digest(s->format_name, s->format_size, s->format_xxh3);
    }
}

void cli_print_status_words(const wr_report *r)
{
    char amount[40];
    for (size_t i = 0; i < r->n_statuses; i++) { /* D84: RULES 4.5 counts SUCCESS only */
        const wr_status_word *w = &r->statuses[i];
        if (strcmp(w->word, "SUCCESS") == 0)
            continue;
        char *word = wr_mask_digit_runs_dup(w->word); /* D210: a shifted ID or card */
        wr_format_fen_grouped(w->amount_fen, amount);
        printf("payments: %llu rows with status `%s`, %s yuan, not counted as paid (only "
               "SUCCESS is)\n",
               (unsigned long long)w->rows, word ? word : "(out of memory)", amount);
        free(word);
    }
}

/* cases.jsonl against the headline (D213). */
static void print_cases(const wr_report *r)
{
    printf("cases (cases.jsonl): %llu = %llu employers in arrears (the headline's) + %llu "
           "employers with other high flags only",
           (unsigned long long)(r->cases_employer + r->cases_client + r->cases_account),
           (unsigned long long)r->cases_in_arrears,
           (unsigned long long)(r->cases_employer - r->cases_in_arrears));
    const char *sep = " (";
    for (int k = 0; k < WR_N_KINDS; k++)
        if (r->cases_other_flags[k]) {
            printf("%s%s %llu", sep, wr_kind_name(k), (unsigned long long)r->cases_other_flags[k]);
            sep = ", ";
        }
    printf("%s + %llu clients + %llu accounts\n", sep[0] == ',' ? ")" : "",
           (unsigned long long)r->cases_client,
           (unsigned long long)r->cases_account);
}

void cli_print_summary(const wr_report *r)
{
    char amount[40];
    print_options(r);
    cli_print_file_rows(r);
    cli_print_status_words(r);
    printf("flags: high %llu, medium %llu, low %llu\n",
           (unsigned long long)r->flags_by_severity[0], (unsigned long long)r->flags_by_severity[1],
           (unsigned long long)r->flags_by_severity[2]);
    for (int k = 0; k < WR_N_KINDS; k++)
        if (r->flags_by_kind[k])
            printf("  %-20s %llu\n", wr_kind_name(k), (unsigned long long)r->flags_by_kind[k]);
    wr_format_fen_grouped(r->arrears_fen, amount); /* read by people, as report.html (D35) */
    printf("arrears (欠薪): %llu employers, %llu workers, %s yuan\n",
           (unsigned long long)r->employers_in_arrears, (unsigned long long)r->workers_in_arrears,
           amount);
    print_cases(r);
    if (r->store_used)
        printf("store: new %llu, persisting %llu (changed %llu), resolved %llu, reopened %llu%s\n",
               (unsigned long long)r->store_new, (unsigned long long)r->store_persisting,
               (unsigned long long)r->store_changed, (unsigned long long)r->store_resolved,
               (unsigned long long)r->store_reopened,
               r->store_repeat ? " (the same run was stored before: nothing written)" : "");
}

enum { O_REPORT_ROWS = CLI_EXTRA_OPTION_BASE, O_PART_FACTS, O_STRICT, O_STORE, O_STORE_BACKFILL,
       O_CSV_BOM, O_EXCEL };

static const struct option run_only_options[] = {
    {"report-rows", no_argument, 0, O_REPORT_ROWS},
    {"part-facts", no_argument, 0, O_PART_FACTS},
    {"strict", no_argument, 0, O_STRICT},
    {"store", required_argument, 0, O_STORE},
    {"store-backfill", no_argument, 0, O_STORE_BACKFILL},
    {"csv-bom", no_argument, 0, O_CSV_BOM},
    {"excel", no_argument, 0, O_EXCEL},
    {0, 0, 0, 0},
};

static int apply_run_only(void *ctx, int code, const char *arg)
{
    wr_options *o = ctx;
    if (code == O_REPORT_ROWS)
        o->report_rows = true;
    else if (code == O_PART_FACTS)
        o->part_facts = true;
    else if (code == O_STRICT)
        o->strict = true;
    else if (code == O_CSV_BOM)
        o->csv_bom = true;
    else if (code == O_EXCEL)
        o->excel = true;
    else if (code == O_STORE && o->store_url)
        return cli_given_twice("run ", "store"); /* D261 */
    else if (code == O_STORE && !*arg)
        return cli_usage_error("run ", "--store wants a file or a postgresql:// URL", NULL);
    else if (code == O_STORE)
        o->store_url = arg;
    else
        o->store_backfill = true;
    return 0;
}

int cmd_run(int argc, char **argv)
{
    static cli_run_args c;
    const cli_extra extra = {run_only_options, apply_run_only, &c.opt};
    const cli_command run = {"run", usage_run, &extra, NULL, true, NULL, NULL};
    int rc = cli_parse_and_check(&run, argc, argv, &c, NULL);
    if (rc != CLI_GO_ON)
        return rc;
    /* Test hook only: proves the self-check can fail (exit 4). */
    if (c.opt.store_backfill && !c.opt.store_url)
        return cli_usage_error("run ", "--store-backfill needs --store URL", NULL);
    if ((c.opt.csv_bom || c.opt.excel) && (c.opt.report_rows || c.opt.part_facts))
        return cli_usage_error("run ", "--csv-bom and --excel are for people, not for a part's "
                                       "run (the merge reads its CSVs: DECISIONS D163)", NULL);
    static wr_report report;
    wr_error err;
    cli_remove_partial_outputs_on_stop();
    static cli_progress progress;
    cli_progress_attach(&progress, &c);
    wr_status st = wr_run(&c.opt, &report, &err);
    if (st != WR_OK && st != WR_HIGH_FLAGS && !report.store_failed) {
        fprintf(stderr, "wagerecon: %s\n", err.message);
        wr_report_free(&report);
        return st;
    }
    if (!c.quiet) {
        cli_print_summary(&report);
        printf("outputs in %s\n", c.opt.out_dir);
    }
    if (report.store_failed) /* DECISIONS D71: the store as before, the outputs written */
        fprintf(stderr, "wagerecon: %s\nwagerecon: the store is unchanged; the run's outputs "
                        "are in %s\n", err.message, c.opt.out_dir);
    wr_report_free(&report);
    return st;
}
