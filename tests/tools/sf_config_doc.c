/* sf_config_doc.c — print the configuration reference table (Markdown) that
 * README.md embeds between its config-reference markers; used by
 * scripts/update-readme.sh. */
#include "common/config.h"
#include "common/str.h"

#include <stdio.h>

int main(void)
{
    struct sbuf b;
    sbuf_init(&b);
    cfg_doc_markdown(&b);
    fputs(b.data, stdout);
    sbuf_free(&b);
    return 0;
}
