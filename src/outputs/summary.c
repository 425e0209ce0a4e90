/* summary.json and its control totals (RULES section 6). */
#include <string.h>

#include "../io/outfile.h"
#include "../types/money.h"
#include "outputs.h"

bool wr_rows_identity_holds(const wr_report *rep)
{
    for (size_t i = 0; i < rep->n_files; i++) {
        const wr_file_stats *s = &rep->files[i];
        if (s->data_rows != s->used + s->out_of_scope + s->rejected)
            return false;
    }
    return true;
}

void wr_check_model_totals(const wr_model *m, wr_checks *c, bool *overflow)
{
    *overflow = false;
    c->counted_fen = m->counted_total_fen;
    c->bucket_paid_fen = 0;
    for (size_t i = 0; i < m->buckets.len; i++)
        c->bucket_paid_fen = wr_add_fen(c->bucket_paid_fen,
                                        WR_AT(m->buckets, wr_bucket, i)->paid_fen, overflow);
    c->payments_ok = c->counted_fen == c->bucket_paid_fen;
    c->matched_fen = c->unmatched_fen = 0;
    c->matched_rows = c->unmatched_rows = 0;
    for (size_t i = 0; i < m->payments.len; i++) {
        const wr_payment *pay = WR_AT(m->payments, wr_payment, i);
        const wr_pair *p = WR_AT(m->pairs, wr_pair,
                                 WR_AT(m->buckets, wr_bucket, pay->bucket)->pair);
        bool matched = p->has_contract || p->has_attendance; /* RULES 5.2 UNKNOWN_PAYEE */
        int64_t *sum = matched ? &c->matched_fen : &c->unmatched_fen;
        *sum = wr_add_fen(*sum, pay->amount_fen, overflow);
        *(matched ? &c->matched_rows : &c->unmatched_rows) += 1;
    }
    c->matched_ok = c->matched_rows + c->unmatched_rows == m->counted_rows &&
                    wr_add_fen(c->matched_fen, c->unmatched_fen, overflow) == c->counted_fen;
}

void wr_check_arrears_totals(const wr_model *m, const wr_vec *flags, const wr_vec *ledger,
                             wr_checks *c, bool overflow)
{
    c->rows_ok = wr_rows_identity_holds(m->report);
    c->ledger_arrears_fen = 0;
    for (size_t i = 0; i < ledger->len; i++)
        c->ledger_arrears_fen = wr_add_fen(c->ledger_arrears_fen,
                                           WR_AT(*ledger, wr_ledger_row, i)->arrears_fen, &overflow);
    c->flag_arrears_fen = 0;
    for (size_t i = 0; i < flags->len; i++)
        c->flag_arrears_fen = wr_add_fen(c->flag_arrears_fen,
                                         wr_flag_shortfall(m, WR_AT(*flags, wr_flag, i)), &overflow);
    c->arrears_ok = c->ledger_arrears_fen == c->flag_arrears_fen;
    if (overflow) /* D164: a total that is not exact holds nothing (exit 4, nothing written) */
        c->payments_ok = c->matched_ok = c->arrears_ok = false;
}

void wr_compute_checks(const wr_model *m, const wr_vec *flags, const wr_vec *ledger,
                       wr_checks *c)
{
    bool overflow;
    wr_check_model_totals(m, c, &overflow);
    wr_check_arrears_totals(m, flags, ledger, c, overflow);
}

static void money_field(FILE *f, const char *name, int64_t fen, bool comma)
{
    char buf[24];
    wr_format_fen(fen, buf);
    fprintf(f, "%s\"%s\":\"%s\"", comma ? "," : "", name, buf);
}

void wr_write_reasons(FILE *f, const wr_file_stats *s, const char *item, const char *sep)
{
    for (int k = 1, first = 1; k < WR_N_REASONS; k++)
        if (s->rejected_by_reason[k]) {
            fputs(first ? "" : sep, f);
            fprintf(f, item, wr_reject_reason_name(k), (unsigned long long)s->rejected_by_reason[k]);
            first = 0;
        }
}

/* DECISIONS D210: the options in effect (defaults filled in). */
static void write_options(FILE *f, const wr_report *rep)
{
    fputs(",\n\"options\":{", f);
    money_field(f, "tolerance", rep->tolerance_fen, false);
    money_field(f, "large_payment", rep->large_payment_fen, true);
    money_field(f, "list_worker_amount", rep->list_worker_fen, true);
    money_field(f, "list_total_amount", rep->list_total_fen, true);
    fprintf(f, ",\"warn_days\":%d}", rep->warn_days);
}

/* DECISIONS D210: each input file as read, in files' order: its size and
 * XXH3-128 (null when not taken: a pipe), its rejects by reason and its
 * descriptor's trailer check. */
static void write_inputs(FILE *f, const wr_report *rep)
{
    fputs(",\n\"inputs\":[", f);
    for (size_t i = 0; i < rep->n_files; i++) {
        const wr_file_stats *s = &rep->files[i];
        fprintf(f, "%s\n {\"role\":\"%s\",\"file\":", i ? "," : "", s->role);
        wr_json_string(f, s->name);
        wr_json_digest_members(f, s->size, s->xxh3);
        fputs(",\"format\":", f);
        if (s->format_name) {
            fputs("{\"file\":", f);
            wr_json_string(f, s->format_name);
            wr_json_digest_members(f, s->format_size, s->format_xxh3);
            fputc('}', f);
        } else {
            fputs("null", f);
        }
        fputs(",\"rejected_by_reason\":{", f);
        wr_write_reasons(f, s, "\"%s\":%llu", ",");
        fputs("},\"trailer\":", f);
        if (s->trailer == WR_TRAILER_NONE) {
            fputs("null}", f);
            continue;
        }
        fprintf(f, "{\"rows\":%llu", (unsigned long long)s->trailer_rows);
        if (s->trailer_has_total)
            money_field(f, "total", s->trailer_total_fen, true);
        fprintf(f, ",\"total_checked\":%s}}",
                s->trailer == WR_TRAILER_OK && s->trailer_has_total ? "true" : "false");
    }
    fputs("\n]", f);
}

/* DECISIONS D213: cases.jsonl's cases against the headline. */
static void write_cases(FILE *f, const wr_report *rep)
{
    fprintf(f, ",\n\"cases\":{\"employer\":%llu,\"in_arrears\":%llu,\"without_arrears\":%llu,"
               "\"without_arrears_flags\":{",
            (unsigned long long)rep->cases_employer, (unsigned long long)rep->cases_in_arrears,
            (unsigned long long)(rep->cases_employer - rep->cases_in_arrears));
    for (int k = 0, first = 1; k < WR_N_KINDS; k++)
        if (rep->cases_other_flags[k]) {
            fprintf(f, "%s\"%s\":%llu", first ? "" : ",", wr_kind_name(k),
                    (unsigned long long)rep->cases_other_flags[k]);
            first = 0;
        }
    fprintf(f, "},\"client\":%llu,\"account\":%llu}", (unsigned long long)rep->cases_client,
            (unsigned long long)rep->cases_account);
}

void wr_write_summary(FILE *f, const wr_summary *sum)
{
    const wr_report *rep = sum->report;
    const wr_checks *c = &sum->checks;
    char from[8], to[8], as_of[11];
    wr_format_month(sum->from, from);
    wr_format_month(sum->to, to);
    wr_format_day(sum->as_of, as_of);
    fprintf(f, "{\"version\":\"%s\",\"as_of\":\"%s\",\"periods\":[\"%s\",\"%s\"],\n",
            WAGERECON_VERSION, as_of, from, to);
    fputs("\"files\":[", f);
    for (size_t i = 0; i < rep->n_files; i++) {
        const wr_file_stats *s = &rep->files[i];
        fprintf(f, "%s\n {\"role\":\"%s\",\"file\":", i ? "," : "", s->role);
        wr_json_string(f, s->name);
        fprintf(f, ",\"data_rows\":%llu,\"used\":%llu,\"out_of_scope\":%llu,\"rejected\":%llu",
                (unsigned long long)s->data_rows, (unsigned long long)s->used,
                (unsigned long long)s->out_of_scope, (unsigned long long)s->rejected);
        if (strcmp(s->role, "account_txns") == 0) /* RULES 6 v2 (DECISIONS D60) */
            fprintf(f, ",\"duplicates\":%llu", (unsigned long long)s->duplicates);
        fputc('}', f);
    }
    fputs("],\n\"payments_by_status\":{", f);
    for (size_t i = 0; i < sum->n_statuses; i++) {
        const wr_status_count *s = &sum->statuses[i];
        fprintf(f, "%s", i ? "," : "");
        wr_json_string(f, s->word);
        fprintf(f, ":{\"rows\":%llu", (unsigned long long)s->rows);
        money_field(f, "amount", s->amount_fen, true);
        fputc('}', f);
    }
    fprintf(f, "},\n\"counted_payments\":{\"rows\":%llu", (unsigned long long)sum->counted_rows);
    money_field(f, "amount", c->counted_fen, true);
    fprintf(f, ",\"matched\":{\"rows\":%llu", (unsigned long long)c->matched_rows);
    money_field(f, "amount", c->matched_fen, true);
    fprintf(f, "},\"unmatched\":{\"rows\":%llu", (unsigned long long)c->unmatched_rows);
    money_field(f, "amount", c->unmatched_fen, true);
    fputs("}},\n\"flags_by_kind\":{", f);
    for (int k = 0; k < WR_N_KINDS; k++)
        fprintf(f, "%s\"%s\":%llu", k ? "," : "", wr_kind_name(k),
                (unsigned long long)rep->flags_by_kind[k]);
    fprintf(f, "},\n\"flags_by_severity\":{\"high\":%llu,\"medium\":%llu,\"low\":%llu},\n",
            (unsigned long long)rep->flags_by_severity[0],
            (unsigned long long)rep->flags_by_severity[1],
            (unsigned long long)rep->flags_by_severity[2]);
    fprintf(f, "\"headline\":{\"employers_in_arrears\":%llu,\"workers_in_arrears\":%llu",
            (unsigned long long)rep->employers_in_arrears,
            (unsigned long long)rep->workers_in_arrears);
    money_field(f, "amount_in_arrears", rep->arrears_fen, true);
    fprintf(f, "},\n\"allocation\":{\"projects_covered\":%llu,\"projects_short\":%llu",
            (unsigned long long)rep->projects_covered, (unsigned long long)rep->projects_short);
    money_field(f, "shortfall", rep->allocation_shortfall_fen, true);
    fputs("},\n\"list_threshold_employers\":[", f);
    for (size_t i = 0; i < sum->n_list_employers; i++) {
        fputs(i ? "," : "", f);
        wr_json_string(f, sum->list_employers[i]);
    }
    fputc(']', f);
    if (rep->store_used) /* DECISIONS D72 */
        fprintf(f, ",\n\"store\":{\"new\":%llu,\"persisting\":%llu,\"changed\":%llu,"
                   "\"resolved\":%llu,\"reopened\":%llu,\"repeat\":%s}",
                (unsigned long long)rep->store_new, (unsigned long long)rep->store_persisting,
                (unsigned long long)rep->store_changed, (unsigned long long)rep->store_resolved,
                (unsigned long long)rep->store_reopened, rep->store_repeat ? "true" : "false");
    fprintf(f, ",\n\"rejects\":%llu,\n\"control_totals\":{\"rows_identity\":%s",
            (unsigned long long)sum->rejects,
            c->rows_ok ? "true" : "false");
    money_field(f, "counted_payments", c->counted_fen, true);
    money_field(f, "bucket_paid", c->bucket_paid_fen, true);
    fprintf(f, ",\"payments_ok\":%s", c->payments_ok ? "true" : "false");
    money_field(f, "matched_payments", c->matched_fen, true);
    money_field(f, "unmatched_payments", c->unmatched_fen, true);
    fprintf(f, ",\"matched_ok\":%s", c->matched_ok ? "true" : "false");
    money_field(f, "ledger_arrears", c->ledger_arrears_fen, true);
    money_field(f, "flag_arrears", c->flag_arrears_fen, true);
    fprintf(f, ",\"arrears_ok\":%s}", c->arrears_ok ? "true" : "false");
    write_options(f, rep);
    write_inputs(f, rep);
    write_cases(f, rep);
    fputs("}\n", f);
}

void wr_write_summary_json(FILE *f, const wr_model *m, const wr_checks *c)
{
    wr_summary s = {
        .as_of = m->opt->as_of_day, .from = m->opt->from_month, .to = m->opt->to_month,
        .report = m->report, .statuses = m->statuses.data, .n_statuses = m->statuses.len,
        .counted_rows = m->counted_rows, .rejects = m->rejects.len, .checks = *c,
        .list_employers = m->list_employers.data, .n_list_employers = m->list_employers.len,
    };
    wr_write_summary(f, &s);
}
