/*
 * A growable array of fixed-size records, addressed by index (indices stay
 * valid as it grows; pointers do not).
 */
#ifndef WR_VEC_H
#define WR_VEC_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    void *data;
    size_t len, cap, elem_size;
    /* Where pushes look ahead again: a push whose record ends past this
     * many bytes asks the prefault thread for the next huge page (D295). */
    size_t ahead;
} wr_vec;

void wr_vec_init(wr_vec *v, size_t elem_size);
void wr_vec_free(wr_vec *v);
/* Appends a zeroed element; returns it, or NULL when out of memory. */
void *wr_vec_push(wr_vec *v);
/* Room for n records: pushes up to n move nothing. With the prefault
 * thread the huge pages from len's up to the n-th record's are asked for
 * at once, for an array whose size is known before it is filled (D297).
 * False when out of memory. */
bool wr_vec_reserve(wr_vec *v, size_t n);
/* Appends a copy of from's records (of v's size) in order, moving v once
 * at most (D458); false when out of memory, v unchanged. */
bool wr_vec_append(wr_vec *v, const wr_vec *from);
/* Memory for a large array (D290): from 1 MiB its own mapping (a span
 * of reserved addresses, D465), whole huge pages (zeroed), else
 * malloc's; freed by wr_big_free with the same bytes. */
void *wr_big_alloc(size_t bytes);
/* The bytes wr_big_alloc(bytes) gives (a mapping's are whole huge pages):
 * a caller may use them all, and frees with this size. */
size_t wr_big_size(size_t bytes);
void wr_big_free(void *p, size_t bytes);
/* True when wr_big_alloc(bytes) is a mapping of its own (whole huge
 * pages), which the prefault thread can populate ahead (D295). */
bool wr_big_mapped(size_t bytes);
/* The bytes up to which a mapping stays where wr_big_alloc put it as its
 * vec grows (D465); 0 when mappings are not carved from reserved
 * addresses (none yet, or none could be reserved). */
size_t wr_big_span(void);
/* wr_big_alloc, its mapping (when it is one) asked of the prefault thread
 * at once (D295, D460): for an array written a while later, not now. */
void *wr_big_alloc_ahead(size_t bytes);

/* Element i (< len: asserted, as every index into a vec is one the vec
 * handed out). */
static inline void *wr_vec_at(const wr_vec *v, size_t i)
{
    assert(i < v->len);
    return (char *)v->data + i * v->elem_size;
}

#endif
