/* Unit tests: rules/supervision.c's SHARED_CARD (D378, D379). wr_shared_card_flags
 * (each card's uses sorted by insertion up to 16, by qsort_r beyond)
 * against a reference that looks at every (project, card, period) in
 * turn: the same records, in the order of the project's id, the card's
 * text and the period, with the same payees and sums. Cards of 1, 2, 15,
 * 16, 17 and 60 uses, payees repeated, projects whose ids sort against
 * their numbers, and wr_shared_card_groups + wr_shared_card_records give
 * wr_shared_card_flags's records. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "rules/flags.h"
#include "rules/supervision.h"

enum { PROJECTS = 5, CARDS = 9, PERIODS = 3 };

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* The reference record of (project, card, period): payees and sum, 0
 * payees when it has no use. */
static uint32_t reference(const wr_card_use *uses, size_t n, uint32_t project, uint32_t card,
                          wr_month period, int64_t *paid)
{
    uint32_t payees = 0;
    *paid = 0;
    for (size_t i = 0; i < n; i++) {
        const wr_card_use *u = &uses[i];
        if (u->project != project || u->card != card || u->period != period)
            continue;
        *paid += u->paid_fen;
        bool seen = false;
        for (size_t j = 0; j < i && !seen; j++)
            seen = uses[j].project == project && uses[j].card == card &&
                   uses[j].period == period && uses[j].payee == u->payee;
        payees += !seen;
    }
    return payees;
}

static int compare_text(const void *a, const void *b, void *ctx)
{
    const char *const *t = ctx;
    return strcmp(t[*(const uint32_t *)a], t[*(const uint32_t *)b]);
}

int main(void)
{
    /* project ids whose text order is not their numbers' */
    static const char *project_ids[PROJECTS] = {"PJ9", "PJ10", "PJ2", "PJ1", "PJ00"};
    static const char *card_texts[CARDS] = {"6222b", "6222a", "6222c0001", "5", "6222c",
                                            "7000", "6999", "1", "6222d"};
    static const size_t per_card[CARDS] = {1, 2, 15, 16, 17, 60, 3, 40, 8};
    wr_vec projects, cards, out, groups, out2;
    wr_vec_init(&projects, sizeof(wr_project));
    wr_vec_init(&cards, sizeof(const char *));
    wr_vec_init(&out, sizeof(wr_agg_flag_record));
    wr_vec_init(&out2, sizeof(wr_agg_flag_record));
    wr_vec_init(&groups, sizeof(wr_shared_group));
    for (int p = 0; p < PROJECTS; p++) {
        wr_project *pr = wr_vec_push(&projects);
        pr->id = project_ids[p];
        pr->employer_id = "E1";
    }
    for (int c = 0; c < CARDS; c++)
        *(const char **)wr_vec_push(&cards) = card_texts[c];
    wr_card_use uses[200];
    size_t n = 0;
    uint64_t s = 12345;
    for (int c = 0; c < CARDS; c++) /* a card's uses apart, as payments come */
        for (size_t k = 0; k < per_card[c]; k++) {
            uint32_t at = (uint32_t)(next_random(&s) % (n + 1));
            memmove(&uses[at + 1], &uses[at], (n - at) * sizeof *uses);
            /* even cards: two projects and periods, so groups of several uses */
            uint32_t projects_of = c % 2 ? PROJECTS : 2, periods_of = c % 2 ? PERIODS : 2;
            uses[at] = (wr_card_use){(uint32_t)(next_random(&s) % projects_of), (uint32_t)c,
                                     (uint32_t)(next_random(&s) % 4),
                                     (wr_month)(24300 + next_random(&s) % periods_of),
                                     (int64_t)(next_random(&s) % 100000)};
            n++;
        }
    wr_arena arena;
    wr_arena_init(&arena);
    CHECK(wr_shared_card_flags(uses, n, &projects, &cards, &arena, &out));
    /* the reference's records in their order: project id, card text, period */
    uint32_t pby[PROJECTS], cby[CARDS];
    for (uint32_t i = 0; i < PROJECTS; i++)
        pby[i] = i;
    for (uint32_t i = 0; i < CARDS; i++)
        cby[i] = i;
    qsort_r(pby, PROJECTS, sizeof *pby, compare_text, project_ids);
    qsort_r(cby, CARDS, sizeof *cby, compare_text, card_texts);
    size_t r = 0, bad = 0;
    for (int pi = 0; pi < PROJECTS; pi++)
        for (int ci = 0; ci < CARDS; ci++)
            for (wr_month m = 24300; m < 24300 + PERIODS; m++) {
                int64_t paid;
                uint32_t payees = reference(uses, n, pby[pi], cby[ci], m, &paid);
                if (payees < 2)
                    continue;
                if (r >= out.len) {
                    bad++;
                    continue;
                }
                const wr_agg_flag_record *a = WR_AT(out, wr_agg_flag_record, r++);
                char detail[64];
                snprintf(detail, sizeof detail, "card=%s workers=%u",
                         wr_card_last4(card_texts[cby[ci]]), payees);
                bad += a->kind != K_SHARED_CARD || strcmp(a->project_id, project_ids[pby[pi]]) ||
                       strcmp(a->card, card_texts[cby[ci]]) || a->period != m ||
                       a->paid_fen != paid || strcmp(a->detail, detail) != 0;
            }
    CHECK(r > 10); /* enough records to say something */
    CHECK(r == out.len);
    CHECK(bad == 0);
    /* the two steps make the same records */
    CHECK(wr_shared_card_groups(uses, n, &projects, &cards, &groups));
    CHECK(wr_shared_card_records(&groups, uses, &projects, &cards, &arena, &out2));
    CHECK(out2.len == out.len);
    for (size_t i = 0; i < out.len && i < out2.len; i++) {
        const wr_agg_flag_record *a = WR_AT(out, wr_agg_flag_record, i);
        const wr_agg_flag_record *b = WR_AT(out2, wr_agg_flag_record, i);
        CHECK(a->project_id == b->project_id && a->card == b->card && a->period == b->period &&
              a->paid_fen == b->paid_fen && strcmp(a->detail, b->detail) == 0);
    }
    wr_arena_free(&arena);
    wr_vec_free(&projects);
    wr_vec_free(&cards);
    wr_vec_free(&out);
    wr_vec_free(&out2);
    wr_vec_free(&groups);
    return CHECK_DONE();
}
