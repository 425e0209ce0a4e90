/*
 * One output file written in parts on several threads, its bytes in part
 * order whatever the threads' timing (docs/PARALLEL.md, DECISIONS D300).
 * A part whose earlier parts are all written when it begins writes the
 * file itself; another writes through a stream of its own (fopencookie)
 * that keeps its bytes in memory until the earlier parts are written, then
 * passes them on and writes the file from there. So a file whose parts run
 * in order (one thread, --jobs 1) takes no extra copy, and a part that
 * starts early holds only the bytes it wrote before its turn.
 */
#ifndef WR_OUTPARTS_H
#define WR_OUTPARTS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "../types/buf.h"

#define WR_OUTPARTS_MAX 64

typedef struct {
    FILE *f;               /* the file: written by part `head` only */
    int fd;                /* its descriptor, read at init: for any thread */
    pthread_mutex_t lock;  /* head, done, held, and the file when a held part writes */
    int n, head;           /* head: the first part not yet written whole */
    bool done[WR_OUTPARTS_MAX];
    wr_buf held[WR_OUTPARTS_MAX]; /* a part's bytes written before its turn */
    bool failed;           /* a part's bytes did not fit in memory */
} wr_outparts;

/* A part's writer: the stream the part writes to, and its place. */
typedef struct {
    wr_outparts *o;
    int part;
    FILE *f;    /* o->f, or the part's own stream */
    bool whole; /* set by wr_outpart_end: this end wrote the file's last part */
} wr_outpart;

/* The file f, whose descriptor is fd (wr_outset_fd: a set's stream has
 * none of its own), in n parts (1 <= n <= WR_OUTPARTS_MAX). */
void wr_outparts_init(wr_outparts *o, FILE *f, int fd, int n);
/* Frees what parts left held (a run that stopped). */
void wr_outparts_free(wr_outparts *o);

/* Part `part` begins: p->f is the stream it writes to. False when its
 * stream cannot be made (no memory). */
bool wr_outpart_begin(wr_outparts *o, int part, wr_outpart *p);
/* The part is written whole: its stream closed, its bytes passed on in
 * order with those of the parts after it that were done before it. False
 * when its bytes did not all fit in memory. p->whole: every part of the
 * file is written now (true for one end of a file only); the caller has
 * the file's stream from then on, which may still hold bytes. */
bool wr_outpart_end(wr_outpart *p);

#endif
