/* assert.h — the three tiers of assertions (STYLE.md §6).
 *
 * DB_ASSERT / PRE / POST: debug builds only (SF_DEBUG), internal invariants.
 * ALWAYS(x) / NEVER(x): kept in release builds as a defensive branch — in
 * debug builds they abort when wrong, in release they evaluate to x so the
 * caller fails the statement instead of the process (SQLite's ALWAYS/NEVER):
 *     if (NEVER(p == NULL)) return err_set(e, ERR_INTERNAL, "...");
 * Bytes from outside (disk, peers, clients) are validated, never asserted.
 */
#ifndef SF_COMMON_ASSERT_H
#define SF_COMMON_ASSERT_H

#include <stdbool.h>

void sf__assert_fail(const char *expr, const char *file, int line) __attribute__((noreturn));

#ifdef SF_DEBUG
#define DB_ASSERT(x) ((x) ? (void)0 : sf__assert_fail(#x, __FILE__, __LINE__))
#define ALWAYS(x)    ((x) ? true : (sf__assert_fail(#x, __FILE__, __LINE__), false))
#define NEVER(x)     ((x) ? (sf__assert_fail(#x, __FILE__, __LINE__), true) : false)
#else
#define DB_ASSERT(x) ((void)0)
#define ALWAYS(x)    (x)
#define NEVER(x)     (x)
#endif
#define PRE(x)  DB_ASSERT(x)
#define POST(x) DB_ASSERT(x)

#endif
