/* eng_memory_ckpt.c — the memory engine's checkpoint file: writer and
 * verifying reader. The layout is the OFFSET / SIZE / MEANING table in
 * storage_int.h.
 *
 * The file is written under a temporary name, fsynced, renamed into place
 * and the directory fsynced, so a crash leaves either no checkpoint file or
 * a complete one. The reader trusts nothing: each length is checked against
 * the bytes left in the file before anything is allocated, each record's
 * crc32c is verified, and the END record must carry the number of pairs
 * read and be the last bytes of the file.
 */
#include "storage/storage_int.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CKPT_TMP_SUFFIX ".tmp"
#define CKPT_IO_BUF     (1u << 20)
#define CKPT_SEQ_MAX    (UINT64_C(1) << 62) /* leaves room to count on */

_Static_assert(sizeof(ENG__CKPT_MAGIC) - 1 == 8, "checkpoint magic is 8 bytes");
_Static_assert(ENG__CKPT_HDR_SIZE == 8 + 4 + 4 + 8 + 4 + 4, "checkpoint header layout");
_Static_assert(ENG__CKPT_REC_SIZE == 4 + 4 + 4 + 4 + 8, "checkpoint record header layout");

struct eng__ckpt_writer {
    FILE *f;
    char *dir;
    char *tmp;   /* dir/MEMORY-CHECKPOINT.tmp */
    char *final; /* dir/MEMORY-CHECKPOINT */
    uint64_t nkv;
};

static void put32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static void put64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint32_t get32(const unsigned char *p)
{
    uint32_t v = 0;
    for (int i = 3; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | p[i];
    return v;
}

static char *path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + 1 + strlen(name) + 1;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* --- writer --------------------------------------------------------------- */

int eng__ckpt_begin(const char *dir, uint64_t seq, struct eng__ckpt_writer **out, struct err *err)
{
    unsigned char hdr[ENG__CKPT_HDR_SIZE];
    struct eng__ckpt_writer *w;
    int rc;

    if (mkdir(dir, 0755) != 0) {
        if (errno == EEXIST)
            return err_set(err, ERR_EXISTS, "%s: already exists", dir);
        return err_errno(err, errno, "create %s", dir);
    }
    w = xcalloc(1, sizeof(*w));
    w->dir = xstrdup(dir);
    w->final = path_join(dir, ENG__CKPT_FILE);
    w->tmp = path_join(dir, ENG__CKPT_FILE CKPT_TMP_SUFFIX);
    if ((w->f = fopen(w->tmp, "wbxe")) == NULL) {
        rc = err_errno(err, errno, "create %s", w->tmp);
        eng__ckpt_abort(w);
        return rc;
    }
    setvbuf(w->f, NULL, _IOFBF, CKPT_IO_BUF);

    memset(hdr, 0, sizeof(hdr));
    memcpy(hdr, ENG__CKPT_MAGIC, 8);
    put32(hdr + 8, ENG__CKPT_VERSION);
    put32(hdr + 12, 0);
    put64(hdr + 16, seq);
    put32(hdr + 24, 0);
    put32(hdr + 28, crc32c(0, hdr, 28));
    if (fwrite(hdr, sizeof(hdr), 1, w->f) != 1) {
        rc = err_errno(err, errno, "write %s", w->tmp);
        eng__ckpt_abort(w);
        return rc;
    }
    *out = w;
    return 0;
}

static int write_record(struct eng__ckpt_writer *w, uint32_t type, const void *k, size_t klen,
                        const void *v, size_t vlen, uint64_t vfield, struct err *err)
{
    unsigned char h[ENG__CKPT_REC_SIZE];
    uint32_t crc;

    if (klen > UINT32_MAX)
        return err_set(err, ERR_LIMIT, "write %s: key of %zu bytes too long", w->tmp, klen);
    put32(h + 4, type);
    put32(h + 8, (uint32_t)klen);
    put32(h + 12, 0);
    put64(h + 16, vfield);
    crc = crc32c(0, h + 4, sizeof(h) - 4);
    crc = crc32c(crc, k, klen);
    crc = crc32c(crc, v, vlen);
    put32(h, crc);
    if (fwrite(h, sizeof(h), 1, w->f) != 1 || (klen && fwrite(k, klen, 1, w->f) != 1) ||
        (vlen && fwrite(v, vlen, 1, w->f) != 1))
        return err_errno(err, errno, "write %s", w->tmp);
    return 0;
}

int eng__ckpt_cf(struct eng__ckpt_writer *w, const char *name, struct err *err)
{
    return write_record(w, ENG__CKPT_REC_CF, name, strlen(name), NULL, 0, 0, err);
}

int eng__ckpt_kv(struct eng__ckpt_writer *w, const void *k, size_t klen, const void *v, size_t vlen,
                 struct err *err)
{
    int rc = write_record(w, ENG__CKPT_REC_KV, k, klen, v, vlen, vlen, err);
    if (rc == 0)
        w->nkv++;
    return rc;
}

int eng__ckpt_finish(struct eng__ckpt_writer *w, struct err *err)
{
    int rc, fd;

    if ((rc = write_record(w, ENG__CKPT_REC_END, NULL, 0, NULL, 0, w->nkv, err)) != 0)
        goto err_after_writer;
    if (fflush(w->f) != 0 || fsync(fileno(w->f)) != 0) {
        rc = err_errno(err, errno, "write %s", w->tmp);
        goto err_after_writer;
    }
    if (fclose(w->f) != 0) {
        w->f = NULL;
        rc = err_errno(err, errno, "close %s", w->tmp);
        goto err_after_writer;
    }
    w->f = NULL;
    if (rename(w->tmp, w->final) != 0) {
        rc = err_errno(err, errno, "rename %s", w->tmp);
        goto err_after_writer;
    }
    if ((fd = open(w->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 || fsync(fd) != 0) {
        rc = err_errno(err, errno, "fsync directory %s", w->dir);
        if (fd >= 0)
            close(fd);
        goto err_after_writer;
    }
    close(fd);
    xfree(w->dir);
    xfree(w->tmp);
    xfree(w->final);
    xfree(w);
    return 0;

err_after_writer:
    eng__ckpt_abort(w);
    return rc;
}

void eng__ckpt_abort(struct eng__ckpt_writer *w)
{
    if (w->f != NULL)
        fclose(w->f);
    unlink(w->tmp);
    unlink(w->final);
    rmdir(w->dir);
    xfree(w->dir);
    xfree(w->tmp);
    xfree(w->final);
    xfree(w);
}

/* --- reader --------------------------------------------------------------- */

struct reader {
    FILE *f;
    const char *path;
    uint64_t size; /* of the file */
    uint64_t off;  /* bytes consumed */
};

static int corrupt(struct err *err, const struct reader *r, uint64_t at, const char *what)
{
    return err_set(err, ERR_CORRUPT, "checkpoint file %s: %s at offset %llu", r->path, what,
                   (unsigned long long)at);
}

static int read_exact(struct reader *r, void *p, size_t n, const char *what, struct err *err)
{
    if (n == 0)
        return 0;
    if (r->size - r->off < n)
        return corrupt(err, r, r->off, what);
    if (fread(p, n, 1, r->f) != 1) {
        if (ferror(r->f))
            return err_errno(err, errno, "read %s", r->path);
        return corrupt(err, r, r->off, what);
    }
    r->off += n;
    return 0;
}

int eng__ckpt_read(const char *dir, const struct eng__ckpt_sink *sink, uint64_t *seq,
                   struct err *err)
{
    char *path = path_join(dir, ENG__CKPT_FILE);
    unsigned char hdr[ENG__CKPT_HDR_SIZE], h[ENG__CKPT_REC_SIZE];
    struct reader r = {.path = path};
    unsigned char *buf = NULL;
    size_t bufcap = 0;
    uint64_t nkv = 0;
    struct stat st;
    int rc;

    if ((r.f = fopen(path, "rbe")) == NULL) {
        rc = err_errno(err, errno, "open checkpoint file %s", path);
        goto err_after_path;
    }
    setvbuf(r.f, NULL, _IOFBF, CKPT_IO_BUF);
    if (fstat(fileno(r.f), &st) != 0) {
        rc = err_errno(err, errno, "stat %s", path);
        goto err_after_file;
    }
    r.size = (uint64_t)st.st_size;

    if ((rc = read_exact(&r, hdr, sizeof(hdr), "truncated header", err)) != 0)
        goto err_after_file;
    if (memcmp(hdr, ENG__CKPT_MAGIC, 8) != 0) {
        rc = corrupt(err, &r, 0, "bad magic (not a memory engine checkpoint)");
        goto err_after_file;
    }
    if (get32(hdr + 28) != crc32c(0, hdr, 28)) {
        rc = corrupt(err, &r, 0, "header checksum mismatch");
        goto err_after_file;
    }
    if (get32(hdr + 8) != ENG__CKPT_VERSION) {
        rc = err_set(err, ERR_CORRUPT, "checkpoint file %s: unsupported format version %u", path,
                     get32(hdr + 8));
        goto err_after_file;
    }
    *seq = get64(hdr + 16);
    if (*seq > CKPT_SEQ_MAX) {
        rc = corrupt(err, &r, 16, "implausible sequence number");
        goto err_after_file;
    }

    for (;;) {
        uint64_t at = r.off;
        if ((rc = read_exact(&r, h, sizeof(h), "truncated record header", err)) != 0)
            goto err_after_file;
        uint32_t type = get32(h + 4), klen = get32(h + 8);
        uint64_t vfield = get64(h + 16), left = r.size - r.off;
        uint64_t vlen = type == ENG__CKPT_REC_KV ? vfield : 0;

        if (type < ENG__CKPT_REC_CF || type > ENG__CKPT_REC_END || get32(h + 12) != 0) {
            rc = corrupt(err, &r, at, "bad record type");
            goto err_after_file;
        }
        if (klen > left || vlen > left - klen) {
            rc = corrupt(err, &r, at, "record length beyond the end of the file");
            goto err_after_file;
        }
        size_t need = (size_t)klen + (size_t)vlen + 1;
        if (need > bufcap) {
            bufcap = need;
            xfree(buf);
            buf = xmalloc(bufcap);
        }
        if ((rc = read_exact(&r, buf, (size_t)klen + (size_t)vlen, "truncated record", err)) != 0)
            goto err_after_file;
        uint32_t crc = crc32c(0, h + 4, sizeof(h) - 4);
        crc = crc32c(crc, buf, (size_t)klen + (size_t)vlen);
        if (crc != get32(h)) {
            rc = corrupt(err, &r, at, "record checksum mismatch");
            goto err_after_file;
        }
        if (type == ENG__CKPT_REC_END) {
            if (klen != 0 || vfield != nkv) {
                rc = corrupt(err, &r, at, "end record does not match the records read");
                goto err_after_file;
            }
            if (r.off != r.size) {
                rc = corrupt(err, &r, r.off, "trailing bytes after the end record");
                goto err_after_file;
            }
            break;
        }
        if (type == ENG__CKPT_REC_CF) {
            if (klen == 0 || klen > ENG_CF_NAME_MAX || vfield != 0 ||
                memchr(buf, '\0', klen) != NULL) {
                rc = corrupt(err, &r, at, "bad column family record");
                goto err_after_file;
            }
            buf[klen] = '\0';
            rc = sink->cf(sink->arg, (const char *)buf, err);
        } else {
            rc = sink->kv(sink->arg, buf, klen, buf + klen, (size_t)vlen, err);
            nkv++;
        }
        if (rc != 0) {
            err_prefix(err, "checkpoint file %s: record at offset %llu", path,
                       (unsigned long long)at);
            goto err_after_file;
        }
    }
    rc = 0;

err_after_file:
    fclose(r.f);
err_after_path:
    xfree(buf);
    xfree(path);
    return rc;
}
