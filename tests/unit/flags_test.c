/* Unit tests: rules/flags.c, RULES 5.4. flag_id = lower-case hex of
 * XXH3-64 (seed 0) over "kind|a|b|c" (kind|account|txn_id for
 * DUPLICATE_TXN, kind|account| for UNKNOWN_ACCOUNT, kind|employer_id| for
 * LIST_THRESHOLD): each expected id was
 * computed by hand with `printf '%s' 'KIND|...' | xxhsum -H3` (xxhsum
 * 0.8.1), the MISSING one also being testdata/cases/b_missing's flag.
 * Severity and basis of each kind as RULES 5.4 lists them. */
#include <string.h>

#include "check.h"
#include "core/model.h"
#include "rules/flags.h"

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
    return CHECK_DONE();
}
