/*
 * A row as every reader hands it on (io/csvread.c for canonical CSV,
 * formats/decode.c for a described file): its physical line, its trimmed
 * fields and, from a format decoder only, typed values and a defect.
 * Shared vocabulary of the readers, the column layer (inputs/columns.h),
 * the model and the partitioner, so it sits at the bottom (types/).
 */
#ifndef WR_ROW_H
#define WR_ROW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "str.h"

/* A field's value as a format decoder's picture already read it
 * (src/formats): the column layer takes it instead of parsing text. The
 * decoder gives one only where the handler asked for it (takes_typed);
 * the field's text is then the source's text, not canonical. */
typedef enum { WR_TYPED_NONE, WR_TYPED_MONEY, WR_TYPED_DATE, WR_TYPED_PERIOD } wr_typed_kind;

typedef struct {
    uint8_t kind;        /* wr_typed_kind; NONE: parse the field's text */
    bool readable;       /* MONEY: fen holds the amount; false: not an amount */
    bool has_time;       /* DATE: hour and minute (second 0 when the value has none) */
    int64_t fen;         /* MONEY */
    int32_t year, month, day, hour, minute, second; /* DATE, PERIOD: not range-checked */
} wr_typed;

typedef struct {
    uint64_t line;     /* 1-based physical line where the row starts */
    size_t n_fields;
    const wr_str *fields; /* trimmed of ASCII spaces and tabs (DECISIONS D2) */
    /* Set only by a format decoder (src/formats) for a row it could not
     * produce as written: a wr_reason (types/reason.h) and the field it
     * concerns (-1 for none). Zero for every CSV row. */
    int defect;
    int defect_field;
    /* NULL, or one per field (a format decoder only) */
    const wr_typed *typed;
    /* Set by the CSV reader for a line it split where it lies: the fields
     * lie in order in span[0..span_n), with only ASCII bytes between them
     * (the NULs that ended them, blanks trimmed off), so the row is one
     * span to check as UTF-8. NULL otherwise. */
    const char *span;
    size_t span_n;
    /* Set with span by the stream reader's split_lines for a line of one
     * 64-byte step (D346): where the span's bytes >= 0x80 are. All of
     * them lie in span[high_from..high_to), span[high_from] and
     * span[high_to - 1] among them; both 0 when there are none (the row
     * is ASCII). high_known false (every other row): not known, check
     * the span. */
    bool high_known;
    uint16_t high_from, high_to;
    /* Set by the chunk reader's split_lines (wr_csv_read_chunk, D383):
     * bit k for a comma at span[k] in the line's first 64 bytes. When
     * span_n < 63 the line is of one 64-byte step: the mask is all its
     * commas (cut at its end) and 64 bytes from span are readable. 0 for
     * every other reader's row (and a line without a comma). */
    uint64_t commas;
} wr_row;

/* A typed date's day and time of day (0 without one), checked as
 * wr_parse_datetime checks its text; false when it is not a real one. */
bool wr_typed_datetime(const wr_typed *t, wr_day *day, int32_t *seconds);

#endif
