/* log.h — process logging: levels, human lines or JSON lines.
 *
 * A line: timestamp (UTC, ms), level, component, message, then key=value
 * fields. With structured logging each line is one JSON object:
 *   {"ts":"2026-11-23T04:17:53.123Z","level":"info","component":"server",
 *    "msg":"ready","node_id":1}
 * Lines go to stderr (or the file given to log_init) with one write(2) each,
 * so lines of different threads never interleave. The level is an atomic and
 * may change at run time (SIGHUP reload).
 */
#ifndef SF_COMMON_LOG_H
#define SF_COMMON_LOG_H

#include <stdbool.h>

enum log_level { LOG_DEBUG = 0, LOG_INFO, LOG_WARN, LOG_ERROR, LOG_FATAL };

/* fd: where lines go (2 = stderr). */
void log_init(int fd, enum log_level level, bool structured);
void log_set_level(enum log_level level);
enum log_level log_get_level(void);
void log_set_structured(bool on);
/* Parse "debug|info|warn|warning|error|fatal"; -1 if none. */
int log_level_parse(const char *s);
const char *log_level_name(enum log_level level);

/* Fields are "key", value pairs given as a printf-free list of strings:
 * log_msg(LOG_INFO, "server", "ready", "node_id", "1", NULL). */
void log_msg(enum log_level level, const char *component, const char *msg, ...);
/* printf-style message, no fields. */
void log_fmt(enum log_level level, const char *component, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#define log_debug(comp, ...) log_fmt(LOG_DEBUG, comp, __VA_ARGS__)
#define log_info(comp, ...)  log_fmt(LOG_INFO, comp, __VA_ARGS__)
#define log_warn(comp, ...)  log_fmt(LOG_WARN, comp, __VA_ARGS__)
#define log_error(comp, ...) log_fmt(LOG_ERROR, comp, __VA_ARGS__)

#endif
