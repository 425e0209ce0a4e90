/* cases.jsonl: one case per employer with high-severity flags, the shape
 * case intake takes (DECISIONS D22), then one per client whose projects
 * have ALLOCATION_SHORT flags (the client is the responsible party,
 * RULES 4.6 / Reg. art. 24; DECISIONS D66). */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "../io/outfile.h"
#include "../types/keysort.h"
#include "../types/money.h"
#include "../types/strings.h"
#include "outputs.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

enum { P_EMPLOYER, P_CLIENT, P_ACCOUNT };

static int party_kind(const wr_case_flag *f)
{
    return f->account[0] ? P_ACCOUNT : f->client_id[0] ? P_CLIENT : P_EMPLOYER;
}

static const char *party_of(const wr_case_flag *f)
{
    return f->account[0] ? f->account : f->client_id[0] ? f->client_id : f->employer_id;
}

/* Employer cases first, then client cases, then account cases (D214);
 * each by its id, then flags.csv order: idx[0 .. n) by a key sort from
 * that order (D379), the party's kind and its id's rank. */
static bool sort_case_flags(const wr_case_flag *flags, size_t n, uint32_t *idx)
{
    const char **text = calloc(n + 1, sizeof *text);
    uint32_t *rank = malloc((n + 1) * sizeof *rank), *tmp = malloc((n + 1) * sizeof *tmp);
    uint64_t *key = malloc((n + 1) * sizeof *key);
    bool ok = text && rank && tmp && key;
    for (size_t i = 0; ok && i < n; i++)
        text[i] = party_of(&flags[i]);
    if (ok && (ok = wr_text_ranks(text, n, rank))) {
        for (uint32_t i = 0; i < n; i++) {
            idx[i] = i;
            key[i] = (uint64_t)party_kind(&flags[i]) << 32 | rank[i];
        }
        wr_sort_by_key(idx, n, key, tmp);
    }
    free(text);
    free(rank);
    free(tmp);
    free(key);
    return ok;
}

/* Writes the sorted distinct non-empty strings as a JSON array; returns
 * how many. */
static size_t write_distinct(FILE *f, const char **items, size_t n)
{
    wr_sort_count_distinct(items, n); /* sorts; duplicates skipped below */
    fputc('[', f);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (!items[i][0] || (i && strcmp(items[i], items[i - 1]) == 0))
            continue;
        if (k++)
            fputc(',', f);
        wr_json_string(f, items[i]);
    }
    fputc(']', f);
    return k;
}

static size_t count_distinct_nonempty(const char **items, size_t n)
{
    wr_sort_count_distinct(items, n);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (items[i][0] && (i == 0 || strcmp(items[i], items[i - 1]) != 0))
            k++;
    return k;
}

/* D22: XXH3-64 of "CASE|<kind><party>|<from>|<to>", hashed piece by piece
 * (XXH3's streaming state gives the hash of the whole text), so no buffer
 * is needed and none can fail (a failed one gave the id of an empty key). */
static void case_id_of(const char *kind, const char *party, const char *from, const char *to,
                       char case_id[17])
{
    XXH3_state_t st;
    XXH3_INITSTATE(&st);
    XXH3_64bits_reset(&st);
    const char *pieces[] = {"CASE|", kind, party, "|", from, "|", to};
    for (size_t i = 0; i < sizeof pieces / sizeof pieces[0]; i++)
        XXH3_64bits_update(&st, pieces[i], strlen(pieces[i]));
    snprintf(case_id, 17, "%016" PRIx64, (uint64_t)XXH3_64bits_digest(&st));
}

static const char *const case_key_kind[] = {"", "client|", "account|"};

static void party_case_id(int party, const char *id, wr_month from, wr_month to,
                          char case_id[17])
{
    char f[8], t[8];
    wr_format_month(from, f);
    wr_format_month(to, t);
    case_id_of(case_key_kind[party], id, f, t, case_id);
}

void wr_employer_case_id(const char *employer_id, wr_month from, wr_month to, char case_id[17])
{
    party_case_id(P_EMPLOYER, employer_id, from, to, case_id);
}

void wr_account_case_id(const char *account, wr_month from, wr_month to, char case_id[17])
{
    party_case_id(P_ACCOUNT, account, from, to, case_id);
}

static void write_flag_ids(FILE *f, const wr_case_flag *cf, const uint32_t *idx, size_t n)
{
    fputs(",\"flag_ids\":[", f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%s\"%s\"", i ? "," : "", cf[idx[i]].flag_id);
    fputs("]}\n", f);
}

/* A case's first members: case_id, <party>_id, <party>_name, periods,
 * projects (its flags' distinct projects). */
static void write_case_head(FILE *f, const char *party, const char *id, const char *name,
                            const char *from, const char *to, const wr_case_flag *cf,
                            const uint32_t *idx, size_t n, const char **scratch)
{
    char case_id[17];
    int kind = party_kind(&cf[idx[0]]);
    case_id_of(case_key_kind[kind], id, from, to, case_id);
    fputs("{\"case_id\":", f);
    wr_json_string(f, case_id);
    if (kind == P_ACCOUNT) { /* D214: an account has no name in the inputs */
        fputs(",\"account\":", f);
        wr_json_string(f, id);
    } else {
        fprintf(f, ",\"%s_id\":", party);
        wr_json_string(f, id);
        fprintf(f, ",\"%s_name\":", party);
        wr_json_string(f, name);
    }
    fprintf(f, ",\"periods\":[\"%s\",\"%s\"],\"projects\":", from, to);
    for (size_t i = 0; i < n; i++)
        scratch[i] = cf[idx[i]].project_id;
    write_distinct(f, scratch, n);
}

/* One employer's case: its flags are cf[idx[0..n)], in flags.csv order. */
static void write_employer_case(FILE *f, const char *from, const char *to,
                                const wr_case_flag *cf, const uint32_t *idx, size_t n,
                                const char **scratch)
{
    const wr_case_flag *first = &cf[idx[0]];
    const char *name = "";
    for (size_t i = 0; i < n && !name[0]; i++)
        if (cf[idx[i]].project_id[0]) {
            name = cf[idx[i]].employer_name;
            break;
        }
    char amount[48];
    wr_fen_sum sum = 0; /* D164: exact over any number of flags */
    for (size_t i = 0; i < n; i++)
        sum += cf[idx[i]].shortfall_fen;
    wr_format_fen_sum(sum, amount);
    write_case_head(f, "employer", first->employer_id, name, from, to, cf, idx, n, scratch);
    for (size_t i = 0; i < n; i++)
        scratch[i] = cf[idx[i]].worker_id;
    fprintf(f, ",\"workers\":%zu,\"amount\":\"%s\"", count_distinct_nonempty(scratch, n), amount);
    write_flag_ids(f, cf, idx, n);
}

/* One client's case (DECISIONS D66): amount = over its projects, the
 * shortfall of each one's ALLOCATION_SHORT of the latest period flagged. */
static void write_client_case(FILE *f, const char *from, const char *to, const wr_case_flag *cf,
                              const uint32_t *idx, size_t n, const char **scratch)
{
    const wr_case_flag *first = &cf[idx[0]];
    char amount[48];
    wr_fen_sum sum = 0; /* D164: exact over any number of flags */
    const char *name = "", *name_project = NULL;
    for (size_t i = 0; i < n; i++) {
        const wr_case_flag *c = &cf[idx[i]];
        bool latest = true;
        for (size_t j = 0; j < n; j++)
            if (j != i && strcmp(cf[idx[j]].project_id, c->project_id) == 0 &&
                (cf[idx[j]].period > c->period || (cf[idx[j]].period == c->period && j > i)))
                latest = false;
        if (latest)
            sum += c->alloc_shortfall_fen;
        if (c->client_name[0] && (!name_project || strcmp(c->project_id, name_project) < 0)) {
            name = c->client_name;
            name_project = c->project_id;
        }
    }
    wr_format_fen_sum(sum, amount);
    write_case_head(f, "client", first->client_id, name, from, to, cf, idx, n, scratch);
    fprintf(f, ",\"workers\":0,\"amount\":\"%s\"", amount);
    write_flag_ids(f, cf, idx, n);
}

/* An unknown account's case (DECISIONS D214): its one UNKNOWN_ACCOUNT
 * flag; workers = the distinct payees of its rows, amount = what it paid
 * (SUCCESS, on or before as-of). */
static void write_account_case(FILE *f, const char *from, const char *to,
                               const wr_case_flag *cf, const uint32_t *idx, size_t n,
                               const char **scratch)
{
    const wr_case_flag *first = &cf[idx[0]];
    char amount[24];
    wr_format_fen(first->paid_fen, amount);
    write_case_head(f, "account", first->account, "", from, to, cf, idx, n, scratch);
    fprintf(f, ",\"workers\":%u,\"amount\":\"%s\"", first->payees, amount);
    write_flag_ids(f, cf, idx, n);
}

/* D213: the case of cf[idx[0..n)] counted against the headline. */
static void count_case(wr_report *rep, const wr_case_flag *cf, const uint32_t *idx, size_t n)
{
    int party = party_kind(&cf[idx[0]]);
    if (party != P_EMPLOYER) {
        (*(party == P_CLIENT ? &rep->cases_client : &rep->cases_account))++;
        return;
    }
    rep->cases_employer++;
    bool arrears = false;
    for (size_t i = 0; i < n; i++)
        arrears = arrears || cf[idx[i]].kind == K_MISSING || cf[idx[i]].kind == K_UNDERPAID;
    if (arrears) {
        rep->cases_in_arrears++;
        return;
    }
    for (size_t i = 0; i < n; i++)
        rep->cases_other_flags[cf[idx[i]].kind]++;
}

bool wr_write_cases(FILE *f, wr_month from_month, wr_month to_month, const wr_case_flag *flags,
                    size_t n, wr_report *rep)
{
    uint32_t *idx = malloc((n + 1) * sizeof *idx);
    const char **scratch = malloc((n + 1) * sizeof *scratch);
    if (!idx || !scratch || !sort_case_flags(flags, n, idx)) {
        free(idx);
        free(scratch);
        return false;
    }
    char from[8], to[8];
    wr_format_month(from_month, from);
    wr_format_month(to_month, to);
    rep->cases_employer = rep->cases_in_arrears = rep->cases_client = rep->cases_account = 0;
    memset(rep->cases_other_flags, 0, sizeof rep->cases_other_flags);
    for (size_t i = 0; i < n;) {
        const wr_case_flag *a = &flags[idx[i]];
        size_t j = i;
        while (j < n && party_kind(&flags[idx[j]]) == party_kind(a) &&
               strcmp(party_of(&flags[idx[j]]), party_of(a)) == 0)
            j++;
        int party = party_kind(a);
        if (party == P_ACCOUNT)
            write_account_case(f, from, to, flags, idx + i, j - i, scratch);
        else if (party == P_CLIENT)
            write_client_case(f, from, to, flags, idx + i, j - i, scratch);
        else
            write_employer_case(f, from, to, flags, idx + i, j - i, scratch);
        count_case(rep, flags, idx + i, j - i);
        i = j;
    }
    free(idx);
    free(scratch);
    return true;
}

bool wr_write_cases_jsonl(FILE *f, const wr_model *m, const wr_vec *flags)
{
    wr_case_flag *cf = malloc((flags->len + 1) * sizeof *cf);
    if (!cf)
        return false;
    size_t n = 0;
    for (uint32_t i = 0; i < flags->len; i++) {
        const wr_flag *fl = WR_AT(*flags, wr_flag, i);
        if (fl->severity != SEV_HIGH)
            continue;
        wr_case_flag c = {.kind = fl->kind, .employer_id = "", .employer_name = "",
                          .project_id = "", .worker_id = "", .flag_id = fl->id,
                          .client_id = "", .client_name = "", .period = -1, .account = ""};
        if (wr_is_agg_kind(fl->kind)) {
            const wr_agg_flag_record *a = WR_AT(m->agg_flags, wr_agg_flag_record, fl->ref);
            c.employer_id = a->employer_id;
            c.project_id = a->project_id;
            c.period = a->period;
            if (a->project_id[0]) {
                const wr_project *p = WR_AT(m->projects, wr_project,
                                            wr_model_find_project(m, (wr_str){a->project_id,
                                                                  strlen(a->project_id)}));
                c.employer_name = p->employer_name;
                if (fl->kind == K_ALLOCATION_SHORT && p->client_id[0]) {
                    c.client_id = p->client_id;
                    c.client_name = p->client_name;
                    c.alloc_shortfall_fen = a->shortfall_fen;
                }
            }
        } else {
            const wr_pair *pair = wr_flag_pair(m, fl);
            if (!pair && fl->kind == K_UNKNOWN_ACCOUNT) { /* its account's case (D214) */
                const wr_unknown_account *u =
                    WR_AT(m->unknown_accounts, wr_unknown_account, fl->ref);
                c.account = u->account;
                c.payees = u->payees;
                c.paid_fen = u->paid_fen;
                cf[n++] = c;
                continue;
            }
            if (!pair)
                continue;
            const wr_project *p = WR_AT(m->projects, wr_project, pair->project);
            c.employer_id = p->employer_id;
            c.employer_name = p->employer_name;
            c.project_id = p->id;
            c.worker_id = WR_AT(m->workers, wr_worker, pair->worker)->id;
            c.shortfall_fen = wr_flag_shortfall(m, fl);
        }
        cf[n++] = c;
    }
    bool ok = wr_write_cases(f, m->opt->from_month, m->opt->to_month, cf, n, m->report);
    free(cf);
    return ok;
}
