/*
 * A growable array of fixed-size records, addressed by index (indices stay
 * valid as it grows; pointers do not).
 */
#ifndef WR_VEC_H
#define WR_VEC_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    void *data;
    size_t len, cap, elem_size;
} wr_vec;

void wr_vec_init(wr_vec *v, size_t elem_size);
void wr_vec_free(wr_vec *v);
/* Appends a zeroed element; returns it, or NULL when out of memory. */
void *wr_vec_push(wr_vec *v);
/* Element i (< len: asserted, as every index into a vec is one the vec
 * handed out). */
static inline void *wr_vec_at(const wr_vec *v, size_t i)
{
    assert(i < v->len);
    return (char *)v->data + i * v->elem_size;
}

#endif
