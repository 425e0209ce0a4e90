/* Small helpers over arrays of C strings. */
#ifndef WR_STRINGS_H
#define WR_STRINGS_H

#include <stddef.h>

/* Sorts v (bytewise) and returns how many distinct strings it holds. */
size_t wr_sort_count_distinct(const char **v, size_t n);

#endif
