/* Unit tests: rules/flags.c, RULES 5.4. flag_id = lower-case hex of
 * XXH3-64 (seed 0) over "kind|a|b|c" (kind|account|txn_id for
 * DUPLICATE_TXN, kind|account| for UNKNOWN_ACCOUNT, kind|employer_id| for
 * LIST_THRESHOLD): each expected id was
 * computed by hand with `printf '%s' 'KIND|...' | xxhsum -H3` (xxhsum
 * 0.8.1), the MISSING one also being testdata/cases/b_missing's flag.
 * Severity and basis of each kind as RULES 5.4 lists them. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "check.h"
#include "core/model.h"
#include "rules/flags.h"
#include "types/strings.h"

/* wr_flag_id as it was before D360 (XXH3's stream over the pieces, the
 * hex by snprintf): the reference. */
static void ref_flag_id(int kind, const char *a, const char *b, const char *c, char id[17])
{
    XXH3_state_t *st = XXH3_createState();
    XXH3_64bits_reset(st);
    bool account_kind = kind == K_DUPLICATE_TXN || kind == K_UNKNOWN_ACCOUNT ||
                        kind == K_LIST_THRESHOLD;
    const char *pieces[] = {wr_kind_name(kind), a, b, c};
    for (size_t i = 0; i < (account_kind ? 3u : 4u); i++) {
        if (i)
            XXH3_64bits_update(st, "|", 1);
        XXH3_64bits_update(st, pieces[i], strlen(pieces[i]));
    }
    snprintf(id, 17, "%016" PRIx64, (uint64_t)XXH3_64bits_digest(st));
    XXH3_freeState(st);
}

/* How many ids of random pieces (0-700 bytes each, so some do not fit
 * D360's 512 bytes on the stack) of every kind differ from the
 * reference; and hex of random and edge numbers against snprintf. */
static long ids_unlike_before(void)
{
    static char piece[3][701];
    uint64_t rng = 2463534242u;
    long bad = 0;
    for (int r = 0; r < 60000; r++) {
        for (int p = 0; p < 3; p++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            size_t len = r % 50 == 0 ? rng % 701 : rng % 40;
            for (size_t k = 0; k < len; k++) {
                rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
                piece[p][k] = (char)(1 + rng % 255);
            }
            piece[p][len] = '\0';
        }
        char want[17], got[17];
        int kind = r % WR_N_KINDS;
        ref_flag_id(kind, piece[0], piece[1], piece[2], want);
        wr_flag_id(kind, piece[0], piece[1], piece[2], got);
        if (strcmp(want, got) != 0 && bad++ < 5)
            fprintf(stderr, "flag_id of kind %d differs: %s, before D360 %s\n", kind, got, want);
        uint64_t v = r < 64 ? UINT64_C(1) << r : r < 128 ? ~(UINT64_C(1) << (r - 64)) : rng;
        snprintf(want, sizeof want, "%016" PRIx64, v);
        wr_format_hex64(v, got);
        if (strcmp(want, got) != 0 && bad++ < 5)
            fprintf(stderr, "wr_format_hex64(%" PRIu64 ") = %s, want %s\n", v, got, want);
    }
    return bad;
}

static int id_is(const char *kind, const char *a, const char *b, const char *c, const char *want)
{
    char id[17];
    wr_flag_id(wr_kind_of_name(kind), a, b, c, id);
    return strcmp(id, want) == 0;
}

static int sev(const char *kind)
{
    return wr_kind_severity(wr_kind_of_name(kind));
}

int main(void)
{
    CHECK(id_is("MISSING", "P001", "34222119900817099X", "2026-10", "721915840b815d6e"));
    CHECK(id_is("DUPLICATE_TXN", "ACC1", "T1", "", "2aded1a0d4dc765f"));
    CHECK(id_is("UNKNOWN_ACCOUNT", "ACC9", "", "", "a6fd62b22495d0c5"));
    /* kind|employer_id| */
    CHECK(id_is("LIST_THRESHOLD", "91310115MA1H5XYZ1A", "", "", "54bd52cb747c7e91"));
    /* a (project, worker) flag ends in "|" */
    CHECK(id_is("INVALID_ID", "P001", "110105194912310021", "", "04af0dbbc7745684"));
    /* another field, another id */
    CHECK(!id_is("MISSING", "P001", "34222119900817099X", "2026-09", "721915840b815d6e"));
    CHECK(wr_kind_of_name("NO_SUCH_KIND") == -1);

    static const char *const high[] = {"MISSING", "UNDERPAID", "RATE_BELOW_MINIMUM",
        "UNKNOWN_ACCOUNT", "ALLOCATION_SHORT", "SHARED_CARD", "LIST_THRESHOLD"};
    static const char *const medium[] = {"LATE", "NO_CONTRACT", "NO_ATTENDANCE",
        "UNKNOWN_PAYEE", "DUPLICATE_TXN", "LARGE_PAYMENT"};
    static const char *const low[] = {"OVERPAID", "NAME_MISMATCH", "INVALID_ID",
        "CONTRACT_OVERLAP", "DUE_SOON"};
    for (size_t i = 0; i < sizeof high / sizeof *high; i++)
        CHECK(sev(high[i]) == SEV_HIGH);
    for (size_t i = 0; i < sizeof medium / sizeof *medium; i++)
        CHECK(sev(medium[i]) == SEV_MEDIUM);
    for (size_t i = 0; i < sizeof low / sizeof *low; i++)
        CHECK(sev(low[i]) == SEV_LOW);
    /* UNPAID_HEADCOUNT: high when 10 x U > A */
    CHECK(wr_headcount_severity(1, 9) == SEV_HIGH);
    CHECK(wr_headcount_severity(1, 10) == SEV_MEDIUM); /* 10 x 1 = 10, not > 10 */
    CHECK(wr_headcount_severity(2, 19) == SEV_HIGH);
    CHECK(wr_headcount_severity(0, 0) == SEV_MEDIUM);

    /* Basis, exactly RULES 5.4's text. */
    CHECK(strcmp(wr_kind_basis(wr_kind_of_name("MISSING")), "Reg. art. 12") == 0);
    CHECK(strcmp(wr_kind_basis(wr_kind_of_name("UNPAID_HEADCOUNT")), "Reg. arts. 12, 31") == 0);
    CHECK(strcmp(wr_kind_basis(wr_kind_of_name("DUPLICATE_TXN")), "Reg. art. 15") == 0);
    CHECK(strcmp(wr_kind_basis(wr_kind_of_name("ALLOCATION_SHORT")), "Reg. art. 24") == 0);
    CHECK(strcmp(wr_kind_basis(wr_kind_of_name("RATE_BELOW_MINIMUM")), "Min. Wage Prov. art. 12") == 0);
    CHECK(ids_unlike_before() == 0);
    return CHECK_DONE();
}
