/*
 * A small JSON reader for wagerecon's own machine outputs (summary.json),
 * which the merge of parts reads back: the whole text is parsed into a
 * tree of nodes in an arena. Strings are unescaped to UTF-8 (\uXXXX with
 * surrogate pairs); numbers keep their text and, when they are plain
 * non-negative integers, their value. Not a general validator: it accepts
 * exactly JSON and stops at the first error, naming the byte offset.
 */
#ifndef WR_JSONREAD_H
#define WR_JSONREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../types/arena.h"
#include "wagerecon/wagerecon.h"

typedef enum { WR_JSON_NULL, WR_JSON_BOOL, WR_JSON_NUMBER, WR_JSON_STRING,
               WR_JSON_ARRAY, WR_JSON_OBJECT } wr_json_type;

typedef struct wr_json wr_json;
struct wr_json {
    wr_json_type type;
    const char *key;      /* member name inside an object, else NULL */
    const char *text;     /* STRING: the value; NUMBER: its text */
    uint64_t u64;         /* NUMBER: value when a plain integer */
    bool is_u64, truth;   /* truth: BOOL value */
    wr_json *child, *next;
};

/* Parses text[0..n) into *out: 0, or with *out NULL and err set
 * WR_EINPUT ("NAME: bad JSON at byte N") or WR_ENOMEM. */
int wr_json_parse(const char *text, size_t n, wr_arena *a, const char *name,
                  const wr_json **out, wr_error *err);
/* Member `key` of an object, NULL when absent or not an object. */
const wr_json *wr_json_get(const wr_json *obj, const char *key);

#endif
