/*
 * A file written in parts (outparts.h). The file's stream is written by
 * one part at a time, the head: the first part not yet written whole. A
 * part that is the head when it begins writes the stream itself, with
 * nothing in between; any other part writes to a stream of its own whose
 * writes (64 KB at a time) come to part_write, which keeps them in memory
 * while the part is not the head and writes the file once it is. A part's
 * end makes the next parts the head in turn, passing on the bytes each
 * held, up to the first part not done, whose bytes so far it passes on
 * too: its later writes follow them. The head, `done`
 * and `held` are read and written under the lock, and a held part writes
 * the file only under it, so the file's stream is handed from thread to
 * thread through the lock.
 */
#include "outparts.h"

#include <stdio_ext.h>
#include <stdlib.h>

#define PART_STREAM_BYTES (64 * 1024)

void wr_outparts_init(wr_outparts *o, FILE *f, int fd, int n)
{
    *o = (wr_outparts){.f = f, .fd = fd, .n = n};
    pthread_mutex_init(&o->lock, NULL);
}

void wr_outparts_free(wr_outparts *o)
{
    for (int i = 0; i < o->n; i++)
        free(o->held[i].p);
    pthread_mutex_destroy(&o->lock);
}

/* Writes what part i held to the file and lets its memory go (lock held). */
static void pass_on(wr_outparts *o, int i)
{
    wr_buf *h = &o->held[i];
    if (h->len)
        fwrite(h->p, 1, h->len, o->f);
    free(h->p);
    *h = (wr_buf){0};
}

/* The part's stream's writes (fopencookie): held, or written in turn.
 * 0 when they do not fit in memory, which sets the stream's error. */
static ssize_t part_write(void *cookie, const char *s, size_t n)
{
    const wr_outpart *p = cookie;
    wr_outparts *o = p->o;
    bool ok = true;
    pthread_mutex_lock(&o->lock);
    if (o->head == p->part) /* its held bytes were passed on when it became the head */
        fwrite(s, 1, n, o->f);
    else
        ok = wr_buf_append(&o->held[p->part], s, n);
    pthread_mutex_unlock(&o->lock);
    return ok ? (ssize_t)n : 0;
}

bool wr_outpart_begin(wr_outparts *o, int part, wr_outpart *p)
{
    *p = (wr_outpart){o, part, NULL, false};
    pthread_mutex_lock(&o->lock);
    bool head = o->head == part;
    pthread_mutex_unlock(&o->lock);
    if (head) { /* nothing before it is left to write: the file itself */
        p->f = o->f;
        return true;
    }
    p->f = fopencookie(p, "w", (cookie_io_functions_t){.write = part_write});
    if (!p->f)
        return false;
    __fsetlocking(p->f, FSETLOCKING_BYCALLER); /* one thread writes it */
    setvbuf(p->f, NULL, _IOFBF, PART_STREAM_BYTES); /* else stdio's size: still right */
    return true;
}

bool wr_outpart_end(wr_outpart *p)
{
    wr_outparts *o = p->o;
    bool ok = true;
    if (p->f != o->f) {
        ok = fflush(p->f) == 0 && !ferror(p->f);
        ok = fclose(p->f) == 0 && ok;
    }
    pthread_mutex_lock(&o->lock);
    o->done[p->part] = true;
    while (o->head < o->n && o->done[o->head])
        pass_on(o, o->head++);
    if (o->head < o->n) /* the new head's bytes so far; it writes the rest itself */
        pass_on(o, o->head);
    p->whole = o->head == o->n; /* the end that made it so: every other part was done before */
    pthread_mutex_unlock(&o->lock);
    return ok;
}
