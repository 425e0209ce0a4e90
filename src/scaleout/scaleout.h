/*
 * What the partitioner and the merge share: the layout of a partition
 * (docs/SCALE_OUT.md) and the manifest each part carries, so the merge can
 * tell that its inputs are all the parts of one partition, each once.
 *
 *   OUT/part-0001/part.txt        manifest: key, part number, part count
 *   OUT/part-0001/args            options for `wagerecon run $(cat args)`
 *   OUT/part-0001/<input>.csv.zst the part's inputs
 *   OUT/part-0001/partition/      part 1 only: summary.json (per-file
 *                                 rows, payments by status) and
 *                                 rejects.csv of the whole input
 */
#ifndef WR_SCALEOUT_H
#define WR_SCALEOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "wagerecon/wagerecon.h"

#define WR_PART_MANIFEST "part.txt"
#define WR_PART_SIDECAR "partition"

typedef struct {
    uint64_t key;    /* the same in every part of one partition */
    uint32_t part;   /* 1-based */
    uint32_t parts;
} wr_part_manifest;

/* Each returns 0, or a wr_status code with err set (wr_errorf):
 * WR_EOUTPUT when the manifest cannot be written, WR_EINPUT when it
 * cannot be read or is not one. */
int wr_part_manifest_write(const char *part_dir, const wr_part_manifest *m, wr_error *err);
int wr_part_manifest_read(const char *part_dir, wr_part_manifest *m, wr_error *err);

/* Writes dir/name with text; 0, or WR_EOUTPUT with err set. */
int wr_write_text_file(const char *dir, const char *name, const char *text, wr_error *err);

/* part_dir = root/part-NNNN for part k (1-based). */
void wr_part_dir(char *buf, size_t n, const char *root, uint32_t k);

#endif
