"""libpq's protocol paths against a real node: tests/tools/libpq_client runs
simple and extended queries, text and binary parameters and results,
prepared statements and their descriptions, pipeline mode, single-row mode,
error fields, notices, COPY and transaction status, and prints one line per
observation; each section of that output is compared as its own test.
EXPECTED is what the same program printed against PostgreSQL 15
(initdb -U shardforge --no-locale -E UTF8, TimeZone=UTC, database
`shardforge`); regenerate it the same way if libpq_client.c changes.
"""
import difflib
import os
import subprocess

import pytest

from harness import BIN, Node, pg_env, time_limit

TOOL = os.path.join(os.path.dirname(BIN), "libpq_client")


def sections(text):
    """{section name: its lines} for the '== name' sections of the output."""
    out, name = {}, None
    for line in text.splitlines(True):
        if line.startswith("== "):
            name = line[3:].strip()
            out[name] = []
        elif name is not None:
            out[name].append(line)
    return out


@pytest.fixture(scope="module")
def client_output(tmp_path_factory):
    """Run libpq_client once against a fresh node; every section is its own test."""
    assert os.access(TOOL, os.X_OK), f"{TOOL} is missing: it is built with the server"
    node = Node(tmp_path_factory.mktemp("libpq"))
    try:
        with time_limit(180):
            node.start()
            r = subprocess.run([TOOL, node.dsn()], capture_output=True, text=True, timeout=120,
                               env=pg_env())
            node.stop()
    finally:
        node.kill()
    return r


@pytest.mark.parametrize("section", [
    "parameter status", "multi-statement", "parameters", "prepared", "pipeline", "single row",
    "errors and notices", "copy", "transaction status", "done"])
def test_libpq_section(client_output, section):
    got = sections(client_output.stdout).get(section)
    want = sections(EXPECTED)[section]
    if got != want:
        diff = "".join(difflib.unified_diff(want, got or [], "postgresql", "shardforge"))
        pytest.fail(f"section '{section}' differs (exit {client_output.returncode}, "
                    f"stderr {client_output.stderr[-2000:]!r}):\n{diff}")


def test_libpq_client_exit_status(client_output):
    assert client_output.returncode == 0, client_output.stdout[-3000:] + client_output.stderr


EXPECTED = r"""== parameter status
param client_encoding=UTF8
param server_encoding=UTF8
param DateStyle=ISO, MDY
param TimeZone=UTC
param integer_datetimes=on
param standard_conforming_strings=on
param IntervalStyle=postgres
param is_superuser=on
param session_authorization=shardforge
protocol=3 server_version_major=15
set_datestyle: PGRES_COMMAND_OK tag=[SET]
param DateStyle=ISO, DMY
reset_datestyle: PGRES_COMMAND_OK tag=[RESET]
param DateStyle=ISO, MDY
== multi-statement
multi[0]: PGRES_TUPLES_OK tag=[SELECT 1] rows_affected=1
  columns: a(type=23 mod=-1 fmt=0)
  row: [1]
multi[1]: PGRES_TUPLES_OK tag=[SELECT 1] rows_affected=1
  columns: b(type=25 mod=-1 fmt=0) c(type=25 mod=-1 fmt=0)
  row: [x] NULL
multi[2]: PGRES_COMMAND_OK tag=[CREATE TABLE]
multi[3]: PGRES_COMMAND_OK tag=[INSERT 0 2] rows_affected=2
multi[4]: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[22012] message=[division by zero]
empty: PGRES_EMPTY_QUERY
only_semicolons: PGRES_EMPTY_QUERY
== parameters
params_text: PGRES_TUPLES_OK tag=[SELECT 1] rows_affected=1
  columns: i(type=23 mod=-1 fmt=0) u(type=25 mod=-1 fmt=0) n(type=16 mod=-1 fmt=0) d(type=1082 mod=-1 fmt=0)
  row: [42] [ABC] [t] [2024-03-01]
params_binary_in_text_out: PGRES_TUPLES_OK tag=[SELECT 1] rows_affected=1
  columns: i4(type=23 mod=-1 fmt=0) i8(type=20 mod=-1 fmt=0) f8(type=701 mod=-1 fmt=0) b(type=16 mod=-1 fmt=0) t(type=25 mod=-1 fmt=0) l(type=23 mod=-1 fmt=0)
  row: [14] [1099511627777] [3] [f] [hé!] [2]
params_binary_in_binary_out: PGRES_TUPLES_OK tag=[SELECT 1] rows_affected=1
  columns: i4(type=23 mod=-1 fmt=1) i8(type=20 mod=-1 fmt=1) f8(type=701 mod=-1 fmt=1) b(type=16 mod=-1 fmt=1) t(type=25 mod=-1 fmt=1) by(type=17 mod=-1 fmt=1)
  row: \x0000000e \x0000010000000001 \x4008000000000000 \x00 \x68c3a921 \x00ff
binary_results: PGRES_TUPLES_OK tag=[SELECT 1] rows_affected=1
  columns: int2(type=21 mod=-1 fmt=1) ?column?(type=23 mod=-1 fmt=1) int8(type=20 mod=-1 fmt=1) float4(type=700 mod=-1 fmt=1) ?column?(type=701 mod=-1 fmt=1) numeric(type=1700 mod=-1 fmt=1) numeric(type=1700 mod=-1 fmt=1) ?column?(type=1700 mod=-1 fmt=1) numeric(type=1700 mod=-1 fmt=1) ?column?(type=16 mod=-1 fmt=1) text(type=25 mod=-1 fmt=1) varchar(type=1043 mod=9 fmt=1) bpchar(type=1042 mod=7 fmt=1) bytea(type=17 mod=-1 fmt=1) date(type=1082 mod=-1 fmt=1) timestamp(type=1114 mod=-1 fmt=1) timestamptz(type=1184 mod=-1 fmt=1) interval(type=1186 mod=-1 fmt=1) uuid(type=2950 mod=-1 fmt=1) int4(type=23 mod=-1 fmt=1)
  row: \x0001 \xfffffffe \x0000000000000003 \x3fc00000 \xbfd0000000000000 \x0003000100000003000109291a7c \x0000000000000000 \x0001fffe4000000503e8 \x00000000c0000000 \x01 \x747874 \x6162 \x632020 \x0102 \x00000001 \x000000000016e360 \x0000000000000000 \x00000000000f42400000000100000000 \xa0eebc999c0b4ef8bb6d6bb9bd380a11 NULL
bad_binary_param: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[08P01] message=[insufficient data left in message] context=[unnamed portal parameter $1]
bad_text_param: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[22P02] message=[invalid input syntax for type integer: "twelve"] context=[unnamed portal parameter $1 = '...']
== prepared
create: PGRES_COMMAND_OK tag=[CREATE TABLE]
prepare_ins: PGRES_COMMAND_OK
describe_ins: PGRES_COMMAND_OK nparams=3 $1=23 $2=1043 $3=1700
describe_ins_result: PGRES_COMMAND_OK
  columns: id(type=23 mod=-1 fmt=0) price(type=1700 mod=655366 fmt=0)
exec_ins: PGRES_TUPLES_OK tag=[INSERT 0 1] rows_affected=1
  columns: id(type=23 mod=-1 fmt=0) price(type=1700 mod=655366 fmt=0)
  row: [1] [10.26]
exec_ins: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[22001] message=[value too long for type character varying(10)]
exec_ins: PGRES_TUPLES_OK tag=[INSERT 0 1] rows_affected=1
  columns: id(type=23 mod=-1 fmt=0) price(type=1700 mod=655366 fmt=0)
  row: [3] NULL
prepare_sel: PGRES_COMMAND_OK
describe_sel: nparams=1 $1=23
describe_sel_result: PGRES_COMMAND_OK
  columns: id(type=23 mod=-1 fmt=0) name(type=1043 mod=14 fmt=0) price(type=1700 mod=655366 fmt=0) at(type=1184 mod=-1 fmt=0)
exec_sel: PGRES_TUPLES_OK tag=[SELECT 2] rows_affected=2
  columns: id(type=23 mod=-1 fmt=0) name(type=1043 mod=14 fmt=0) price(type=1700 mod=655366 fmt=0) at(type=1184 mod=-1 fmt=0)
  row: [1] [name] [10.26] NULL
  row: [3] [name] NULL NULL
prepare_duplicate: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[42P05] message=[prepared statement "ins" already exists]
prepare_bad: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[42703] message=[column "nosuch" does not exist] position=[8]
exec_unknown: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[26000] message=[prepared statement "nosuchstmt" does not exist]
deallocate: PGRES_COMMAND_OK tag=[DEALLOCATE]
exec_deallocated: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[26000] message=[prepared statement "ins" does not exist]
sql_prepare: PGRES_COMMAND_OK tag=[PREPARE]
sql_execute: PGRES_TUPLES_OK tag=[SELECT 1] rows_affected=1
  columns: x(type=23 mod=-1 fmt=0)
  row: [42]
sql_deallocate: PGRES_COMMAND_OK tag=[DEALLOCATE]
== pipeline
pipeline[0]: PGRES_TUPLES_OK tag=[SELECT 1] rows_affected=1
  columns: q(type=23 mod=-1 fmt=0)
  row: [10]
pipeline[1]: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[22012] message=[division by zero]
pipeline[2]: PGRES_PIPELINE_ABORTED
pipeline[3]: PGRES_PIPELINE_SYNC
pipeline[4]: PGRES_TUPLES_OK tag=[SELECT 1] rows_affected=1
  columns: s(type=25 mod=-1 fmt=0)
  row: [after sync]
pipeline[5]: PGRES_PIPELINE_SYNC
== single row
single_row: PGRES_SINGLE_TUPLE
  columns: g(type=23 mod=-1 fmt=0) sq(type=23 mod=-1 fmt=0)
  row: [1] [1]
single_row: PGRES_SINGLE_TUPLE
  columns: g(type=23 mod=-1 fmt=0) sq(type=23 mod=-1 fmt=0)
  row: [2] [4]
single_row: PGRES_SINGLE_TUPLE
  columns: g(type=23 mod=-1 fmt=0) sq(type=23 mod=-1 fmt=0)
  row: [3] [9]
single_row: PGRES_TUPLES_OK tag=[SELECT 3] rows_affected=3
  columns: g(type=23 mod=-1 fmt=0) sq(type=23 mod=-1 fmt=0)
== errors and notices
syntax: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[42601] message=[syntax error at or near "FORM"] position=[10]
undefined_column: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[42703] message=[column "nosuch" does not exist] position=[8]
undefined_function: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[42883] message=[function nosuchfn(integer) does not exist] hint=[No function matches the given name and argument types. You might need to add explicit type casts.] position=[8]
create_e: PGRES_COMMAND_OK tag=[CREATE TABLE]
insert_ok: PGRES_COMMAND_OK tag=[INSERT 0 1] rows_affected=1
unique: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[23505] message=[duplicate key value violates unique constraint "e_pkey"] detail=[Key (id)=(1) already exists.] schema=[public] table=[e] constraint=[e_pkey]
not_null: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[23502] message=[null value in column "v" of relation "e" violates not-null constraint] detail=[Failing row contains (2, null, 2).] schema=[public] table=[e] column=[v]
check: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[23514] message=[new row for relation "e" violates check constraint "e_n_check"] detail=[Failing row contains (2, c, 0).] schema=[public] table=[e] constraint=[e_n_check]
overflow: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[22003] message=[integer out of range]
notice: NOTICE:  table "nosuch_table" does not exist, skipping
notice: PGRES_COMMAND_OK tag=[DROP TABLE]
update: PGRES_COMMAND_OK tag=[UPDATE 1] rows_affected=1
delete: PGRES_COMMAND_OK tag=[DELETE 0] rows_affected=0
select_tag: PGRES_TUPLES_OK tag=[SELECT 1] rows_affected=1
  columns: id(type=23 mod=-1 fmt=0) v(type=25 mod=-1 fmt=0) n(type=23 mod=-1 fmt=0)
  row: [1] [a] [2]
== copy
copy_create: PGRES_COMMAND_OK tag=[CREATE TABLE]
copy_in_start: PGRES_COPY_IN nfields=3
copy_in_end: PGRES_COMMAND_OK tag=[COPY 3] rows_affected=3
copy_in_abort: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[57014] message=[COPY from stdin failed: client gave up] context=[COPY c, line 2]
copy_in_bad: PGRES_FATAL_ERROR
  error: severity=[ERROR] severity_nl=[ERROR] sqlstate=[22P02] message=[invalid input syntax for type numeric: "x"] context=[COPY c, line 1, column n: "x"]
copy_out_start: PGRES_COPY_OUT
  copy_out: [1,one,1.5]
  copy_out: [2,,]
  copy_out: [3,tab	here,-3]
copy_out_end: PGRES_COMMAND_OK tag=[COPY 3] rows_affected=3
== transaction status
txn BEGIN          -> PGRES_COMMAND_OK INTRANS
txn SELECT 1       -> PGRES_TUPLES_OK INTRANS
txn SELECT 1/0     -> PGRES_FATAL_ERROR INERROR (error)
txn SELECT 2       -> PGRES_FATAL_ERROR INERROR (error)
txn ROLLBACK       -> PGRES_COMMAND_OK IDLE
txn BEGIN          -> PGRES_COMMAND_OK INTRANS
txn SAVEPOINT s    -> PGRES_COMMAND_OK INTRANS
txn SELECT 1/0     -> PGRES_FATAL_ERROR INERROR (error)
txn ROLLBACK TO s  -> PGRES_COMMAND_OK INTRANS
txn COMMIT         -> PGRES_COMMAND_OK IDLE
notice: WARNING:  there is no transaction in progress
txn COMMIT         -> PGRES_COMMAND_OK IDLE
== done
"""
