/*
 * The words every layer shares about a row: why it is rejected (RULES
 * section 2, rejects.csv's reason), and the enumerated values of the
 * input columns (RULES section 1: rate_type, day kind, direction). The
 * readers set them, the model stores them, the rules and outputs read
 * them; here at the bottom (types/) so none of those reaches up for them.
 */
#ifndef WR_REASON_H
#define WR_REASON_H

typedef enum {
    WR_REASON_NONE = 0,
    WR_FIELD_COUNT,
    WR_MISSING_VALUE,
    WR_BAD_DATE,
    WR_BAD_MONEY,
    WR_BAD_HOURS,
    WR_BAD_ENUM,
    WR_BAD_PERIOD,
    WR_BAD_NUMBER,
    WR_UNKNOWN_PROJECT,
    WR_DUPLICATE_KEY,
    WR_BAD_ENCODING, /* bytes invalid in a descriptor's encoding (DECISIONS D36) */
    WR_NUMERIC_CELL, /* a workbook number where text or a date is wanted (DECISIONS D110) */
    WR_REASON_END /* keep last: the number of reasons, WR_N_REASONS in wagerecon.h */
} wr_reason;

typedef enum { RATE_DAY, RATE_HOUR, RATE_MONTH, RATE_PIECE } wr_rate_type;
typedef enum { KIND_HOLIDAY, KIND_WORKDAY } wr_day_kind;
typedef enum { DIR_IN, DIR_OUT } wr_direction;

/* The reason's word in rejects.csv ("" for WR_REASON_NONE). */
const char *wr_reason_name(wr_reason r);

#endif
