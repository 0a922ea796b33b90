// go_client.go — Go PostgreSQL drivers (Debian's pgx v4 and lib/pq) running a
// workload that prints every result as text lines, so tests/cluster/test_go.py
// can run it against ShardForge and against PostgreSQL 15 and compare.
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go build -o go_client go_client.go
//	go_client pgx|pq postgres://USER@HOST:PORT/DB?sslmode=disable
//
// pgx uses the extended protocol with binary formats for most types,
// describes every statement, sends batches in one round trip and loads with
// binary COPY; lib/pq uses unnamed statements with text formats and text COPY.
// A line at column 0 starts a section; indented lines are its rows.
package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgconn"
	"github.com/jackc/pgproto3/v2"
	"github.com/jackc/pgtype"
	"github.com/jackc/pgx/v4"
	"github.com/lib/pq"
)

var ctx = context.Background()

func line(format string, a ...interface{}) {
	fmt.Printf(format+"\n", a...)
}

// pgErr prints an error as "label ERROR sqlstate message".
func pgErr(label string, err error) {
	var pe *pgconn.PgError
	var qe *pq.Error
	switch {
	case errors.As(err, &pe):
		line("%s ERROR %s %s", label, pe.Code, pe.Message)
		if pe.ConstraintName != "" || pe.Detail != "" {
			line("  detail=%q constraint=%q", pe.Detail, pe.ConstraintName)
		}
	case errors.As(err, &qe):
		line("%s ERROR %s %s", label, qe.Code, qe.Message)
	case err == nil:
		line("%s ok", label)
	default:
		line("%s ERROR client %v", label, err)
	}
}

// render decodes one column value the way the server sent it (text or
// binary, by the field's format) with pgx's type for the OID, and prints it
// back as PostgreSQL text: a binary encoding the client misreads shows.
func render(ci *pgtype.ConnInfo, fd pgproto3.FieldDescription, raw []byte) string {
	if raw == nil {
		return "NULL"
	}
	dt, ok := ci.DataTypeForOID(fd.DataTypeOID)
	if !ok {
		return fmt.Sprintf("oid%d:%q", fd.DataTypeOID, raw)
	}
	v := pgtype.NewValue(dt.Value)
	var err error
	if fd.Format == pgx.BinaryFormatCode {
		bd, ok := v.(pgtype.BinaryDecoder)
		if !ok {
			return "no-binary-decoder"
		}
		err = bd.DecodeBinary(ci, raw)
	} else {
		td, ok := v.(pgtype.TextDecoder)
		if !ok {
			return "no-text-decoder"
		}
		err = td.DecodeText(ci, raw)
	}
	if err != nil {
		return "decode-error: " + err.Error()
	}
	te, ok := v.(pgtype.TextEncoder)
	if !ok {
		return fmt.Sprintf("%v", v.Get())
	}
	buf, err := te.EncodeText(ci, nil)
	if err != nil {
		return "encode-error: " + err.Error()
	}
	if strings.ContainsAny(string(buf), "\t\n\r") {
		return strconv.Quote(string(buf))
	}
	return string(buf)
}

func fieldHeader(ci *pgtype.ConnInfo, fds []pgproto3.FieldDescription) string {
	var b strings.Builder
	for _, fd := range fds {
		name := fmt.Sprintf("oid%d", fd.DataTypeOID)
		if dt, ok := ci.DataTypeForOID(fd.DataTypeOID); ok {
			name = dt.Name
		}
		fmt.Fprintf(&b, " %s:%s/%d", fd.Name, name, fd.Format)
	}
	return b.String()
}

// dump prints a query's columns (name:type/format) and rows.
func dump(c *pgx.Conn, label string, rows pgx.Rows, err error) {
	if err != nil {
		pgErr(label, err)
		return
	}
	defer rows.Close()
	ci := c.ConnInfo()
	header := false
	for rows.Next() {
		if !header {
			line("%s |%s", label, fieldHeader(ci, rows.FieldDescriptions()))
			header = true
		}
		var cells []string
		for i, raw := range rows.RawValues() {
			cells = append(cells, render(ci, rows.FieldDescriptions()[i], raw))
		}
		line("  %s", strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		pgErr(label, err)
		return
	}
	if !header {
		line("%s |%s (no rows)", label, fieldHeader(ci, rows.FieldDescriptions()))
	}
	line("  tag %s", rows.CommandTag())
}

func query(c *pgx.Conn, label, q string, args ...interface{}) {
	rows, err := c.Query(ctx, q, args...)
	dump(c, label, rows, err)
}

func exec(c *pgx.Conn, label, q string, args ...interface{}) {
	tag, err := c.Exec(ctx, q, args...)
	if err != nil {
		pgErr(label, err)
		return
	}
	line("%s %s", label, tag)
}

func date(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04:05.999999", s)
	if err != nil {
		panic(err)
	}
	return t
}

func runPgx(url string) {
	c, err := pgx.Connect(ctx, url)
	if err != nil {
		line("connect ERROR %v", err)
		os.Exit(1)
	}
	defer c.Close(ctx)
	pc := c.PgConn()
	line("server major %s", strings.Split(pc.ParameterStatus("server_version"), ".")[0])
	for _, k := range []string{"client_encoding", "DateStyle", "integer_datetimes", "standard_conforming_strings"} {
		line("  %s=%s", k, pc.ParameterStatus(k))
	}

	exec(c, "create", `CREATE TABLE gx_items (id serial PRIMARY KEY, i int NOT NULL, b bigint,
		n numeric(14,3), t text UNIQUE, ok boolean, raw bytea, d date, ts timestamp,
		tz timestamptz, u uuid, ia int[], ta text[], j json, jb jsonb, f8 float8, s smallint,
		vc varchar(10))`)

	// Parameters of every type, as Go values pgx encodes (mostly binary).
	ins := `INSERT INTO gx_items (i, b, n, t, ok, raw, d, ts, tz, u, ia, ta, j, jb, f8, s, vc)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`
	utc := time.UTC
	exec(c, "insert 1", ins, int32(1), int64(9000000000), "12345.678", "one", true,
		[]byte{0, 1, 2, 255, '\\', 'x'}, date("2024-02-29 00:00:00"), date("2024-01-02 03:04:05.123456"),
		time.Date(2024, 1, 2, 3, 4, 5, 500000000, utc), [16]byte{0x12, 0x34, 0x56, 0x78, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0, 1, 2, 3, 4},
		[]int32{1, 2, 3}, []string{"a", "b c", `q"uote`}, map[string]interface{}{"k": 1},
		map[string]interface{}{"a": []int{1, 2}, "b": nil}, 1.5, int16(-7), "short")
	exec(c, "insert 2", ins, int32(2), int64(-1), 0.25, "two", false, []byte{}, date("1999-12-31 00:00:00"),
		date("1970-01-01 00:00:00"), time.Date(1960, 6, 1, 12, 0, 0, 0, utc),
		"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", []int32{}, []string{"x"}, "[1, 2]", `{"z": true}`,
		-0.0001, int16(32767), "")
	exec(c, "insert nulls", ins, int32(3), nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)
	pgtypeNum := &pgtype.Numeric{}
	_ = pgtypeNum.Set("-0.001")
	exec(c, "insert pgtype", ins, int32(4), int64(4), pgtypeNum, "four", nil, []byte("bin\x00ary"),
		date("2000-01-01 00:00:00"), date("2000-01-01 00:00:00.000001"),
		time.Date(2100, 12, 31, 23, 59, 59, 999999000, utc), nil,
		&pgtype.Int4Array{Elements: []pgtype.Int4{{Int: 5, Status: pgtype.Present}, {Status: pgtype.Null}},
			Dimensions: []pgtype.ArrayDimension{{Length: 2, LowerBound: 1}}, Status: pgtype.Present},
		[]string{}, nil, nil, nil, nil, nil)

	query(c, "select all", `SELECT id, i, b, n, t, ok, raw, d, ts, tz, u, ia, ta, j, jb, f8, s, vc
		FROM gx_items ORDER BY id`)

	// Scan into Go types.
	{
		var i int32
		var b int64
		var n float64
		var t string
		var ok bool
		var raw []byte
		var d, ts, tz time.Time
		var u pgtype.UUID
		var ia []int32
		var ta []string
		var j map[string]interface{}
		err := c.QueryRow(ctx, `SELECT i, b, n, t, ok, raw, d, ts, tz, u, ia, ta, jb FROM gx_items WHERE id = $1`, 1).
			Scan(&i, &b, &n, &t, &ok, &raw, &d, &ts, &tz, &u, &ia, &ta, &j)
		if err != nil {
			pgErr("scan", err)
		} else {
			line("scan %d %d %v %s %v %x %s %s %s %x %v %q %v", i, b, n, t, ok, raw,
				d.Format("2006-01-02"), ts.Format(time.RFC3339Nano), tz.UTC().Format(time.RFC3339Nano),
				u.Bytes, ia, ta, j)
		}
		var ns, nt *string
		var ni *int64
		err = c.QueryRow(ctx, `SELECT t, vc, b FROM gx_items WHERE id = 3`).Scan(&ns, &nt, &ni)
		line("scan nulls %v %v %v %v", ns == nil, nt == nil, ni == nil, err)
	}

	// Named prepared statements: the description pgx reads, then executions.
	sd, err := c.Prepare(ctx, "by_range", `SELECT id, t, n, d FROM gx_items WHERE i >= $1 AND i <= $2 ORDER BY id`)
	if err != nil {
		pgErr("prepare by_range", err)
	} else {
		line("prepare by_range params %v fields%s", sd.ParamOIDs, fieldHeader(c.ConnInfo(), sd.Fields))
		for k := 1; k <= 3; k++ {
			query(c, fmt.Sprintf("by_range %d", k), "by_range", k, k+1)
		}
	}
	sd, err = c.Prepare(ctx, "infer", `SELECT $1::int + $2, $3 || 'x', $4::numeric * 2, $5::date + 1, $6::bool, $7::bytea, $8::uuid, $9::text[], $10::timestamptz`)
	if err != nil {
		pgErr("prepare infer", err)
	} else {
		line("prepare infer params %v fields%s", sd.ParamOIDs, fieldHeader(c.ConnInfo(), sd.Fields))
		query(c, "infer", "infer", 40, 2, "a", "1.25", date("2024-12-31 00:00:00"), true,
			[]byte{9, 8}, "00000000-0000-0000-0000-000000000001", []string{"p", "q"}, time.Date(2024, 5, 6, 7, 8, 9, 0, utc))
		query(c, "infer nulls", "infer", nil, nil, nil, nil, nil, nil, nil, nil, nil, nil)
	}
	if err := c.Deallocate(ctx, "infer"); err != nil {
		pgErr("deallocate", err)
	}

	// Binary results of scalar types through pgconn directly (every result binary).
	{
		rr := pc.ExecParams(ctx, `SELECT 1::int2, 2::int4, 3::int8, 1.5::float4, 2.25::float8,
			'0'::numeric, 'NaN'::numeric, '-1.5'::numeric, '100000000000000000000'::numeric,
			'0.000001'::numeric, '123456789.123456789'::numeric, 'txt'::text, 'vc'::varchar,
			'ab'::char(3), true, '\x00ff'::bytea, '2024-02-29'::date, '2024-02-29 12:34:56.789'::timestamp,
			'2024-02-29 12:34:56.789+02'::timestamptz, '12:34:56'::time, '1 day 02:03:04'::interval,
			'{1,NULL,3}'::int[], '{{a,b},{c,d}}'::text[], '{"a":1}'::jsonb, '[1]'::json,
			'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid, 'x'::name, 42::oid, NULL::int`, nil, nil, nil, []int16{1})
		res := rr.Read()
		if res.Err != nil {
			pgErr("binary scalars", res.Err)
		} else {
			line("binary scalars |%s", fieldHeader(c.ConnInfo(), res.FieldDescriptions))
			for _, row := range res.Rows {
				for i, raw := range row {
					line("  %s = %s", res.FieldDescriptions[i].Name, render(c.ConnInfo(), res.FieldDescriptions[i], raw))
				}
			}
		}
	}

	// Binary parameters of more types, echoed back in binary.
	{
		nan := &pgtype.Numeric{NaN: true, Status: pgtype.Present}
		big := &pgtype.Numeric{}
		_ = big.Set("-98765432109876543210.0123456789")
		iv := &pgtype.Interval{Months: 14, Days: -3, Microseconds: 3723000001, Status: pgtype.Present}
		inf := &pgtype.Timestamptz{InfinityModifier: pgtype.Infinity, Status: pgtype.Present}
		ninf := &pgtype.Date{InfinityModifier: pgtype.NegativeInfinity, Status: pgtype.Present}
		tm := &pgtype.Time{Microseconds: 45296789012, Status: pgtype.Present}
		query(c, "binary params", `SELECT $1::numeric, $2::numeric, $3::interval, $4::timestamptz, $5::date,
			$6::time, $7::float4, $8::int2[], $9::float8[], $10::bool[], $11::bytea[], $12::uuid[],
			$13::timestamptz[], $14::numeric[], $15::varchar[], $16::int8[], $17::date[]`,
			nan, big, iv, inf, ninf, tm, float32(3.25), []int16{-1, 0, 1}, []float64{0.5, -2},
			[]bool{true, false}, [][]byte{{1}, {}}, []string{"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"},
			[]time.Time{time.Date(2001, 2, 3, 4, 5, 6, 7000, utc)}, []float64{1.5, 0},
			[]string{"x y", ""}, []int64{1 << 40}, []time.Time{time.Date(2020, 2, 29, 0, 0, 0, 0, utc)})
		query(c, "binary arith", `SELECT $1::numeric + 1, $2::interval * 2, $3::time + interval '1 hour',
			array_length($4::int2[], 1), $5::float8[] || 3.0::float8`, big, iv, tm, []int16{1, 2, 3}, []float64{1})
	}

	// Transactions: rollback, commit, savepoints (nested pgx.Tx).
	tx, err := c.Begin(ctx)
	if err == nil {
		_, err = tx.Exec(ctx, `INSERT INTO gx_items (i, t) VALUES ($1, $2)`, 10, "rolled back")
		pgErr("tx insert", err)
		err = tx.Rollback(ctx)
	}
	pgErr("tx rollback", err)
	tx, err = c.Begin(ctx)
	if err == nil {
		_, err = tx.Exec(ctx, `INSERT INTO gx_items (i, t) VALUES ($1, $2)`, 11, "committed")
		pgErr("tx insert", err)
		sp, err2 := tx.Begin(ctx)
		if err2 == nil {
			_, err2 = sp.Exec(ctx, `INSERT INTO gx_items (i, t) VALUES ($1, $2)`, 12, "savepoint rolled back")
			pgErr("sp insert", err2)
			_, err2 = sp.Exec(ctx, `SELECT 1/0`)
			pgErr("sp error", err2)
			err2 = sp.Rollback(ctx)
		}
		pgErr("sp rollback", err2)
		err = tx.Commit(ctx)
	}
	pgErr("tx commit", err)
	query(c, "after tx", `SELECT i, t FROM gx_items WHERE i >= 10 ORDER BY i`)
	tx, err = c.Begin(ctx)
	if err == nil {
		_, err = tx.Exec(ctx, `INSERT INTO gx_items (i, t) VALUES ($1, $2)`, 13, "one")
		pgErr("tx dup", err)
		_, err = tx.Exec(ctx, `SELECT 1`)
		pgErr("tx aborted", err)
		err = tx.Commit(ctx)
		pgErr("tx commit aborted", err)
	}
	line("tx status %c", pc.TxStatus())

	// Errors with their SQLSTATE.
	exec(c, "err unique", `INSERT INTO gx_items (i, t) VALUES ($1, $2)`, 20, "two")
	exec(c, "err not null", `INSERT INTO gx_items (i) VALUES ($1)`, nil)
	exec(c, "err syntax", `SELEC 1`)
	exec(c, "err table", `SELECT * FROM gx_missing`)
	exec(c, "err column", `SELECT nope FROM gx_items`)
	exec(c, "err div", `SELECT $1::int / 0`, 1)
	exec(c, "err cast", `SELECT 'abc'::int`)
	exec(c, "err param type", `SELECT $1::int`, "notanint")
	exec(c, "err overflow", `INSERT INTO gx_items (i, s) VALUES (30, $1)`, 40000)
	exec(c, "err varchar", `INSERT INTO gx_items (i, vc) VALUES (31, $1)`, "way too long for ten")
	exec(c, "err raise", `DO $$BEGIN RAISE EXCEPTION 'custom %', 7 USING ERRCODE = 'P0001'; END$$`)
	var one int
	pgErr("after errors", c.QueryRow(ctx, `SELECT 1`).Scan(&one))

	// COPY FROM (pgx sends binary COPY).
	exec(c, "create copy", `CREATE TABLE gx_copy (id int PRIMARY KEY, name text, amount numeric(10,2),
		at timestamptz, flag bool, data bytea, tags text[], d date, f float8, b bigint)`)
	var src [][]interface{}
	for k := 0; k < 500; k++ {
		var name interface{} = fmt.Sprintf("row %d\t\"q\"\n", k)
		if k%7 == 0 {
			name = nil
		}
		src = append(src, []interface{}{int32(k), name, float64(k) / 4,
			time.Date(2024, 1, 1, 0, 0, k, 0, utc), k%2 == 0, []byte{byte(k), byte(k >> 8)},
			[]string{"t", fmt.Sprint(k)}, date("2024-03-01 00:00:00").AddDate(0, 0, k), float64(k) * 1.5, int64(k) << 33})
	}
	n, err := c.CopyFrom(ctx, pgx.Identifier{"gx_copy"}, []string{"id", "name", "amount", "at", "flag", "data", "tags", "d", "f", "b"},
		pgx.CopyFromRows(src))
	if err != nil {
		pgErr("copy from", err)
	} else {
		line("copy from %d", n)
	}
	query(c, "copy check", `SELECT count(*), count(name), sum(amount), max(at), sum(length(data)),
		max(tags[2]), max(d), sum(f), sum(b) FROM gx_copy`)
	query(c, "copy rows", `SELECT * FROM gx_copy WHERE id IN (0, 1, 499) ORDER BY id`)
	n, err = c.CopyFrom(ctx, pgx.Identifier{"gx_copy"}, []string{"id", "name"},
		pgx.CopyFromRows([][]interface{}{{int32(1000), "x"}, {int32(1), "dup"}}))
	pgErr(fmt.Sprintf("copy dup %d", n), err)
	query(c, "copy after dup", `SELECT count(*) FROM gx_copy`)

	// Binary COPY of more types (jsonb's version byte, interval, time, uuid, arrays, infinity).
	exec(c, "create copy2", `CREATE TABLE gx_copy2 (k int2, j jsonb, js json, iv interval, tm time,
		u uuid, f4 real, vc varchar(5), bp char(3), ts timestamp, ia int8[], n numeric)`)
	nan := &pgtype.Numeric{NaN: true, Status: pgtype.Present}
	tsinf := &pgtype.Timestamp{InfinityModifier: pgtype.Infinity, Status: pgtype.Present}
	n, err = c.CopyFrom(ctx, pgx.Identifier{"public", "gx_copy2"}, []string{"k", "j", "js", "iv", "tm", "u", "f4", "vc", "bp", "ts", "ia", "n"},
		pgx.CopyFromRows([][]interface{}{
			{int16(1), map[string]interface{}{"a": 1}, []int{1, 2}, 90 * time.Minute, &pgtype.Time{Microseconds: 3600000001, Status: pgtype.Present},
				[16]byte{0xa0, 0xee, 0xbc, 0x99, 0x9c, 0x0b, 0x4e, 0xf8, 0xbb, 0x6d, 0x6b, 0xb9, 0xbd, 0x38, 0x0a, 0x11},
				float32(0.5), "abc", "x", tsinf, []int64{-1, 1 << 50}, nan},
			{int16(-2), nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, -12.5},
		}))
	pgErr(fmt.Sprintf("copy from 2 %d", n), err)
	query(c, "copy2 rows", `SELECT * FROM gx_copy2 ORDER BY k`)
	query(c, "copy2 text", `SELECT k, j::text, iv::text, ts::text, n::text FROM gx_copy2 ORDER BY k`)

	// A query cancelled by its context: pgx sends a CancelRequest and closes the connection.
	{
		cc, err := pgx.Connect(ctx, url)
		if err == nil {
			tctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
			start := time.Now()
			_, err = cc.Exec(tctx, `SELECT pg_sleep(10)`)
			cancel()
			line("cancel %v closed=%v fast=%v", err != nil, cc.IsClosed(), time.Since(start) < 5*time.Second)
			cc.Close(ctx)
		}
	}

	// Enum, domain and composite columns: pgx knows no OIDs for them (text results).
	exec(c, "create enum", `CREATE TYPE gx_mood AS ENUM ('sad', 'ok', 'happy')`)
	exec(c, "create domain", `CREATE DOMAIN gx_pos AS int CHECK (VALUE > 0)`)
	exec(c, "create typed", `CREATE TABLE gx_typed (m gx_mood, p gx_pos)`)
	exec(c, "insert typed", `INSERT INTO gx_typed VALUES ($1, $2), ($3, $4)`, "happy", 3, "sad", 1)
	exec(c, "insert bad enum", `INSERT INTO gx_typed VALUES ($1, 1)`, "meh")
	exec(c, "insert bad domain", `INSERT INTO gx_typed VALUES ('ok', $1)`, -1)
	{
		rows, err := c.Query(ctx, `SELECT m, p FROM gx_typed ORDER BY m`)
		if err != nil {
			pgErr("typed", err)
		} else {
			for rows.Next() {
				var m string
				var p int32
				if err := rows.Scan(&m, &p); err != nil {
					pgErr("typed scan", err)
					break
				}
				line("  typed %s %d", m, p)
			}
			rows.Close()
			pgErr("typed", rows.Err())
		}
	}
	{
		var oid uint32
		var typtype string
		err := c.QueryRow(ctx, `SELECT t.typtype::text, t.typbasetype FROM pg_type t WHERE t.typname = $1`, "gx_pos").Scan(&typtype, &oid)
		pgErr(fmt.Sprintf("pg_type domain %s %d", typtype, oid), err)
	}

	// Batches: every query in one round trip, results read in order.
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO gx_items (i, t) VALUES ($1, $2)`, 40, "batch a")
	b.Queue(`UPDATE gx_items SET b = b + $1 WHERE i = $2`, int64(5), 1)
	b.Queue(`SELECT i, b, t FROM gx_items WHERE i IN (1, 40) ORDER BY i`)
	b.Queue(`SELECT count(*) FROM gx_items WHERE t LIKE $1`, "batch%")
	br := c.SendBatch(ctx, b)
	tag, err := br.Exec()
	pgErr("batch 1 "+tag.String(), err)
	tag, err = br.Exec()
	pgErr("batch 2 "+tag.String(), err)
	rows, err := br.Query()
	dump(c, "batch 3", rows, err)
	var cnt int64
	pgErr("batch 4", br.QueryRow().Scan(&cnt))
	line("  count %d", cnt)
	pgErr("batch close", br.Close())
	b = &pgx.Batch{}
	b.Queue(`INSERT INTO gx_items (i, t) VALUES ($1, $2)`, 41, "batch b")
	b.Queue(`INSERT INTO gx_items (i, t) VALUES ($1, $2)`, 42, "batch b")
	b.Queue(`SELECT 1`)
	br = c.SendBatch(ctx, b)
	_, err = br.Exec()
	pgErr("batch err 1", err)
	_, err = br.Exec()
	pgErr("batch err 2", err)
	_, err = br.Exec()
	pgErr("batch err 3", err)
	pgErr("batch err close", br.Close())
	query(c, "batch after", `SELECT i, t FROM gx_items WHERE t LIKE 'batch%' ORDER BY i`)

	// The simple protocol (pgx interpolates the arguments itself).
	query(c, "simple", `SELECT $1::int, $2::text, $3::bytea, $4::numeric, $5::timestamptz, $6::bool`,
		pgx.QuerySimpleProtocol(true), 7, "it's", []byte{1, 2}, 3.5, time.Date(2024, 1, 2, 3, 4, 5, 0, utc), false)
	query(c, "simple multi", `SELECT i FROM gx_items WHERE id = 1`, pgx.QuerySimpleProtocol(true))

	// LISTEN / NOTIFY between two connections.
	exec(c, "listen", `LISTEN gx_chan`)
	c2, err := pgx.Connect(ctx, url)
	if err != nil {
		pgErr("connect 2", err)
	} else {
		exec(c2, "notify", `SELECT pg_notify('gx_chan', $1)`, "hello")
		exec(c2, "notify 2", `NOTIFY gx_chan, 'world'`)
		c2.Close(ctx)
		for k := 0; k < 2; k++ {
			wctx, cancel := context.WithTimeout(ctx, 5*time.Second)
			nt, err := c.WaitForNotification(wctx)
			cancel()
			if err != nil {
				pgErr("notification", err)
			} else {
				line("notification %s %s", nt.Channel, nt.Payload)
			}
		}
	}
}

func dumpSQL(label string, rows *sql.Rows, err error) {
	if err != nil {
		pgErr(label, err)
		return
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	types, _ := rows.ColumnTypes()
	var h strings.Builder
	for i, c := range cols {
		fmt.Fprintf(&h, " %s:%s", c, types[i].DatabaseTypeName())
	}
	line("%s |%s", label, h.String())
	for rows.Next() {
		vals := make([]interface{}, len(cols))
		ptrs := make([]interface{}, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			pgErr(label+" scan", err)
			return
		}
		var cells []string
		for _, v := range vals {
			switch x := v.(type) {
			case nil:
				cells = append(cells, "NULL")
			case []byte:
				cells = append(cells, fmt.Sprintf("%q", x))
			case time.Time:
				cells = append(cells, x.UTC().Format(time.RFC3339Nano))
			default:
				cells = append(cells, fmt.Sprintf("%T:%v", x, x))
			}
		}
		line("  %s", strings.Join(cells, " | "))
	}
	if err := rows.Err(); err != nil {
		pgErr(label, err)
	}
}

func sqlExec(db interface {
	Exec(string, ...interface{}) (sql.Result, error)
}, label, q string, args ...interface{}) {
	r, err := db.Exec(q, args...)
	if err != nil {
		pgErr(label, err)
		return
	}
	n, _ := r.RowsAffected()
	line("%s ok %d", label, n)
}

func runPq(url string) {
	db, err := sql.Open("postgres", url)
	if err != nil {
		line("open ERROR %v", err)
		os.Exit(1)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	var v string
	if err := db.QueryRow(`SHOW server_version`).Scan(&v); err != nil {
		pgErr("connect", err)
		os.Exit(1)
	}
	line("server major %s", strings.Split(v, ".")[0])

	sqlExec(db, "create", `CREATE TABLE pq_items (id serial PRIMARY KEY, i int NOT NULL, b bigint,
		n numeric(14,3), t text UNIQUE, ok boolean, raw bytea, d date, ts timestamp,
		tz timestamptz, u uuid, ia int[], ta text[], j jsonb, f8 float8)`)
	st, err := db.Prepare(`INSERT INTO pq_items (i, b, n, t, ok, raw, d, ts, tz, u, ia, ta, j, f8)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`)
	if err != nil {
		pgErr("prepare insert", err)
	} else {
		utc := time.UTC
		for k := 1; k <= 3; k++ {
			var id int
			var args []interface{}
			if k == 3 {
				args = []interface{}{k, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil}
			} else {
				args = []interface{}{k, int64(k) * 5000000000, fmt.Sprintf("%d.125", k), fmt.Sprintf("pq %d", k),
					k == 1, []byte{0, byte(k), 255, '\\'}, time.Date(2024, 2, 28+k, 0, 0, 0, 0, utc),
					date("2024-01-02 03:04:05.25"), time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600)),
					"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1" + fmt.Sprint(k), pq.Array([]int64{int64(k), 2}),
					pq.Array([]string{"a b", `c"d`, "e,f"}), `{"k": [1, "x"]}`, float64(k) / 3}
			}
			err := st.QueryRow(args...).Scan(&id)
			pgErr(fmt.Sprintf("insert %d id=%d", k, id), err)
		}
		st.Close()
	}
	rows, err := db.Query(`SELECT * FROM pq_items WHERE i <= $1 ORDER BY id`, 10)
	dumpSQL("select", rows, err)
	{
		var ia pq.Int64Array
		var ta pq.StringArray
		var raw []byte
		var ok sql.NullBool
		var d time.Time
		var n sql.NullString
		err := db.QueryRow(`SELECT ia, ta, raw, ok, d, n FROM pq_items WHERE i = $1`, 1).Scan(&ia, &ta, &raw, &ok, &d, &n)
		if err != nil {
			pgErr("scan", err)
		} else {
			line("scan %v %q %x %v %s %v", ia, ta, raw, ok, d.Format("2006-01-02"), n)
		}
	}

	// Transactions.
	tx, err := db.Begin()
	if err == nil {
		sqlExec(tx, "tx insert", `INSERT INTO pq_items (i, t) VALUES ($1, $2)`, 10, "rolled back")
		pgErr("tx rollback", tx.Rollback())
	}
	tx, err = db.Begin()
	if err == nil {
		sqlExec(tx, "tx insert", `INSERT INTO pq_items (i, t) VALUES ($1, $2)`, 11, "committed")
		sqlExec(tx, "tx error", `INSERT INTO pq_items (i, t) VALUES ($1, $2)`, 12, "pq 1")
		sqlExec(tx, "tx aborted", `SELECT 1`)
		pgErr("tx commit", tx.Commit())
	}
	tx, err = db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable, ReadOnly: true})
	if err != nil {
		pgErr("tx serializable", err)
	} else {
		rows, err := tx.Query(`SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only')`)
		dumpSQL("tx settings", rows, err)
		sqlExec(tx, "tx read only write", `INSERT INTO pq_items (i) VALUES (99)`)
		pgErr("tx ro rollback", tx.Rollback())
	}
	rows, err = db.Query(`SELECT i, t FROM pq_items WHERE i >= 10 ORDER BY i`)
	dumpSQL("after tx", rows, err)

	// Errors.
	sqlExec(db, "err unique", `INSERT INTO pq_items (i, t) VALUES (20, 'pq 2')`)
	sqlExec(db, "err param", `SELECT $1::int`, "x1")
	sqlExec(db, "err syntax", `SELECT FROM WHERE`)
	sqlExec(db, "err table", `SELECT * FROM pq_missing WHERE a = $1`, 1)

	// COPY FROM STDIN (text format) through pq.CopyIn.
	sqlExec(db, "create copy", `CREATE TABLE pq_copy (id int, name text, at timestamptz, data bytea, n numeric)`)
	tx, err = db.Begin()
	if err == nil {
		st, err := tx.Prepare(pq.CopyIn("pq_copy", "id", "name", "at", "data", "n"))
		if err != nil {
			pgErr("copy prepare", err)
			tx.Rollback()
		} else {
			for k := 0; k < 200; k++ {
				var name interface{} = fmt.Sprintf("n\\%d\t%d\n", k, k)
				if k%5 == 0 {
					name = nil
				}
				if _, err := st.Exec(k, name, time.Date(2024, 1, 1, k%24, 0, 0, 0, time.UTC), []byte{byte(k)}, fmt.Sprintf("%d.5", k)); err != nil {
					pgErr("copy row", err)
					break
				}
			}
			_, err = st.Exec()
			pgErr("copy end", err)
			pgErr("copy close", st.Close())
			pgErr("copy commit", tx.Commit())
		}
	}
	rows, err = db.Query(`SELECT count(*), count(name), sum(n), max(at), sum(get_byte(data, 0)), max(name) FROM pq_copy`)
	dumpSQL("copy check", rows, err)

	// A query cancelled by its context: lib/pq sends a CancelRequest and reads the error.
	{
		tctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		start := time.Now()
		_, err := db.ExecContext(tctx, `SELECT pg_sleep(10)`)
		cancel()
		pgErr(fmt.Sprintf("cancel fast=%v", time.Since(start) < 5*time.Second), err)
		rows, err := db.Query(`SELECT 1 AS after_cancel`)
		dumpSQL("after cancel", rows, err)
	}

	// LISTEN / NOTIFY through pq.Listener.
	l := pq.NewListener(url, time.Second, time.Second, nil)
	if err := l.Listen("pq_chan"); err != nil {
		pgErr("listen", err)
	} else {
		sqlExec(db, "notify", `SELECT pg_notify('pq_chan', 'payload')`)
		select {
		case nt := <-l.Notify:
			if nt != nil {
				line("notification %s %s", nt.Channel, nt.Extra)
			}
		case <-time.After(5 * time.Second):
			line("notification timeout")
		}
	}
	l.Close()
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go_client pgx|pq URL")
		os.Exit(2)
	}
	switch os.Args[1] {
	case "pgx":
		runPgx(os.Args[2])
	case "pq":
		runPq(os.Args[2])
	}
}
