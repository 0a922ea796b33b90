<?php
// php_client.php — PHP's PDO pgsql (Debian's php-cli and php-pgsql) running
// a workload that prints every result as text lines, so
// tests/cluster/test_php.py can run it against ShardForge and against
// PostgreSQL 15 and compare the outputs.
//   php php_client.php HOST PORT DBNAME
// PDO pgsql prepares server-side (named statements via libpq's PQprepare,
// with ATTR_EMULATE_PREPARES off) and binds parameters as text (LOBs as
// binary bytea); covered: prepare/execute with ? and :name placeholders,
// bindValue with PDO types, fetch modes, column metadata (getColumnMeta),
// NULLs, bytea streams, transactions and savepoints, errors with their
// SQLSTATE (PDOException errorInfo), lastInsertId, pgsqlCopyFromArray /
// pgsqlCopyToArray, and the native pgsql extension's pg_query_params.
// A line at column 0 starts a section; indented lines are its rows.
[, $host, $port, $db] = $argv;
$dsn = "pgsql:host=$host;port=$port;dbname=$db;connect_timeout=10";
$h = new PDO($dsn, 'shardforge', '', [
    PDO::ATTR_ERRMODE => PDO::ERRMODE_EXCEPTION,
    PDO::ATTR_EMULATE_PREPARES => false,
    PDO::ATTR_STRINGIFY_FETCHES => false,
]);

function cell($v)
{
    if ($v === null)
        return 'NULL';
    if (is_resource($v))
        $v = stream_get_contents($v);
    if (is_string($v))
        return 'string:' . addcslashes($v, "\0..\37\\\177..\377");
    return gettype($v) . ':' . var_export($v, true);
}

function err($label, $e)
{
    $msg = explode("\n", $e->errorInfo[2] ?? $e->getMessage())[0];
    $msg = preg_replace('/^ERROR:\s+/', '', $msg);
    echo "$label ERROR {$e->errorInfo[0]} $msg\n";
}

function dump($label, $s)
{
    $cols = [];
    for ($i = 0; $i < $s->columnCount(); $i++) {
        $m = $s->getColumnMeta($i);
        $cols[] = " {$m['name']}:{$m['native_type']}:{$m['pdo_type']}";
    }
    echo "$label |" . implode('', $cols) . " rows {$s->rowCount()}\n";
    while (($r = $s->fetch(PDO::FETCH_NUM)) !== false)
        echo '  ' . implode(' | ', array_map('cell', $r)) . "\n";
}

function q($h, $label, $sql, $args = [])
{
    try {
        $s = $h->prepare($sql);
        $s->execute($args);
        dump($label, $s);
    } catch (PDOException $e) {
        err($label, $e);
    }
}

$v = $h->query('SHOW server_version')->fetchColumn();
echo 'server major ' . explode('.', $v)[0] . "\n";

q($h, 'create', 'CREATE TABLE ph_items (id serial PRIMARY KEY, i int NOT NULL, b bigint,
   n numeric(10,2), t text UNIQUE, ok boolean, raw bytea, d date, ts timestamp, f float8, j jsonb)');
$ins = $h->prepare('INSERT INTO ph_items (i, b, n, t, ok, raw, d, ts, f, j)
                    VALUES (:i, :b, :n, :t, :ok, :raw, :d, :ts, :f, :j)');
foreach ([1, 2, 3] as $k) {
    try {
        $ins->bindValue(':i', $k, PDO::PARAM_INT);
        $ins->bindValue(':b', $k == 3 ? null : 5000000000 * $k, $k == 3 ? PDO::PARAM_NULL : PDO::PARAM_INT);
        $ins->bindValue(':n', $k == 3 ? null : "$k.5");
        $ins->bindValue(':t', $k == 3 ? null : "php $k");
        $ins->bindValue(':ok', $k == 1, PDO::PARAM_BOOL);
        $ins->bindValue(':raw', $k == 3 ? null : "r\0a\xffw$k", $k == 3 ? PDO::PARAM_NULL : PDO::PARAM_LOB);
        $ins->bindValue(':d', $k == 3 ? null : "2024-03-0$k");
        $ins->bindValue(':ts', $k == 3 ? null : "2024-03-0$k 12:00:00.25");
        $ins->bindValue(':f', $k / 8);
        $ins->bindValue(':j', $k == 3 ? null : json_encode(['k' => $k, 'a' => [1, 'x']]));
        $ins->execute();
        echo "insert $k rows {$ins->rowCount()} id {$h->lastInsertId('ph_items_id_seq')}\n";
    } catch (PDOException $e) {
        err("insert $k", $e);
    }
}
q($h, 'select', 'SELECT * FROM ph_items ORDER BY id');
q($h, 'select positional', 'SELECT id, t FROM ph_items WHERE i >= ? AND t LIKE ? ORDER BY id', [2, 'php%']);
q($h, 'expressions', 'SELECT ?::int + 1 AS a, ? || \'x\' AS b, ?::numeric * 2 AS c, ?::date + 1 AS d', [41, 'a', '1.25', '2024-12-31']);
{
    $s = $h->prepare('SELECT t, raw FROM ph_items WHERE i = ?');
    foreach ([1, 2, 5] as $k) {
        $s->execute([$k]);
        $r = $s->fetch(PDO::FETCH_ASSOC);
        echo "assoc $k " . ($r === false ? 'none' : implode(', ', array_map(fn($c, $x) => "$c=" . cell($x), array_keys($r), $r))) . "\n";
    }
    $s->execute([1]);
    $s->bindColumn(2, $raw, PDO::PARAM_LOB);
    $s->fetch(PDO::FETCH_BOUND);
    echo 'bytea roundtrip ' . ((is_resource($raw) ? stream_get_contents($raw) : $raw) === "r\0a\xffw1" ? 'same' : 'differs') . "\n";
}
$h->exec("INSERT INTO ph_items (i, t) VALUES (7, 'lastval')");
echo 'lastInsertId ' . $h->lastInsertId() . "\n";
$s = $h->query('SELECT i, t FROM ph_items WHERE i = 7');
$m = $s->getColumnMeta(1);
echo "column meta table={$m['table']} native={$m['native_type']} len={$m['len']} precision={$m['precision']}\n";
$h->exec('DELETE FROM ph_items WHERE i = 7');
$s = $h->query('SELECT i, t FROM ph_items ORDER BY i');
echo 'fetchAll ' . json_encode($s->fetchAll(PDO::FETCH_KEY_PAIR)) . "\n";

// Transactions.
$h->beginTransaction();
q($h, 'tx insert', 'INSERT INTO ph_items (i, t) VALUES (?, ?)', [10, 'rolled back']);
$h->rollBack();
$h->beginTransaction();
q($h, 'tx insert', 'INSERT INTO ph_items (i, t) VALUES (?, ?)', [11, 'committed']);
$h->exec('SAVEPOINT s1');
q($h, 'tx dup', 'INSERT INTO ph_items (i, t) VALUES (?, ?)', [12, 'php 1']);
q($h, 'tx aborted', 'SELECT 1');
$h->exec('ROLLBACK TO SAVEPOINT s1');
echo 'in transaction ' . var_export($h->inTransaction(), true) . "\n";
$h->commit();
$h->beginTransaction();
q($h, 'tx error', 'SELECT 1/0');
try {
    $h->commit();
    echo "commit after error ok\n";
} catch (PDOException $e) {
    err('commit after error', $e);
}
echo 'in transaction ' . var_export($h->inTransaction(), true) . "\n";
q($h, 'after tx', 'SELECT i, t FROM ph_items WHERE i >= 10 ORDER BY i');

// Errors.
q($h, 'err unique', 'INSERT INTO ph_items (i, t) VALUES (?, ?)', [20, 'php 2']);
q($h, 'err not null', 'INSERT INTO ph_items (i) VALUES (?)', [null]);
q($h, 'err syntax', 'SELEC 1');
q($h, 'err table', 'SELECT * FROM ph_missing');
q($h, 'err param', 'SELECT ?::int', ['abc']);
q($h, 'err numeric', 'INSERT INTO ph_items (i, n) VALUES (30, ?)', ['123456789']);
try {
    $h->exec('SELECT 1/0');
} catch (PDOException $e) {
    err('err exec', $e);
}

// COPY through PDO.
q($h, 'create copy', 'CREATE TABLE ph_copy (id int, name text, amount numeric(8,2))');
$rows = [];
for ($k = 1; $k <= 50; $k++)
    $rows[] = $k . "\t" . ($k % 10 == 0 ? '\N' : "name $k") . "\t" . ($k * 2.5);
try {
    echo 'copy from ' . var_export($h->pgsqlCopyFromArray('ph_copy', $rows), true) . "\n";
} catch (PDOException $e) {
    err('copy from', $e);
}
q($h, 'copy check', 'SELECT count(*), count(name), sum(amount) FROM ph_copy');
try {
    $out = $h->pgsqlCopyToArray('ph_copy', "\t", '\\\\N', 'id, name');
    echo 'copy to ' . count($out) . ' ' . addcslashes(implode('', array_slice($out, 8, 3)), "\0..\37\\") . "\n";
} catch (PDOException $e) {
    err('copy to', $e);
}

// The native pgsql extension.
$c = pg_connect("host=$host port=$port dbname=$db user=shardforge connect_timeout=10");
$r = pg_query_params($c, 'SELECT i, t, raw, ok FROM ph_items WHERE i <= $1 ORDER BY i', [2]);
echo 'pg_query_params ' . pg_num_rows($r) . ' ' . pg_field_type($r, 2) . "\n";
while ($row = pg_fetch_row($r))
    echo '  ' . implode(' | ', array_map('cell', $row)) . "\n";
echo 'pg_unescape_bytea ' . bin2hex(pg_unescape_bytea(pg_fetch_result(pg_query($c, "SELECT raw FROM ph_items WHERE i = 1"), 0, 0))) . "\n";
$r = @pg_query_params($c, 'SELECT 1/$1::int', [0]);
echo 'pg error ' . ($r === false ? trim(pg_last_error($c)) : 'none') . "\n";
echo 'pg_prepare ' . var_export(pg_prepare($c, 'ph_st', 'SELECT $1::int * 2') !== false, true) . "\n";
echo 'pg_execute ' . pg_fetch_result(pg_execute($c, 'ph_st', [21]), 0, 0) . "\n";
$meta = pg_meta_data($c, 'ph_items');
echo 'pg_meta_data ' . ($meta === false ? 'false' : '') . "\n";
foreach ($meta ?: [] as $col => $m)
    echo "  $col num={$m['num']} type={$m['type']} len={$m['len']} not_null=" . var_export($m['not null'], true)
        . ' has_default=' . var_export($m['has default'], true) . "\n";
$ok = pg_insert($c, 'ph_items', ['i' => 60, 't' => 'pg_insert', 'ok' => 't', 'n' => '7.25']);
echo 'pg_insert ' . ($ok === false ? 'false ' . trim(pg_last_error($c)) : 'ok') . "\n";
$sel = pg_select($c, 'ph_items', ['i' => 60]);
echo 'pg_select ' . ($sel === false ? 'false' : json_encode(array_map(fn($r) => [$r['t'], $r['n'], $r['ok']], $sel))) . "\n";
echo 'pg_update ' . var_export(pg_update($c, 'ph_items', ['t' => 'pg_update'], ['i' => 60]), true) . "\n";
echo 'pg_delete ' . var_export(pg_delete($c, 'ph_items', ['i' => 60]), true) . "\n";
pg_close($c);
