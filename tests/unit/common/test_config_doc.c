/* test_config_doc.c — README.md's configuration reference is the key table.
 *
 * The table in README.md is generated from config.c's rows
 * (cfg_doc_markdown); this test fails when a key, default or help text
 * changes without the README. */
#include "common/config.h"
#include "common/mem.h"
#include "common/str.h"

#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    cr_assert_not_null(f, "cannot open %s", path);
    struct sbuf b;
    sbuf_init(&b);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
        sbuf_append(&b, buf, n);
    fclose(f);
    return sbuf_detach(&b);
}

Test(config_doc, readme_lists_every_key_as_generated)
{
    struct sbuf doc;
    sbuf_init(&doc);
    cfg_doc_markdown(&doc);
    char *readme = read_file(SF_SOURCE_DIR "/README.md");
    const char *begin = strstr(readme, "<!-- config-reference:begin -->\n");
    const char *end = strstr(readme, "<!-- config-reference:end -->");
    cr_assert(begin != NULL && end != NULL && begin < end, "README.md lacks the markers");
    begin += strlen("<!-- config-reference:begin -->\n");
    bool same = (size_t)(end - begin) == doc.len && memcmp(begin, doc.data, doc.len) == 0;
    if (!same)
        xfree(readme); /* cr_assert does not return */
    cr_assert(same, "README.md's configuration table differs from the key table in "
                    "config.c; run scripts/update-readme.sh");
    for (size_t i = 0; i < cfg_key_count(); i++) {
        char needle[160];
        snprintf(needle, sizeof(needle), "`%s`", cfg_key_name(i));
        cr_assert_not_null(strstr(readme, needle), "README.md lacks %s", cfg_key_name(i));
    }
    xfree(readme);
    sbuf_free(&doc);
}
