/*
 * `wagerecon cases list|history|changes|employers --store URL`: reads a
 * case store (DECISIONS D70-D79). All logic is in the library
 * (src/store/cases.c).
 */
#include <stdio.h>
#include <string.h>

#include "../store/cases.h"
#include "../store/store.h"
#include "cli.h"

static const char usage_cases[] =
    "usage: wagerecon cases list --store URL [--status open|resolved|all] [--kind K]\n"
    "                       [--project P] [--employer E] [--since YYYY-MM-DD]\n"
    "                       [--format csv|jsonl]\n"
    "       wagerecon cases history --store URL FLAG_ID [--format csv|jsonl]\n"
    "       wagerecon cases changes --store URL --since YYYY-MM-DD [--format csv|jsonl]\n"
    "       wagerecon cases employers --store URL [--list-worker-amount YUAN]\n"
    "                       [--list-total-amount YUAN] [--format csv|jsonl]\n"
    "\n"
    "Reads the case store that `wagerecon run --store URL` writes (a SQLite file:\n"
    "PATH or sqlite:PATH; PostgreSQL: postgresql://...).\n"
    "  list       one row per flag with its status (open, resolved), first_seen,\n"
    "             last_seen (as-of dates of the runs), resolved_at and latest values;\n"
    "             --status open by default; --since: seen or resolved on or after it.\n"
    "  history    the flag's events (NEW, CHANGED, RESOLVED, REOPENED) run by run.\n"
    "  changes    what case intake takes: every event of runs with as-of on or\n"
    "             after --since.\n"
    "  employers  per employer with open flags: open arrears, months in arrears,\n"
    "             runs in a row with open high-severity flags, and whether the open\n"
    "             flags reach the credit-list amount standard (RULES 5.3 LIST_THRESHOLD:\n"
    "             a, b, a+b or empty; defaults 5000.00 and 30000.00).\n"
    "Rows are CSV with a header (default) or JSON Lines; money in yuan. Output\n"
    "carries full IDs, like flags.csv: it is for case intake.\n"
    "Exit: 0 done, 2 bad usage or unknown flag, 5 the store could not be read.\n";

enum { O_STORE = 1, O_STATUS, O_KIND, O_PROJECT, O_EMPLOYER, O_SINCE, O_FORMAT, O_WORKER_AMT,
       O_TOTAL_AMT, O_HELP };

static const struct option cases_options[] = {
    {"store", required_argument, 0, O_STORE},
    {"status", required_argument, 0, O_STATUS},
    {"kind", required_argument, 0, O_KIND},
    {"project", required_argument, 0, O_PROJECT},
    {"employer", required_argument, 0, O_EMPLOYER},
    {"since", required_argument, 0, O_SINCE},
    {"format", required_argument, 0, O_FORMAT},
    {"list-worker-amount", required_argument, 0, O_WORKER_AMT},
    {"list-total-amount", required_argument, 0, O_TOTAL_AMT},
    {"help", no_argument, 0, O_HELP},
    {0, 0, 0, 0},
};

int cmd_cases(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage_cases, stdout);
        return 0;
    }
    if (argc < 2)
        return cli_usage_error("cases ", "give list, history, changes or employers", NULL);
    const char *sub = argv[1];
    if (strcmp(sub, "list") && strcmp(sub, "history") && strcmp(sub, "changes") &&
        strcmp(sub, "employers"))
        return cli_usage_error("cases ", "unknown cases command", sub);
    const char *store = NULL, *since = NULL;
    wr_cases_filter f = {.status = "open"};
    int64_t worker_fen = 500000, total_fen = 3000000; /* RULES 5.3 defaults */
    bool used[O_HELP + 1] = {false};
    int code;
    opterr = 0;
    optind = 1;
    argc--, argv++;
    while ((code = getopt_long(argc, argv, ":", cases_options, NULL)) != -1) {
        if (code == '?' || code == ':')
            return cli_getopt_error("cases ", argv, code);
        if (used[code] && code != O_HELP) /* D261: every value option once */
            return cli_given_twice("cases ", cases_options[code - 1].name);
        used[code] = true;
        switch (code) {
        case O_HELP: fputs(usage_cases, stdout); return 0;
        case O_STORE: store = optarg; break;
        case O_STATUS:
            if (strcmp(optarg, "all") == 0)
                f.status = NULL;
            else if (strcmp(optarg, "open") == 0 || strcmp(optarg, "resolved") == 0)
                f.status = optarg;
            else
                return cli_usage_error("cases ", "--status wants open, resolved or all, got",
                                       optarg);
            break;
        case O_KIND: f.kind = optarg; break;
        case O_PROJECT: f.project_id = optarg; break;
        case O_EMPLOYER: f.employer_id = optarg; break;
        case O_SINCE: {
            int32_t day;
            if (!wr_parse_date_text(optarg, &day))
                return cli_usage_error("cases ", "--since wants a date YYYY-MM-DD, got", optarg);
            since = f.since = optarg;
            break;
        }
        case O_FORMAT:
            if (strcmp(optarg, "csv") == 0)
                f.format = WR_CASES_CSV;
            else if (strcmp(optarg, "jsonl") == 0)
                f.format = WR_CASES_JSONL;
            else
                return cli_usage_error("cases ", "--format wants csv or jsonl, got", optarg);
            break;
        case O_WORKER_AMT:
        case O_TOTAL_AMT:
            if (!wr_parse_money_text(optarg, code == O_WORKER_AMT ? &worker_fen : &total_fen))
                return cli_usage_error("cases ", "the amount wants yuan like 5000.00, got",
                                       optarg);
            break;
        }
    }
    bool is_list = strcmp(sub, "list") == 0, is_history = strcmp(sub, "history") == 0;
    bool is_changes = strcmp(sub, "changes") == 0, is_employers = strcmp(sub, "employers") == 0;
    /* each option belongs to the commands whose usage names it */
    if ((!is_list && (used[O_STATUS] || used[O_KIND] || used[O_PROJECT] || used[O_EMPLOYER])) ||
        (!is_list && !is_changes && used[O_SINCE]) ||
        (!is_employers && (used[O_WORKER_AMT] || used[O_TOTAL_AMT])))
        return cli_usage_error("cases ", "an option that this cases command does not take:",
                               sub);
    if (!store)
        return cli_usage_error("cases ", "missing --store URL", NULL);
    if (is_changes && !since)
        return cli_usage_error("cases ", "cases changes needs --since YYYY-MM-DD", NULL);
    const char *flag_id = NULL;
    if (is_history) {
        if (optind >= argc)
            return cli_usage_error("cases ", "cases history needs a FLAG_ID", NULL);
        flag_id = argv[optind++];
    }
    if (optind < argc)
        return cli_usage_error("cases ", "unexpected argument", argv[optind]);
    wr_db *db;
    wr_error err;
    if (!wr_store_open_db(store, &db, &err)) {
        fprintf(stderr, "wagerecon: %s\n", err.message);
        return WR_ESTORE;
    }
    bool ok = is_list      ? wr_cases_list(db, &f, stdout, &err)
              : is_changes ? wr_cases_changes(db, since, f.format, stdout, &err)
              : is_history ? wr_cases_history(db, flag_id, f.format, stdout, &err)
                           : wr_cases_employers(db, worker_fen, total_fen, f.format, stdout, &err);
    bool unknown = is_history && !ok && strstr(err.message, ": no flag ");
    wr_db_close(db);
    if (!ok) {
        fprintf(stderr, "wagerecon: %s\n", err.message);
        return unknown ? 2 : WR_ESTORE;
    }
    return 0;
}
