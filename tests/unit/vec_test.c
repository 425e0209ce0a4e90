/* Unit tests: types/vec.c. An array grown from the heap into its own
 * mapping (from 1 MiB) and on by mremap keeps every element, each
 * pushed element is zeroed, and a small array stays on the heap; a
 * mapping is whole huge pages whatever the record size (D290), and
 * wr_big_alloc gives all of wr_big_size; wr_vec_append puts a copy of
 * another array's records after the last, from the heap into a mapping
 * (D458); the spans of reserved addresses (D465). */
#include <string.h>

#include "check.h"
#include "types/vec.h"

typedef struct {
    uint64_t a;
    uint32_t b;
} rec; /* 16 bytes: 1 MiB at 65,536 records */

/* Records of an odd size (a D270 day block was 248 bytes): the capacity
 * fills whole 2 MiB huge pages, and every record survives the growths. */
static void odd_records(size_t size)
{
    wr_vec v;
    wr_vec_init(&v, size);
    size_t n = 100000, bad = 0; /* ~24 MiB: realloc, map, mremap x 4 */
    for (size_t i = 0; i < n; i++) {
        unsigned char *r = wr_vec_push(&v);
        if (!r)
            break;
        memset(r, (int)(i % 251), size);
    }
    CHECK(v.len == n);
    size_t huge = (size_t)2 << 20, bytes = v.cap * size;
    CHECK(bytes % huge > huge - size || bytes % huge == 0);
    CHECK(bytes > huge - size); /* so the mapping is whole pages */
    for (size_t i = 0; i < v.len; i++) {
        const unsigned char *r = wr_vec_at(&v, i);
        bad += r[0] != i % 251 || r[size - 1] != i % 251;
    }
    CHECK(bad == 0);
    wr_vec_free(&v);
}

/* wr_vec_append: records i of `a` then j of `b`, in order; nothing
 * from an empty array; a heap array that grows past 1 MiB (a mapping). */
static void append(void)
{
    wr_vec a, b, none;
    wr_vec_init(&a, sizeof(rec));
    wr_vec_init(&b, sizeof(rec));
    wr_vec_init(&none, sizeof(rec));
    size_t na = 1000, nb = 70000; /* 16 + 1,120 KB: the append maps */
    for (size_t i = 0; i < na + nb; i++) {
        rec *r = wr_vec_push(i < na ? &a : &b);
        r->a = i * 40503u;
        r->b = (uint32_t)i;
    }
    CHECK(wr_vec_append(&a, &none) && a.len == na);
    CHECK(wr_vec_append(&a, &b) && a.len == na + nb && b.len == nb);
    CHECK(a.cap * a.elem_size >= (size_t)2 << 20); /* whole huge pages */
    size_t bad = 0;
    for (size_t i = 0; i < a.len; i++) {
        const rec *r = wr_vec_at(&a, i);
        bad += r->a != i * 40503u || r->b != (uint32_t)i;
    }
    CHECK(bad == 0);
    CHECK(((const rec *)wr_vec_at(&b, 0))->b == na); /* the source unchanged */
    CHECK(wr_vec_append(&none, &a) && none.len == na + nb &&
          ((const rec *)wr_vec_at(&none, na + nb - 1))->b == na + nb - 1);
    wr_vec_free(&a);
    wr_vec_free(&b);
    wr_vec_free(&none);
}

/* The spans of reserved addresses (D465): a mapping's growth keeps its
 * address up to a span; a span freed and taken again reads zeros; past
 * the region's 128 spans mappings of their own serve, distinct and
 * zeroed; an array grown past a span moves out with its records. Under
 * valgrind, which maps at most 32 GiB, the spans are smaller. */
static void spans(void)
{
    wr_vec v;
    wr_vec_init(&v, 4096);
    unsigned char *at = NULL;
    for (size_t i = 0; i < 4000; i++) { /* 16 MiB: mapped from 1 MiB on */
        unsigned char *r = wr_vec_push(&v);
        r[0] = r[4095] = (unsigned char)(i % 253);
        if (!at && v.cap * v.elem_size >= (size_t)2 << 20)
            at = v.data;
    }
    size_t span = wr_big_span();
    CHECK(span >= (size_t)128 << 20); /* reserved: 16 GiB at least */
    CHECK(at != NULL && (unsigned char *)v.data == at); /* grown in place */
    CHECK(wr_vec_reserve(&v, span / 4096 + 1)); /* past its span */
    CHECK((unsigned char *)v.data != at);
    size_t bad = 0;
    for (size_t i = 0; i < v.len; i++) {
        const unsigned char *r = wr_vec_at(&v, i);
        bad += r[0] != i % 253 || r[4095] != i % 253;
    }
    CHECK(bad == 0 && v.len == 4000);
    wr_vec_free(&v);

    size_t four = (size_t)4 << 20, dirty = 0;
    unsigned char *a = wr_big_alloc(four);
    memset(a, 0xab, four);
    wr_big_free(a, four);
    unsigned char *b = wr_big_alloc(four); /* the lowest free span: a's */
    for (size_t i = 0; i < four; i++)
        dirty += b[i] != 0;
    CHECK(b == a && dirty == 0);
    wr_big_free(b, four);

    enum { MANY = 300 };
    static unsigned char *m[MANY];
    size_t overlaps = 0, missing = 0;
    for (size_t i = 0; i < MANY; i++) {
        m[i] = wr_big_alloc((size_t)1 << 20); /* 2 MiB each, untouched */
        missing += m[i] == NULL || m[i][0] != 0;
    }
    m[MANY - 1][((size_t)2 << 20) - 1] = 1; /* one of their own */
    for (size_t i = 0; i < MANY; i++)
        for (size_t j = i + 1; j < MANY; j++)
            overlaps += m[i] && m[j] && m[i] < m[j] + ((size_t)2 << 20) &&
                        m[j] < m[i] + ((size_t)2 << 20);
    CHECK(missing == 0 && overlaps == 0);
    for (size_t i = 0; i < MANY; i++)
        wr_big_free(m[i], (size_t)1 << 20);
}

int main(void)
{
    append();
    spans();
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
    CHECK(small.cap == 1024); /* on the heap: no rounding to huge pages */
    wr_vec_free(&small);
    odd_records(248);
    odd_records(192);
    /* wr_big_alloc: a large block is whole huge pages, zeroed, all usable. */
    CHECK(wr_big_size(1000) == 1000 && wr_big_size((size_t)1200 << 10) == (size_t)2 << 20);
    CHECK(wr_big_size((size_t)300 << 10) == (size_t)300 << 10); /* malloc's */
    CHECK(wr_big_size((size_t)2 << 20) == (size_t)2 << 20);
    size_t big = wr_big_size((size_t)1200 << 10);
    unsigned char *p = wr_big_alloc((size_t)1200 << 10);
    CHECK(p != NULL && p[0] == 0 && p[big - 1] == 0);
    p[big - 1] = 1;
    wr_big_free(p, (size_t)1200 << 10);
    return CHECK_DONE();
}
