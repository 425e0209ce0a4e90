/* Reject reasons' words (types/reason.h). */
#include "reason.h"

const char *wr_reason_name(wr_reason r)
{
    static const char *const names[] = {
        "", "FIELD_COUNT", "MISSING_VALUE", "BAD_DATE", "BAD_MONEY", "BAD_HOURS",
        "BAD_ENUM", "BAD_PERIOD", "BAD_NUMBER", "UNKNOWN_PROJECT", "DUPLICATE_KEY",
        "BAD_ENCODING", "NUMERIC_CELL",
    };
    _Static_assert(sizeof names / sizeof names[0] == WR_REASON_END, "a name for every wr_reason");
    return names[r];
}
