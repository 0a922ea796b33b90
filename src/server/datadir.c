/* datadir.c — the data directory: CLUSTER identity file, lock, pid file.
 *
 * Every file written here goes through srv_write_file_atomic: a temporary
 * file in the same directory, fsync, rename over the target, fsync of the
 * directory — so a crash leaves either the old or the new file, never half.
 */
#include "server/server.h"

#include "common/err.h"
#include "common/hash.h"
#include "common/str.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int srv_write_file_atomic(const char *path, const char *data, size_t len, struct err *err)
{
    char tmp[4200];
    char dir[4096];
    snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path, (long)getpid());
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        snprintf(dir, sizeof(dir), ".");
    else if (slash == dir)
        dir[1] = '\0';
    else
        *slash = '\0';

    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_errno(err, errno, "create %s", tmp);
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, data + off, len - off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            unlink(tmp);
            return err_errno(err, e, "write %s", tmp);
        }
        off += (size_t)n;
    }
    if (fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        return err_errno(err, e, "fsync %s", tmp);
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        int e = errno;
        unlink(tmp);
        return err_errno(err, e, "rename %s to %s", tmp, path);
    }
    if (fsync_dir(dir) != 0)
        return err_errno(err, errno, "fsync directory %s", dir);
    return 0;
}

void srv_uuid_new(char out[37])
{
    unsigned char b[16];
    size_t got = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        while (got < sizeof(b)) {
            ssize_t n = read(fd, b + got, sizeof(b) - got);
            if (n <= 0)
                break;
            got += (size_t)n;
        }
        close(fd);
    }
    if (got < sizeof(b)) {
        /* /dev/urandom unavailable: fall back to time and pid, still unique
         * enough for a cluster id on one machine. */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 20) ^ (uint64_t)getpid();
        for (size_t i = 0; i < sizeof(b); i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            b[i] = (unsigned char)(x >> 56);
        }
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* variant 10 */
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
             b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
             b[14], b[15]);
}

int srv_cluster_write(const char *dir, const struct srv_cluster_id *id, struct err *err)
{
    struct sbuf b;
    char path[4200];
    sbuf_init(&b);
    sbuf_printf(&b, "shardforge-cluster %d\n", SRV_CLUSTER_VERSION);
    sbuf_printf(&b, "cluster_id=%s\n", id->cluster_id);
    sbuf_printf(&b, "cluster_name=%s\n", id->cluster_name);
    sbuf_printf(&b, "node_id=%" PRId64 "\n", id->node_id);
    sbuf_printf(&b, "created=%s\n", id->created);
    uint32_t crc = crc32c(0, b.data, b.len);
    sbuf_printf(&b, "crc32c=%08x\n", crc);
    snprintf(path, sizeof(path), "%s/%s", dir, SRV_CLUSTER_FILE);
    int rc = srv_write_file_atomic(path, b.data, b.len, err);
    sbuf_free(&b);
    return rc;
}

static int corrupt(struct err *err, const char *path, const char *what)
{
    return err_set(err, ERR_CORRUPT, "%s: %s (the file is damaged; restore it from a backup)", path,
                   what);
}

int srv_cluster_read(const char *dir, struct srv_cluster_id *id, struct err *err)
{
    char path[4200];
    char buf[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, SRV_CLUSTER_FILE);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return err_errno(err, errno, "%s", path);
    ssize_t n = read(fd, buf, sizeof(buf) - 1);
    int e = errno;
    close(fd);
    if (n < 0)
        return err_errno(err, e, "read %s", path);
    buf[n] = '\0';
    if ((size_t)n == sizeof(buf) - 1)
        return corrupt(err, path, "file too large");

    memset(id, 0, sizeof(*id));
    char *crc_line = strstr(buf, "crc32c=");
    if (crc_line == NULL || (crc_line != buf && crc_line[-1] != '\n'))
        return corrupt(err, path, "no checksum line");
    uint32_t want = crc32c(0, buf, (size_t)(crc_line - buf));
    char *endp;
    unsigned long got = strtoul(crc_line + 7, &endp, 16);
    if (endp == crc_line + 7 || (*endp != '\n' && *endp != '\0') || got != want)
        return corrupt(err, path, "checksum mismatch");

    int version = 0;
    if (sscanf(buf, "shardforge-cluster %d\n", &version) != 1)
        return corrupt(err, path, "not a ShardForge CLUSTER file");
    if (version != SRV_CLUSTER_VERSION)
        return err_set(err, ERR_UNSUPPORTED,
                       "%s: format version %d is not supported (this build reads %d)", path,
                       version, SRV_CLUSTER_VERSION);
    *crc_line = '\0';
    char *save = NULL;
    bool have_id = false, have_node = false;
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *eq = strchr(line, '=');
        if (eq == NULL)
            continue; /* the magic line */
        *eq = '\0';
        const char *k = line, *v = eq + 1;
        if (strcmp(k, "cluster_id") == 0) {
            snprintf(id->cluster_id, sizeof(id->cluster_id), "%s", v);
            have_id = v[0] != '\0';
        } else if (strcmp(k, "cluster_name") == 0) {
            snprintf(id->cluster_name, sizeof(id->cluster_name), "%s", v);
        } else if (strcmp(k, "node_id") == 0) {
            char *end;
            long long x = strtoll(v, &end, 10);
            if (*end != '\0' || x < 1)
                return corrupt(err, path, "bad node_id");
            id->node_id = x;
            have_node = true;
        } else if (strcmp(k, "created") == 0) {
            snprintf(id->created, sizeof(id->created), "%s", v);
        }
    }
    if (!have_id || !have_node)
        return corrupt(err, path, "cluster_id or node_id missing");
    return 0;
}

static long read_pid(const char *dir)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s", dir, SRV_PID_FILE);
    FILE *f = fopen(path, "r");
    long pid = 0;
    if (f != NULL) {
        if (fscanf(f, "%ld", &pid) != 1)
            pid = 0;
        fclose(f);
    }
    return pid;
}

int srv_datadir_lock(const char *dir, int *lock_fd, struct err *err)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s", dir, SRV_LOCK_FILE);
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
        return err_errno(err, errno, "open lock file %s", path);
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(fd);
        if (e == EWOULDBLOCK) {
            long pid = read_pid(dir);
            if (pid > 0)
                return err_set(
                    err, ERR_BUSY,
                    "data directory %s is in use by another shardforge process (pid %ld)", dir,
                    pid);
            return err_set(err, ERR_BUSY,
                           "data directory %s is in use by another shardforge process", dir);
        }
        return err_errno(err, e, "lock %s", path);
    }
    char pidbuf[32];
    int n = snprintf(pidbuf, sizeof(pidbuf), "%ld\n", (long)getpid());
    snprintf(path, sizeof(path), "%s/%s", dir, SRV_PID_FILE);
    int rc = srv_write_file_atomic(path, pidbuf, (size_t)n, err);
    if (rc != 0) {
        close(fd);
        return rc;
    }
    *lock_fd = fd;
    return 0;
}

void srv_datadir_unlock(const char *dir, int lock_fd)
{
    char path[4200];
    if (lock_fd < 0)
        return;
    snprintf(path, sizeof(path), "%s/%s", dir, SRV_PID_FILE);
    unlink(path);
    close(lock_fd); /* releases the flock */
}

bool srv_datadir_in_use(const char *dir, long *pid)
{
    char path[4200];
    snprintf(path, sizeof(path), "%s/%s", dir, SRV_LOCK_FILE);
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return false;
    bool busy = flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
    close(fd);
    if (busy && pid != NULL)
        *pid = read_pid(dir);
    return busy;
}
