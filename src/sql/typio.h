/* typio.h — the I/O functions of the built-in types (typio.c), for
 * pg_type and regproc output. */
#ifndef SF_SQL_TYPIO_H
#define SF_SQL_TYPIO_H

#include <stddef.h>
#include <stdint.h>

struct sql_typio {
    uint32_t type, in, out, recv, send; /* pg_type oid and pg_proc oids */
};

/* The generic functions of array, enum, composite and domain types. */
#define SQL_PROC_ARRAY_IN    750
#define SQL_PROC_ARRAY_OUT   751
#define SQL_PROC_ARRAY_RECV  2400
#define SQL_PROC_ARRAY_SEND  2401
#define SQL_PROC_ENUM_IN     3506
#define SQL_PROC_ENUM_OUT    3507
#define SQL_PROC_ENUM_RECV   3532
#define SQL_PROC_ENUM_SEND   3533
#define SQL_PROC_RECORD_IN   2290
#define SQL_PROC_RECORD_OUT  2291
#define SQL_PROC_RECORD_RECV 2402
#define SQL_PROC_RECORD_SEND 2403
#define SQL_PROC_DOMAIN_IN   2597
#define SQL_PROC_DOMAIN_RECV 2598

/* The I/O functions of a built-in base type, or NULL. */
const struct sql_typio *sql_typio_of(uint32_t type);
/* The I/O functions of a type of kind 'b' (a built-in base type), 'A' (an
 * array), 'e' (an enum), 'c' (a composite) or 'd' (a domain over type). */
struct sql_typio sql_typio_for(char kind, uint32_t type);
/* The name of one of those functions (or the generic ones), or NULL. */
const char *sql_typio_proc_name(uint32_t oid);
/* Its signature as regprocedure prints it ("array_in(cstring,oid,integer)"),
 * or NULL. */
const char *sql_typio_proc_sig(uint32_t oid);
/* The oid of the I/O function named name (len bytes; each name is one
 * function), 0 when none. */
uint32_t sql_typio_proc_by_name(const char *name, size_t len);

#endif
