/* Unit tests: types/vec.c when no region of addresses can be reserved
 * (D465): with RLIMIT_AS under the smallest region (16 GiB), every
 * mapping is one of its own as before D465: wr_big_span is 0, a vec grows
 * (by mremap) keeping its records, pushed records and big blocks read
 * zeros, and a block freed and made again reads zeros. Not under a
 * sanitizer: its runtime's own reservations exceed any such limit. */
#include <string.h>
#include <sys/resource.h>

#include "check.h"
#include "types/vec.h"

int main(void)
{
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    printf("skipped under a sanitizer\n");
    return 0;
#else
    struct rlimit as = {(rlim_t)8 << 30, (rlim_t)8 << 30};
    CHECK(setrlimit(RLIMIT_AS, &as) == 0);
    wr_vec v;
    wr_vec_init(&v, 16);
    size_t n = 1200000, bad = 0, not_zero = 0; /* through 2, 4, 8 and 16 MiB, to 32 MiB */
    for (size_t i = 0; i < n; i++) {
        unsigned char *r = wr_vec_push(&v);
        if (!r)
            break;
        for (size_t k = 0; k < 16; k++)
            not_zero += r[k] != 0;
        memset(r, (int)(i % 251), 16);
    }
    CHECK(wr_big_span() == 0); /* no region: 16 GiB could not be mapped */
    CHECK(v.len == n && not_zero == 0);
    for (size_t i = 0; i < v.len; i++) {
        const unsigned char *r = wr_vec_at(&v, i);
        bad += r[0] != i % 251 || r[15] != i % 251;
    }
    CHECK(bad == 0);
    wr_vec_free(&v);
    size_t four = (size_t)4 << 20, dirty = 0;
    unsigned char *a = wr_big_alloc(four);
    CHECK(a != NULL);
    if (a) {
        memset(a, 0xab, four);
        wr_big_free(a, four);
    }
    unsigned char *b = wr_big_alloc(four);
    for (size_t i = 0; b && i < four; i++)
        dirty += b[i] != 0;
    CHECK(b != NULL && dirty == 0);
    wr_big_free(b, four);
    return CHECK_DONE();
#endif
}
