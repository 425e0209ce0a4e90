/* The part manifest (scaleout.h): four lines of text, written by the
 * partitioner into every part and checked by the merge. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../types/error.h"
#include "scaleout.h"

#define MANIFEST_MAGIC "wagerecon-part 1"

void wr_part_dir(char *buf, size_t n, const char *root, uint32_t k)
{
    snprintf(buf, n, "%s/part-%04u", root, k);
}

int wr_write_text_file(const char *dir, const char *name, const char *text, wr_error *err)
{
    char path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "w");
    bool ok = f && fputs(text, f) >= 0;
    if (f && fclose(f) != 0)
        ok = false;
    return ok ? 0 : wr_errorf(err, WR_EOUTPUT, "%s: cannot write: %s", path, strerror(errno));
}

int wr_part_manifest_write(const char *part_dir, const wr_part_manifest *m, wr_error *err)
{
    char text[128];
    snprintf(text, sizeof text, "%s\nkey %016" PRIx64 "\npart %u\nparts %u\n", MANIFEST_MAGIC,
             m->key, m->part, m->parts);
    return wr_write_text_file(part_dir, WR_PART_MANIFEST, text, err);
}

int wr_part_manifest_read(const char *part_dir, wr_part_manifest *m, wr_error *err)
{
    char path[4096], magic[64] = "";
    snprintf(path, sizeof path, "%s/%s", part_dir, WR_PART_MANIFEST);
    FILE *f = fopen(path, "r");
    int e = errno;
    if (!f && e == ENOMEM) /* fopen's own memory: the part may be fine (D244) */
        return wr_errorf(err, WR_ENOMEM, "%s: cannot open: %s", path, strerror(e));
    if (!f)
        return wr_errorf(err, WR_EINPUT,
                         "%s: cannot open: %s (not a part written by wagerecon partition?)", path,
                         strerror(e));
    bool ok = fgets(magic, sizeof magic, f) && strcmp(magic, MANIFEST_MAGIC "\n") == 0 &&
              fscanf(f, "key %" SCNx64 " part %u parts %u", &m->key, &m->part, &m->parts) == 3 &&
              m->part >= 1 && m->part <= m->parts && m->parts <= WR_MAX_PARTS;
    fclose(f);
    return ok ? 0 : wr_errorf(err, WR_EINPUT, "%s: not a wagerecon part manifest", path);
}
