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
#include <string.h>

static const struct sql_typio typio[] = {
    {16, 1242, 1243, 2436, 2437},   {17, 1244, 31, 2412, 2413},     {18, 1245, 33, 2434, 2435},
    {19, 34, 35, 2422, 2423},       {20, 460, 461, 2408, 2409},     {21, 38, 39, 2404, 2405},
    {23, 42, 43, 2406, 2407},       {24, 44, 45, 2444, 2445},       {25, 46, 47, 2414, 2415},
    {26, 1798, 1799, 2418, 2419},   {28, 50, 51, 2440, 2441},       {114, 321, 322, 323, 324},
    {700, 200, 201, 2424, 2425},    {701, 214, 215, 2426, 2427},    {705, 109, 110, 2416, 2417},
    {1042, 1044, 1045, 2430, 2431}, {1043, 1046, 1047, 2432, 2433}, {1082, 1084, 1085, 2468, 2469},
    {1083, 1143, 1144, 2470, 2471}, {1114, 1312, 1313, 2474, 2475}, {1184, 1150, 1151, 2476, 2477},
    {1186, 1160, 1161, 2478, 2479}, {1266, 1350, 1351, 2472, 2473}, {1700, 1701, 1702, 2460, 2461},
    {2202, 2212, 2213, 2446, 2447}, {2205, 2218, 2219, 2452, 2453}, {2206, 2220, 2221, 2454, 2455},
    {2249, 2290, 2291, 2402, 2403}, {2276, 2294, 2295, 0, 0},       {2278, 2298, 2299, 3120, 3121},
    {2950, 2952, 2953, 2961, 2962}, {3802, 3806, 3804, 3805, 3803}, {3904, 3834, 3835, 3836, 3837},
    {3906, 3834, 3835, 3836, 3837}, {3908, 3834, 3835, 3836, 3837}, {3910, 3834, 3835, 3836, 3837},
    {3912, 3834, 3835, 3836, 3837}, {3926, 3834, 3835, 3836, 3837}, {4089, 4084, 4085, 4087, 4088},
    {4096, 4098, 4092, 4094, 4095}, {650, 1267, 1427, 2498, 2499},  {774, 4110, 4111, 3446, 3447},
    {829, 436, 437, 2494, 2495},    {869, 910, 911, 2496, 2497},
};

static const struct {
    uint32_t oid;
    const char *name;
    const char *sig; /* regprocedure: name(argument types) */
} procs[] = {
    {31, "byteaout", "byteaout(bytea)"},
    {33, "charout", "charout(\"char\")"},
    {34, "namein", "namein(cstring)"},
    {35, "nameout", "nameout(name)"},
    {38, "int2in", "int2in(cstring)"},
    {39, "int2out", "int2out(smallint)"},
    {42, "int4in", "int4in(cstring)"},
    {43, "int4out", "int4out(integer)"},
    {44, "regprocin", "regprocin(cstring)"},
    {45, "regprocout", "regprocout(regproc)"},
    {46, "textin", "textin(cstring)"},
    {47, "textout", "textout(text)"},
    {50, "xidin", "xidin(cstring)"},
    {51, "xidout", "xidout(xid)"},
    {109, "unknownin", "unknownin(cstring)"},
    {110, "unknownout", "unknownout(unknown)"},
    {200, "float4in", "float4in(cstring)"},
    {201, "float4out", "float4out(real)"},
    {214, "float8in", "float8in(cstring)"},
    {215, "float8out", "float8out(double precision)"},
    {321, "json_in", "json_in(cstring)"},
    {322, "json_out", "json_out(json)"},
    {323, "json_recv", "json_recv(internal)"},
    {324, "json_send", "json_send(json)"},
    {436, "macaddr_in", "macaddr_in(cstring)"},
    {437, "macaddr_out", "macaddr_out(macaddr)"},
    {460, "int8in", "int8in(cstring)"},
    {461, "int8out", "int8out(bigint)"},
    {750, "array_in", "array_in(cstring,oid,integer)"},
    {751, "array_out", "array_out(anyarray)"},
    {910, "inet_in", "inet_in(cstring)"},
    {911, "inet_out", "inet_out(inet)"},
    {1044, "bpcharin", "bpcharin(cstring,oid,integer)"},
    {1045, "bpcharout", "bpcharout(character)"},
    {1046, "varcharin", "varcharin(cstring,oid,integer)"},
    {1047, "varcharout", "varcharout(character varying)"},
    {1084, "date_in", "date_in(cstring)"},
    {1085, "date_out", "date_out(date)"},
    {1143, "time_in", "time_in(cstring,oid,integer)"},
    {1144, "time_out", "time_out(time without time zone)"},
    {1150, "timestamptz_in", "timestamptz_in(cstring,oid,integer)"},
    {1151, "timestamptz_out", "timestamptz_out(timestamp with time zone)"},
    {1160, "interval_in", "interval_in(cstring,oid,integer)"},
    {1161, "interval_out", "interval_out(interval)"},
    {1242, "boolin", "boolin(cstring)"},
    {1243, "boolout", "boolout(boolean)"},
    {1244, "byteain", "byteain(cstring)"},
    {1245, "charin", "charin(cstring)"},
    {1267, "cidr_in", "cidr_in(cstring)"},
    {1312, "timestamp_in", "timestamp_in(cstring,oid,integer)"},
    {1313, "timestamp_out", "timestamp_out(timestamp without time zone)"},
    {1350, "timetz_in", "timetz_in(cstring,oid,integer)"},
    {1351, "timetz_out", "timetz_out(time with time zone)"},
    {1427, "cidr_out", "cidr_out(cidr)"},
    {1701, "numeric_in", "numeric_in(cstring,oid,integer)"},
    {1702, "numeric_out", "numeric_out(numeric)"},
    {1798, "oidin", "oidin(cstring)"},
    {1799, "oidout", "oidout(oid)"},
    {2212, "regprocedurein", "regprocedurein(cstring)"},
    {2213, "regprocedureout", "regprocedureout(regprocedure)"},
    {2218, "regclassin", "regclassin(cstring)"},
    {2219, "regclassout", "regclassout(regclass)"},
    {2220, "regtypein", "regtypein(cstring)"},
    {2221, "regtypeout", "regtypeout(regtype)"},
    {2290, "record_in", "record_in(cstring,oid,integer)"},
    {2291, "record_out", "record_out(record)"},
    {2294, "any_in", "any_in(cstring)"},
    {2295, "any_out", "any_out(\"any\")"},
    {2298, "void_in", "void_in(cstring)"},
    {2299, "void_out", "void_out(void)"},
    {2400, "array_recv", "array_recv(internal,oid,integer)"},
    {2401, "array_send", "array_send(anyarray)"},
    {2402, "record_recv", "record_recv(internal,oid,integer)"},
    {2403, "record_send", "record_send(record)"},
    {2404, "int2recv", "int2recv(internal)"},
    {2405, "int2send", "int2send(smallint)"},
    {2406, "int4recv", "int4recv(internal)"},
    {2407, "int4send", "int4send(integer)"},
    {2408, "int8recv", "int8recv(internal)"},
    {2409, "int8send", "int8send(bigint)"},
    {2412, "bytearecv", "bytearecv(internal)"},
    {2413, "byteasend", "byteasend(bytea)"},
    {2414, "textrecv", "textrecv(internal)"},
    {2415, "textsend", "textsend(text)"},
    {2416, "unknownrecv", "unknownrecv(internal)"},
    {2417, "unknownsend", "unknownsend(unknown)"},
    {2418, "oidrecv", "oidrecv(internal)"},
    {2419, "oidsend", "oidsend(oid)"},
    {2422, "namerecv", "namerecv(internal)"},
    {2423, "namesend", "namesend(name)"},
    {2424, "float4recv", "float4recv(internal)"},
    {2425, "float4send", "float4send(real)"},
    {2426, "float8recv", "float8recv(internal)"},
    {2427, "float8send", "float8send(double precision)"},
    {2430, "bpcharrecv", "bpcharrecv(internal,oid,integer)"},
    {2431, "bpcharsend", "bpcharsend(character)"},
    {2432, "varcharrecv", "varcharrecv(internal,oid,integer)"},
    {2433, "varcharsend", "varcharsend(character varying)"},
    {2434, "charrecv", "charrecv(internal)"},
    {2435, "charsend", "charsend(\"char\")"},
    {2436, "boolrecv", "boolrecv(internal)"},
    {2437, "boolsend", "boolsend(boolean)"},
    {2440, "xidrecv", "xidrecv(internal)"},
    {2441, "xidsend", "xidsend(xid)"},
    {2444, "regprocrecv", "regprocrecv(internal)"},
    {2445, "regprocsend", "regprocsend(regproc)"},
    {2446, "regprocedurerecv", "regprocedurerecv(internal)"},
    {2447, "regproceduresend", "regproceduresend(regprocedure)"},
    {2452, "regclassrecv", "regclassrecv(internal)"},
    {2453, "regclasssend", "regclasssend(regclass)"},
    {2454, "regtyperecv", "regtyperecv(internal)"},
    {2455, "regtypesend", "regtypesend(regtype)"},
    {2460, "numeric_recv", "numeric_recv(internal,oid,integer)"},
    {2461, "numeric_send", "numeric_send(numeric)"},
    {2468, "date_recv", "date_recv(internal)"},
    {2469, "date_send", "date_send(date)"},
    {2470, "time_recv", "time_recv(internal,oid,integer)"},
    {2471, "time_send", "time_send(time without time zone)"},
    {2472, "timetz_recv", "timetz_recv(internal,oid,integer)"},
    {2473, "timetz_send", "timetz_send(time with time zone)"},
    {2474, "timestamp_recv", "timestamp_recv(internal,oid,integer)"},
    {2475, "timestamp_send", "timestamp_send(timestamp without time zone)"},
    {2476, "timestamptz_recv", "timestamptz_recv(internal,oid,integer)"},
    {2477, "timestamptz_send", "timestamptz_send(timestamp with time zone)"},
    {2478, "interval_recv", "interval_recv(internal,oid,integer)"},
    {2479, "interval_send", "interval_send(interval)"},
    {2494, "macaddr_recv", "macaddr_recv(internal)"},
    {2495, "macaddr_send", "macaddr_send(macaddr)"},
    {2496, "inet_recv", "inet_recv(internal)"},
    {2497, "inet_send", "inet_send(inet)"},
    {2498, "cidr_recv", "cidr_recv(internal)"},
    {2499, "cidr_send", "cidr_send(cidr)"},
    {2597, "domain_in", "domain_in(cstring,oid,integer)"},
    {2598, "domain_recv", "domain_recv(internal,oid,integer)"},
    {2952, "uuid_in", "uuid_in(cstring)"},
    {2953, "uuid_out", "uuid_out(uuid)"},
    {2961, "uuid_recv", "uuid_recv(internal)"},
    {2962, "uuid_send", "uuid_send(uuid)"},
    {3120, "void_recv", "void_recv(internal)"},
    {3121, "void_send", "void_send(void)"},
    {3446, "macaddr8_recv", "macaddr8_recv(internal)"},
    {3447, "macaddr8_send", "macaddr8_send(macaddr8)"},
    {3506, "enum_in", "enum_in(cstring,oid)"},
    {3507, "enum_out", "enum_out(anyenum)"},
    {3532, "enum_recv", "enum_recv(internal,oid)"},
    {3533, "enum_send", "enum_send(anyenum)"},
    {3803, "jsonb_send", "jsonb_send(jsonb)"},
    {3804, "jsonb_out", "jsonb_out(jsonb)"},
    {3805, "jsonb_recv", "jsonb_recv(internal)"},
    {3806, "jsonb_in", "jsonb_in(cstring)"},
    {3834, "range_in", "range_in(cstring,oid,integer)"},
    {3835, "range_out", "range_out(anyrange)"},
    {3836, "range_recv", "range_recv(internal,oid,integer)"},
    {3837, "range_send", "range_send(anyrange)"},
    {3914, "int4range_canonical", "int4range_canonical(int4range)"},
    {3915, "daterange_canonical", "daterange_canonical(daterange)"},
    {3922, "int4range_subdiff", "int4range_subdiff(integer,integer)"},
    {3923, "int8range_subdiff", "int8range_subdiff(bigint,bigint)"},
    {3924, "numrange_subdiff", "numrange_subdiff(numeric,numeric)"},
    {3925, "daterange_subdiff", "daterange_subdiff(date,date)"},
    {3928, "int8range_canonical", "int8range_canonical(int8range)"},
    {3929, "tsrange_subdiff",
     "tsrange_subdiff(timestamp without time zone,timestamp without time zone)"},
    {3930, "tstzrange_subdiff",
     "tstzrange_subdiff(timestamp with time zone,timestamp with time zone)"},
    {4084, "regnamespacein", "regnamespacein(cstring)"},
    {4085, "regnamespaceout", "regnamespaceout(regnamespace)"},
    {4087, "regnamespacerecv", "regnamespacerecv(internal)"},
    {4088, "regnamespacesend", "regnamespacesend(regnamespace)"},
    {4092, "regroleout", "regroleout(regrole)"},
    {4094, "regrolerecv", "regrolerecv(internal)"},
    {4095, "regrolesend", "regrolesend(regrole)"},
    {4098, "regrolein", "regrolein(cstring)"},
    {4110, "macaddr8_in", "macaddr8_in(cstring)"},
    {4111, "macaddr8_out", "macaddr8_out(macaddr8)"},
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

const char *sql_typio_proc_sig(uint32_t oid)
{
    for (size_t i = 0; i < sizeof procs / sizeof procs[0]; i++)
        if (procs[i].oid == oid)
            return procs[i].sig;
    return NULL;
}

uint32_t sql_typio_proc_by_name(const char *name, size_t len)
{
    for (size_t i = 0; i < sizeof procs / sizeof procs[0]; i++)
        if (strlen(procs[i].name) == len && memcmp(procs[i].name, name, len) == 0)
            return procs[i].oid;
    return 0;
}
