/* contracts: the signed rate of a worker on a project over a validity
 * range (RULES 4.2). Kept per (project, worker) in read order. */
#include "input.h"


static const wr_col_spec specs[] = {
    {"project_id", COL_TEXT, true},  {"worker_id", COL_ID, true},
    {"worker_name", COL_TEXT, false}, {"rate_type", COL_RATE_TYPE, true},
    {"rate", COL_MONEY, true},       {"valid_from", COL_DATE, true},
    {"valid_to", COL_DATE, false},   {"pay_day", COL_PAY_DAY, false},
};

static wr_row_outcome handle(wr_model *m, int shape, const wr_value *v, wr_reason *reason,
                             int *bad_spec)
{
    (void)shape;
    uint32_t project;
    wr_row_outcome o = wr_input_project(m, v[C_PROJECT].text, C_PROJECT, &project, reason, bad_spec);
    if (o != ROW_USED)
        return o;
    uint32_t pair = wr_input_pair(m, project, v[C_WORKER].text, v[C_NAME].text);
    uint32_t index = (uint32_t)m->contracts.len;
    wr_contract *c = pair == WR_NONE ? NULL : wr_vec_push(&m->contracts);
    if (!c)
        return ROW_NOMEM;
    c->pair = pair;
    c->line = (uint32_t)m->current_line;
    c->rate_type = (uint8_t)v[C_RATE_TYPE].num;
    c->pay_day = v[C_PAY_DAY].set ? (uint8_t)v[C_PAY_DAY].num : 0;
    c->rate_fen = v[C_RATE].num;
    c->valid_from = v[C_FROM].day;
    c->valid_to = v[C_TO].set ? v[C_TO].day : WR_OPEN_END;
    wr_model_link_contract(m, index);
    return ROW_USED;
}

/* A contract row is ~65 bytes (bench/gen's; 60 with short names): room
 * for a row each 60 bytes of the file in the contracts, and for as many
 * new workers and (project, worker) pairs in their tables and arrays,
 * before the file is read, so that none grows and moves its records on
 * the way (D431, as payments' D387). A failure here is the first row's to
 * report. */
static void sized(wr_model *m, uint64_t file_bytes)
{
    size_t rows = (size_t)(file_bytes / 60);
    (void)(wr_vec_reserve(&m->contracts, m->contracts.len + rows) &&
           wr_vec_reserve(&m->workers, m->workers.len + rows) &&
           wr_vec_reserve(&m->pairs, m->pairs.len + rows) &&
           wr_table_reserve(&m->worker_by_id, m->worker_by_id.count + rows) &&
           wr_table_reserve(&m->pair_by_key, m->pair_by_key.count + rows));
}

const wr_input_kind wr_contracts_input = {
    .role = "contracts", .specs = specs, .n_specs = sizeof specs / sizeof specs[0],
    .handle = handle, .key_worker_col = 1 + C_WORKER, .hint = wr_input_hint_pair,
    .hint_specs = WR_HINT_PAIR_SPECS, .ahead = wr_input_ahead_pair, .sized = sized,
};
