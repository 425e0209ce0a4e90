/*
 * The library's own limits (DECISIONS D242): no longer caps of the public
 * structs (wr_options holds pointers and counts), but bounds of what the
 * library itself reads back or accepts: at most WR_MAX_FORMAT_VALUES
 * values per descriptor (formats/params.c) and WR_MAX_PROJECT_FILTER
 * --project values (wr_options_check; a run record and a partition's
 * summary.json carry them to explain and the merge).
 */
#ifndef WR_LIMITS_H
#define WR_LIMITS_H

#define WR_MAX_FORMAT_VALUES 8
#define WR_MAX_PROJECT_FILTER 256

#endif
