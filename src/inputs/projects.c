/* projects: one row per project and its dedicated wage account. */
#include <string.h>

#include "input.h"

enum { P_ID, P_NAME, P_EMPLOYER_ID, P_EMPLOYER_NAME, P_ACCOUNT, P_PAY_DAY, P_REGION,
       P_CLIENT_ID, P_CLIENT_NAME };

static const wr_col_spec specs[] = {
    {"project_id", COL_TEXT, true},    {"project_name", COL_TEXT, false},
    {"employer_id", COL_TEXT, true},   {"employer_name", COL_TEXT, false},
    {"wage_account", COL_TEXT, true},  {"pay_day", COL_PAY_DAY, false},
    {"region", COL_TEXT, false},
    /* v2: the client that allocates labour cost (RULES 1, Reg. art. 24). */
    {"client_id", COL_TEXT, false},    {"client_name", COL_TEXT, false},
};

static bool is_selected(const wr_options *opt, wr_str id)
{
    if (opt->n_project_filter == 0)
        return true;
    for (size_t i = 0; i < opt->n_project_filter; i++)
        if (wr_str_is(id, opt->project_filter[i]))
            return true;
    return false;
}

static wr_row_outcome handle(wr_model *m, int shape, const wr_value *v, wr_reason *reason,
                             int *bad_spec)
{
    (void)shape;
    wr_project p = {
        .id = wr_model_strdup(m, v[P_ID].text),
        .name = wr_model_strdup(m, v[P_NAME].text),
        .employer_id = wr_model_strdup(m, v[P_EMPLOYER_ID].text),
        .employer_name = wr_model_strdup(m, v[P_EMPLOYER_NAME].text),
        .wage_account = wr_model_strdup(m, v[P_ACCOUNT].text),
        .region = wr_model_strdup(m, v[P_REGION].text),
        .client_id = wr_model_strdup(m, v[P_CLIENT_ID].text),
        .client_name = wr_model_strdup(m, v[P_CLIENT_NAME].text),
        .pay_day = v[P_PAY_DAY].set ? (int)v[P_PAY_DAY].num : 0,
        .selected = is_selected(m->opt, v[P_ID].text),
    };
    if (!p.id || !p.name || !p.employer_id || !p.employer_name || !p.wage_account || !p.region ||
        !p.client_id || !p.client_name)
        return ROW_NOMEM;
    wr_row_outcome o = wr_input_added(wr_model_add_project(m, &p), P_ID, P_ACCOUNT, reason,
                                      bad_spec);
    return o == ROW_USED && !p.selected ? ROW_OUT_OF_SCOPE : o;
}

const wr_input_kind wr_projects_input = {
    .role = "projects", .specs = specs, .n_specs = sizeof specs / sizeof specs[0], .handle = handle,
};
