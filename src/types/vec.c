#include "vec.h"

#include <stdlib.h>
#include <string.h>

void wr_vec_init(wr_vec *v, size_t elem_size)
{
    memset(v, 0, sizeof *v);
    v->elem_size = elem_size;
}

void wr_vec_free(wr_vec *v)
{
    free(v->data);
    wr_vec_init(v, v->elem_size);
}

void *wr_vec_push(wr_vec *v)
{
    if (v->len == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 64;
        void *d = realloc(v->data, cap * v->elem_size);
        if (!d)
            return NULL;
        v->data = d;
        v->cap = cap;
    }
    void *e = wr_vec_at(v, v->len++);
    memset(e, 0, v->elem_size);
    return e;
}
