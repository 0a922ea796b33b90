// node_client.js — node-pg (the npm package pg, installed into
// tests/tools/node by scripts/install-deps.sh) running a workload that prints
// every result as text lines, so tests/cluster/test_node_pg.py can run it
// against ShardForge and against PostgreSQL 15 and compare the outputs.
//   TZ=UTC node node_client.js HOST PORT DBNAME
// node-pg uses the extended protocol (unnamed or named statements, text
// parameters) for parameterised queries and the simple protocol otherwise;
// results are text and parsed by pg-types (its binary: true mode misparses
// most binary values in pg 8.13, against PostgreSQL too, so it is not used).
// A line at column 0 starts a section; indented lines are its rows.
'use strict';
const path = require('path');
const pg = require(path.join(__dirname, 'node', 'node_modules', 'pg'));

const [host, port, database] = process.argv.slice(2);
const config = { host, port: Number(port), database, user: 'shardforge',
                 connectionTimeoutMillis: 10000 };
const out = [];
const line = (s) => (process.env.NODE_CLIENT_TRACE ? console.log(s) : out.push(s));

function show(v) {
  if (v === null || v === undefined) return 'NULL';
  if (Buffer.isBuffer(v)) return '\\x' + v.toString('hex');
  if (v instanceof Date) return isNaN(v) ? 'Invalid Date' : v.toISOString();
  if (Array.isArray(v)) return '[' + v.map(show).join(', ') + ']';
  if (typeof v === 'object') return JSON.stringify(v);
  return typeof v + ':' + JSON.stringify(v);
}

function dump(label, res) {
  line(label + ' | ' + res.command + ' ' + res.rowCount + ' |' +
       res.fields.map((f) => ' ' + f.name + ':' + f.dataTypeID + '/' + f.format).join(''));
  for (const row of res.rows) {
    const cells = Array.isArray(row) ? row : res.fields.map((f) => row[f.name]);
    line('  ' + cells.map(show).join(' | '));
  }
}

function error(label, e) {
  line(label + ' ERROR ' + e.code + ' ' + e.message);
  if (e.detail || e.constraint || e.table || e.column)
    line('  detail=' + JSON.stringify(e.detail) + ' constraint=' + JSON.stringify(e.constraint) +
         ' table=' + JSON.stringify(e.table) + ' column=' + JSON.stringify(e.column));
}

async function q(c, label, query, values) {
  try {
    dump(label, await c.query(query, values));
  } catch (e) {
    error(label, e);
  }
}

async function run() {
  const c = new pg.Client(config);
  await c.connect();
  const v = await c.query('SHOW server_version');
  line('server major ' + v.rows[0].server_version.split('.')[0]);

  await q(c, 'create', `CREATE TABLE nd_items (id serial PRIMARY KEY, i int NOT NULL, b bigint,
    n numeric(12,2), t text UNIQUE, ok boolean, raw bytea, d date, ts timestamp, tz timestamptz,
    u uuid, ia int[], ta text[], j jsonb, f float8, iv interval)`);
  const ins = `INSERT INTO nd_items (i, b, n, t, ok, raw, d, ts, tz, u, ia, ta, j, f, iv)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id, t`;
  await q(c, 'insert 1', ins, [1, '9000000000', '12.5', 'one', true, Buffer.from([0, 1, 255]),
    '2024-02-29', '2024-01-02 03:04:05.678', new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 500)),
    'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', [1, 2, 3], ['a', 'b c', 'q"uote', null],
    { k: [1, 'x'], n: null }, 1.25, '1 day 02:03:04']);
  await q(c, 'insert 2', ins, [2, -5, 0.1, "it's", false, Buffer.alloc(0), '1999-12-31',
    '1970-01-01', '2000-01-01 00:00:00+05', null, [], [], JSON.stringify([1, 2]), -0.5, '-3 months']);
  await q(c, 'insert nulls', ins, [3, null, null, null, null, null, null, null, null, null, null,
    null, null, null, null]);
  await q(c, 'select', 'SELECT * FROM nd_items ORDER BY id');
  await q(c, 'select params', 'SELECT id, t FROM nd_items WHERE i >= $1 AND (t LIKE $2 OR $2 IS NULL) ORDER BY id',
    [2, null]);
  await q(c, 'select array mode', { text: 'SELECT i, n, ia FROM nd_items WHERE id < $1 ORDER BY id',
    values: [3], rowMode: 'array' });
  await q(c, 'expressions', `SELECT $1::int + 1 AS a, $2 || 'x' AS b, $3::numeric * 2 AS c,
    $4::date + 1 AS d, $5::bool AS e, $6::bytea AS f, $7::text[] AS g, $8::int8 AS h`,
    [41, 'a', '1.25', '2024-12-31', 'yes', Buffer.from('hi'), ['p', 'q'], '12345678901234']);
  try {
    const rs = await c.query('SELECT 1 AS x; SELECT 2 AS y, 3 AS z');
    rs.forEach((r, k) => dump('multi statement ' + k, r));
  } catch (e) {
    error('multi statement', e);
  }

  // Named prepared statements: parsed once, run many times.
  for (let k = 1; k <= 3; k++)
    await q(c, 'named ' + k, { name: 'nd_by_i', text: 'SELECT id, t, n FROM nd_items WHERE i = $1',
      values: [k] });
  await q(c, 'named other types', { name: 'nd_types', text: 'SELECT $1::timestamptz AS a, $2::interval AS b, $3::uuid AS c',
    values: [new Date(Date.UTC(2020, 1, 29, 12)), '1 year 2 days', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11'] });

  // Transactions.
  await c.query('BEGIN');
  await q(c, 'tx insert', 'INSERT INTO nd_items (i, t) VALUES ($1, $2)', [10, 'rolled back']);
  await c.query('ROLLBACK');
  await c.query('BEGIN');
  await q(c, 'tx insert', 'INSERT INTO nd_items (i, t) VALUES ($1, $2)', [11, 'committed']);
  await c.query('SAVEPOINT s1');
  await q(c, 'tx sp error', 'INSERT INTO nd_items (i, t) VALUES ($1, $2)', [12, 'one']);
  await q(c, 'tx aborted', 'SELECT 1');
  await c.query('ROLLBACK TO SAVEPOINT s1');
  await q(c, 'tx commit', 'COMMIT');
  await c.query('BEGIN');
  await q(c, 'tx error', 'SELECT 1/0');
  await q(c, 'tx commit aborted', 'COMMIT');
  await q(c, 'after tx', 'SELECT i, t FROM nd_items WHERE i >= 10 ORDER BY i');

  // Errors.
  await q(c, 'err unique', 'INSERT INTO nd_items (i, t) VALUES ($1, $2)', [20, 'one']);
  await q(c, 'err not null', 'INSERT INTO nd_items (i) VALUES ($1)', [null]);
  await q(c, 'err syntax', 'SELEC 1');
  await q(c, 'err table', 'SELECT * FROM nd_missing');
  await q(c, 'err param', 'SELECT $1::int', ['abc']);
  await q(c, 'err param count', 'SELECT $1::int, $2::int', [1]);
  await q(c, 'err named', { name: 'nd_bad', text: 'SELECT nope FROM nd_items', values: [] });
  await q(c, 'err numeric', 'INSERT INTO nd_items (i, n) VALUES (30, $1)', ['1e20']);
  await q(c, 'after errors', 'SELECT count(*) FROM nd_items');

  // Startup parameters: application_name, statement_timeout, options (-c).
  const cs = new pg.Client({ ...config, application_name: 'nd app', statement_timeout: 200,
                             options: '-c search_path=nd_schema,public -c DateStyle=German' });
  try {
    await cs.connect();
    await q(cs, 'startup settings', `SELECT current_setting('application_name') AS a,
      current_setting('statement_timeout') AS b, current_setting('search_path') AS c,
      current_setting('DateStyle') AS d, '2024-02-29'::date::text AS e`);
    await q(cs, 'statement timeout', 'SELECT pg_sleep(5)');
    await q(cs, 'after timeout', 'SELECT 1 AS one');
    await cs.end();
  } catch (e) {
    error('startup', e);
  }
  // A query cancelled from another connection (pg_cancel_backend) and by CancelRequest.
  const cc = new pg.Client(config);
  await cc.connect();
  const pid = (await cc.query('SELECT pg_backend_pid() AS p')).rows[0].p;
  const sleeping = cc.query('SELECT pg_sleep(5)').then(() => 'finished', (e) => e.code + ' ' + e.message);
  await new Promise((r) => setTimeout(r, 300));
  const cancelled = await c.query('SELECT pg_cancel_backend($1) AS ok', [pid]);
  line('pg_cancel_backend ' + cancelled.rows[0].ok + ' -> ' + (await sleeping));
  await q(cc, 'after cancel', 'SELECT 2 AS two');
  await cc.end();

  // LISTEN / NOTIFY.
  const notes = [];
  c.on('notification', (m) => notes.push(m.channel + ' ' + m.payload));
  await c.query('LISTEN nd_chan');
  const c2 = new pg.Client(config);
  await c2.connect();
  await q(c2, 'notify', "SELECT pg_notify('nd_chan', $1)", ['hello']);
  await q(c2, 'notify 2', "NOTIFY nd_chan, 'world'");
  await c2.end();
  for (let k = 0; k < 50 && notes.length < 2; k++) {
    await c.query('SELECT 1');
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const n of notes) line('notification ' + n);

  // A pool: concurrent queries on several connections.
  const pool = new pg.Pool({ ...config, max: 3 });
  const rs = await Promise.all([1, 2, 3, 4, 5].map((k) =>
    pool.query('SELECT $1::int * 10 AS v, pg_sleep(0.01)::text AS s', [k])));
  line('pool ' + rs.map((r) => r.rows[0].v).join(' '));
  await pool.end();
  await c.end();
}

run().catch((e) => {
  line('FATAL ' + (e.code || '') + ' ' + e.stack);
  process.exitCode = 1;
}).finally(() => {
  // exit even when a failure left connections open
  process.stdout.write(out.join('\n') + '\n', () => process.exit());
});
