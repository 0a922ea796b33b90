/* log.c — process logging (see log.h).
 *
 * Each line is formatted into a stack buffer and written with one write(2),
 * so concurrent lines never interleave. Overlong lines are truncated with
 * "..." rather than split.
 */
#include "common/log.h"

#include "common/str.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define LOG_LINE_MAX 4096

static atomic_int log_fd = 2;
static atomic_int log_level = LOG_INFO;
static atomic_bool log_structured = false;

static const char *const level_names[] = {"debug", "info", "warn", "error", "fatal"};

void log_init(int fd, enum log_level level, bool structured)
{
    atomic_store(&log_fd, fd);
    atomic_store(&log_level, (int)level);
    atomic_store(&log_structured, structured);
}

void log_set_level(enum log_level level)
{
    atomic_store(&log_level, (int)level);
}

enum log_level log_get_level(void)
{
    return (enum log_level)atomic_load(&log_level);
}

void log_set_structured(bool on)
{
    atomic_store(&log_structured, on);
}

int log_level_parse(const char *s)
{
    if (s == NULL)
        return -1;
    if (strcasecmp(s, "warning") == 0)
        return LOG_WARN;
    for (int i = 0; i <= LOG_FATAL; i++)
        if (strcasecmp(s, level_names[i]) == 0)
            return i;
    return -1;
}

const char *log_level_name(enum log_level level)
{
    if ((int)level < 0 || level > LOG_FATAL)
        return "?";
    return level_names[level];
}

static void timestamp(char *buf, size_t cap)
{
    struct timeval tv;
    struct tm tm;
    gettimeofday(&tv, NULL);
    gmtime_r(&tv.tv_sec, &tm);
    snprintf(buf, cap, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(tv.tv_usec / 1000));
}

/* Append s to buf as a JSON string body (no quotes), bounded. */
static size_t json_escape(char *buf, size_t pos, size_t cap, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p && pos + 7 < cap; p++) {
        switch (*p) {
        case '"':
        case '\\':
            buf[pos++] = '\\';
            buf[pos++] = (char)*p;
            break;
        case '\n':
            buf[pos++] = '\\';
            buf[pos++] = 'n';
            break;
        case '\t':
            buf[pos++] = '\\';
            buf[pos++] = 't';
            break;
        default:
            if (*p < 0x20)
                pos += (size_t)snprintf(buf + pos, cap - pos, "\\u%04x", *p);
            else
                buf[pos++] = (char)*p;
        }
    }
    return pos;
}

static size_t append(char *buf, size_t pos, size_t cap, const char *s)
{
    size_t n = strlen(s);
    if (pos + n >= cap)
        n = cap - pos - 1;
    memcpy(buf + pos, s, n);
    return pos + n;
}

static void emit(enum log_level level, const char *component, const char *msg, va_list *fields)
{
    char line[LOG_LINE_MAX];
    char ts[40];
    size_t pos = 0;
    const size_t cap = sizeof(line) - 2; /* room for "}\n" or "\n" */
    bool structured = atomic_load(&log_structured);

    timestamp(ts, sizeof(ts));
    if (structured) {
        pos = (size_t)snprintf(line, cap, "{\"ts\":\"%s\",\"level\":\"%s\",\"component\":\"", ts,
                               log_level_name(level));
        pos = json_escape(line, pos, cap, component);
        pos = append(line, pos, cap, "\",\"msg\":\"");
        pos = json_escape(line, pos, cap, msg);
        pos = append(line, pos, cap, "\"");
    } else {
        pos = (size_t)snprintf(line, cap, "%s %-5s [%s] ", ts, log_level_name(level), component);
        pos = append(line, pos, cap, msg);
    }
    if (fields != NULL) {
        const char *k;
        while ((k = va_arg(*fields, const char *)) != NULL) {
            const char *v = va_arg(*fields, const char *);
            if (v == NULL)
                v = "";
            if (structured) {
                pos = append(line, pos, cap, ",\"");
                pos = json_escape(line, pos, cap, k);
                pos = append(line, pos, cap, "\":\"");
                pos = json_escape(line, pos, cap, v);
                pos = append(line, pos, cap, "\"");
            } else {
                pos = append(line, pos, cap, " ");
                pos = append(line, pos, cap, k);
                pos = append(line, pos, cap, "=");
                pos = append(line, pos, cap, v);
            }
        }
    }
    if (structured)
        line[pos++] = '}';
    line[pos++] = '\n';
    int fd = atomic_load(&log_fd);
    if (write(fd, line, pos) < 0) {
        /* nowhere left to report it */
    }
}

void log_msg(enum log_level level, const char *component, const char *msg, ...)
{
    if ((int)level < atomic_load(&log_level))
        return;
    va_list ap;
    va_start(ap, msg);
    emit(level, component, msg, &ap);
    va_end(ap);
}

void log_fmt(enum log_level level, const char *component, const char *fmt, ...)
{
    char msg[LOG_LINE_MAX];
    if ((int)level < atomic_load(&log_level))
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    emit(level, component, msg, NULL);
}
