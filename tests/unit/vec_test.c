/* Unit tests: types/vec.c. An array grown from the heap into its own
 * mapping (4 MiB) and on by mremap keeps every element, each pushed
 * element is zeroed, and a small array stays on the heap. */
#include <string.h>

#include "check.h"
#include "types/vec.h"

typedef struct {
    uint64_t a;
    uint32_t b;
} rec; /* 16 bytes: 4 MiB at 262,144 records */

int main(void)
{
    wr_vec v;
    wr_vec_init(&v, sizeof(rec));
    size_t n = 1200000, bad = 0, not_zero = 0; /* through 4, 8 and 16 MiB, to 32 MiB */
    for (size_t i = 0; i < n; i++) {
        rec *r = wr_vec_push(&v);
        if (!r)
            break;
        not_zero += r->a != 0 || r->b != 0;
        r->a = i * 2654435761u;
        r->b = (uint32_t)i;
    }
    CHECK(v.len == n);
    CHECK(not_zero == 0);
    for (size_t i = 0; i < v.len; i++) {
        const rec *r = wr_vec_at(&v, i);
        bad += r->a != i * 2654435761u || r->b != (uint32_t)i;
    }
    CHECK(bad == 0);
    CHECK(v.cap * v.elem_size == (size_t)32 << 20);
    wr_vec_free(&v);
    CHECK(v.data == NULL && v.len == 0 && v.cap == 0 && v.elem_size == sizeof(rec));
    wr_vec small;
    wr_vec_init(&small, 1);
    for (int i = 0; i < 1000; i++)
        *(char *)wr_vec_push(&small) = (char)i;
    CHECK(small.len == 1000 && *(char *)wr_vec_at(&small, 999) == (char)999);
    wr_vec_free(&small);
    return CHECK_DONE();
}
