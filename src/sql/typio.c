/* typio.c — the I/O functions of the built-in types as pg_type lists them
 * (typinput, typoutput, typreceive, typsend) and their names, so regproc
 * prints them as PostgreSQL does: drivers and ORMs read pg_type.typinput to
 * tell arrays ("array_in"), enums, domains and composites apart.
 *
 * Generated from PostgreSQL 15's catalog (pg_type, pg_proc) for the types
 * sql_type_all() lists; array, enum, domain and composite types use the
 * generic functions.
 */
#include "sql/typio.h"

#include <stddef.h>

static const struct sql_typio typio[] = {
    {16, 1242, 1243, 2436, 2437},   {17, 1244, 31, 2412, 2413},     {18, 1245, 33, 2434, 2435},
    {19, 34, 35, 2422, 2423},       {20, 460, 461, 2408, 2409},     {21, 38, 39, 2404, 2405},
    {23, 42, 43, 2406, 2407},       {24, 44, 45, 2444, 2445},       {25, 46, 47, 2414, 2415},
    {26, 1798, 1799, 2418, 2419},   {28, 50, 51, 2440, 2441},       {114, 321, 322, 323, 324},
    {700, 200, 201, 2424, 2425},    {701, 214, 215, 2426, 2427},    {705, 109, 110, 2416, 2417},
    {1042, 1044, 1045, 2430, 2431}, {1043, 1046, 1047, 2432, 2433}, {1082, 1084, 1085, 2468, 2469},
    {1083, 1143, 1144, 2470, 2471}, {1114, 1312, 1313, 2474, 2475}, {1184, 1150, 1151, 2476, 2477},
    {1186, 1160, 1161, 2478, 2479}, {1266, 1350, 1351, 2472, 2473}, {1700, 1701, 1702, 2460, 2461},
    {2205, 2218, 2219, 2452, 2453}, {2206, 2220, 2221, 2454, 2455}, {2249, 2290, 2291, 2402, 2403},
    {2276, 2294, 2295, 0, 0},       {2278, 2298, 2299, 3120, 3121}, {2950, 2952, 2953, 2961, 2962},
    {3802, 3806, 3804, 3805, 3803},
};

static const struct {
    uint32_t oid;
    const char *name;
} procs[] = {
    {31, "byteaout"},
    {33, "charout"},
    {34, "namein"},
    {35, "nameout"},
    {38, "int2in"},
    {39, "int2out"},
    {42, "int4in"},
    {43, "int4out"},
    {44, "regprocin"},
    {45, "regprocout"},
    {46, "textin"},
    {47, "textout"},
    {50, "xidin"},
    {51, "xidout"},
    {109, "unknownin"},
    {110, "unknownout"},
    {200, "float4in"},
    {201, "float4out"},
    {214, "float8in"},
    {215, "float8out"},
    {321, "json_in"},
    {322, "json_out"},
    {323, "json_recv"},
    {324, "json_send"},
    {460, "int8in"},
    {461, "int8out"},
    {750, "array_in"},
    {751, "array_out"},
    {1044, "bpcharin"},
    {1045, "bpcharout"},
    {1046, "varcharin"},
    {1047, "varcharout"},
    {1084, "date_in"},
    {1085, "date_out"},
    {1143, "time_in"},
    {1144, "time_out"},
    {1150, "timestamptz_in"},
    {1151, "timestamptz_out"},
    {1160, "interval_in"},
    {1161, "interval_out"},
    {1242, "boolin"},
    {1243, "boolout"},
    {1244, "byteain"},
    {1245, "charin"},
    {1312, "timestamp_in"},
    {1313, "timestamp_out"},
    {1350, "timetz_in"},
    {1351, "timetz_out"},
    {1701, "numeric_in"},
    {1702, "numeric_out"},
    {1798, "oidin"},
    {1799, "oidout"},
    {2218, "regclassin"},
    {2219, "regclassout"},
    {2220, "regtypein"},
    {2221, "regtypeout"},
    {2290, "record_in"},
    {2291, "record_out"},
    {2294, "any_in"},
    {2295, "any_out"},
    {2298, "void_in"},
    {2299, "void_out"},
    {2400, "array_recv"},
    {2401, "array_send"},
    {2402, "record_recv"},
    {2403, "record_send"},
    {2404, "int2recv"},
    {2405, "int2send"},
    {2406, "int4recv"},
    {2407, "int4send"},
    {2408, "int8recv"},
    {2409, "int8send"},
    {2412, "bytearecv"},
    {2413, "byteasend"},
    {2414, "textrecv"},
    {2415, "textsend"},
    {2416, "unknownrecv"},
    {2417, "unknownsend"},
    {2418, "oidrecv"},
    {2419, "oidsend"},
    {2422, "namerecv"},
    {2423, "namesend"},
    {2424, "float4recv"},
    {2425, "float4send"},
    {2426, "float8recv"},
    {2427, "float8send"},
    {2430, "bpcharrecv"},
    {2431, "bpcharsend"},
    {2432, "varcharrecv"},
    {2433, "varcharsend"},
    {2434, "charrecv"},
    {2435, "charsend"},
    {2436, "boolrecv"},
    {2437, "boolsend"},
    {2440, "xidrecv"},
    {2441, "xidsend"},
    {2444, "regprocrecv"},
    {2445, "regprocsend"},
    {2452, "regclassrecv"},
    {2453, "regclasssend"},
    {2454, "regtyperecv"},
    {2455, "regtypesend"},
    {2460, "numeric_recv"},
    {2461, "numeric_send"},
    {2468, "date_recv"},
    {2469, "date_send"},
    {2470, "time_recv"},
    {2471, "time_send"},
    {2472, "timetz_recv"},
    {2473, "timetz_send"},
    {2474, "timestamp_recv"},
    {2475, "timestamp_send"},
    {2476, "timestamptz_recv"},
    {2477, "timestamptz_send"},
    {2478, "interval_recv"},
    {2479, "interval_send"},
    {2597, "domain_in"},
    {2598, "domain_recv"},
    {2952, "uuid_in"},
    {2953, "uuid_out"},
    {2961, "uuid_recv"},
    {2962, "uuid_send"},
    {3120, "void_recv"},
    {3121, "void_send"},
    {3506, "enum_in"},
    {3507, "enum_out"},
    {3532, "enum_recv"},
    {3533, "enum_send"},
    {3803, "jsonb_send"},
    {3804, "jsonb_out"},
    {3805, "jsonb_recv"},
    {3806, "jsonb_in"},
};

const struct sql_typio *sql_typio_of(uint32_t type)
{
    for (size_t i = 0; i < sizeof typio / sizeof typio[0]; i++)
        if (typio[i].type == type)
            return &typio[i];
    return NULL;
}

const char *sql_typio_proc_name(uint32_t oid)
{
    size_t lo = 0, hi = sizeof procs / sizeof procs[0];
    while (lo < hi) { /* procs is sorted by oid */
        size_t mid = lo + (hi - lo) / 2;
        if (procs[mid].oid == oid)
            return procs[mid].name;
        if (procs[mid].oid < oid)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

struct sql_typio sql_typio_for(char kind, uint32_t type)
{
    struct sql_typio io = {type, 0, 0, 0, 0};
    const struct sql_typio *b;
    switch (kind) {
    case 'A':
        return (struct sql_typio){type, SQL_PROC_ARRAY_IN, SQL_PROC_ARRAY_OUT, SQL_PROC_ARRAY_RECV,
                                  SQL_PROC_ARRAY_SEND};
    case 'e':
        return (struct sql_typio){type, SQL_PROC_ENUM_IN, SQL_PROC_ENUM_OUT, SQL_PROC_ENUM_RECV,
                                  SQL_PROC_ENUM_SEND};
    case 'c':
        return (struct sql_typio){type, SQL_PROC_RECORD_IN, SQL_PROC_RECORD_OUT,
                                  SQL_PROC_RECORD_RECV, SQL_PROC_RECORD_SEND};
    case 'd': /* a domain: its base type's output and send */
        b = sql_typio_of(type);
        io.in = SQL_PROC_DOMAIN_IN;
        io.recv = SQL_PROC_DOMAIN_RECV;
        if (b != NULL) {
            io.out = b->out;
            io.send = b->send;
        }
        return io;
    default:
        b = sql_typio_of(type);
        return b != NULL ? *b : io;
    }
}
