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
/* Memory for a large array (D290): from 1 MiB its own mapping, whole
 * huge pages (zeroed), else malloc's; freed by wr_big_free with the same
 * bytes. */
void *wr_big_alloc(size_t bytes);
/* The bytes wr_big_alloc(bytes) gives (a mapping's are whole huge pages):
 * a caller may use them all, and frees with this size. */
size_t wr_big_size(size_t bytes);
void wr_big_free(void *p, size_t bytes);

/* Element i (< len: asserted, as every index into a vec is one the vec
 * handed out). */
static inline void *wr_vec_at(const wr_vec *v, size_t i)
{
    assert(i < v->len);
    return (char *)v->data + i * v->elem_size;
}

#endif
