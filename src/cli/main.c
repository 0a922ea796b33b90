/* main.c — the shardforge program (temporary entry point while the CLI lands). */
#include <stdio.h>

int main(void)
{
    fprintf(stderr, "shardforge: the CLI is being built\n");
    return 2;
}
