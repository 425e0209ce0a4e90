/*
 * Shared by the fuzz targets that read whole runs' inputs (fuzz_rows.c,
 * fuzz_jobs.c): the rules on a model read, and every output written to
 * one stream.
 */
#ifndef WR_FUZZ_OUTPUTS_H
#define WR_FUZZ_OUTPUTS_H

#include <stdio.h>

#include "../../src/outputs/outputs.h"
#include "../../src/rules/rules.h"
#include "fuzz_common.h"

/* Evaluates m, builds its flags and ledger and writes flags.csv,
 * flags.jsonl, ledger.csv, cases.jsonl and summary.json to f, with the
 * run's checks in *c; false, with none of them written, when a sum left
 * int64 fen (a run stops before the checks then). rejects.csv is written
 * either way, last. */
static inline bool fuzz_outputs(wr_model *m, FILE *f, wr_checks *c)
{
    wr_vec flags, ledger;
    wr_vec_init(&flags, sizeof(wr_flag));
    wr_vec_init(&ledger, sizeof(wr_ledger_row));
    bool ledger_overflow = false; /* the ledger's own overflow (D378) */
    FUZZ_ASSERT(wr_evaluate_buckets(m) && wr_build_flags(m, &flags) &&
                wr_build_ledger(m, &ledger, &ledger_overflow));
    m->overflow |= ledger_overflow;
    if (!m->overflow) {
        wr_compute_checks(m, &flags, &ledger, c);
        wr_write_flags_csv(f, m, &flags);
        wr_write_flags_jsonl(f, m, &flags);
        wr_write_ledger_csv(f, m, &ledger);
        FUZZ_ASSERT(wr_write_cases_jsonl(f, m, &flags));
        wr_write_summary_json(f, m, c);
    }
    wr_write_rejects_csv(f, m);
    wr_vec_free(&flags);
    wr_vec_free(&ledger);
    return !m->overflow;
}

#endif
