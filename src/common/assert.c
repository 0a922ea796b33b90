/* assert.c — failure path of DB_ASSERT / ALWAYS / NEVER (see assert.h). */
#include "common/assert.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void sf__assert_fail(const char *expr, const char *file, int line)
{
    char buf[512];
    int n = snprintf(buf, sizeof(buf), "FATAL assertion failed: %s (%s:%d)\n", expr, file, line);
    if (n > 0 && write(2, buf, (size_t)n) < 0) {
        /* nothing more can be done */
    }
    abort();
}
