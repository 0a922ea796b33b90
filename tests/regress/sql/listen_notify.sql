-- LISTEN / UNLISTEN / NOTIFY / pg_notify: the statements and their errors
-- (delivery between sessions: tests/cluster/test_listen_notify.py).
NOTIFY nobody_listens;
NOTIFY nobody_listens, 'payload';
SELECT pg_notify('nobody_listens', 'x'), pg_notify('nobody_listens', NULL);
SELECT pg_notify('', 'x');
SELECT pg_notify(NULL, 'x');
SELECT pg_notify(repeat('x', 64), 'x');
SELECT pg_notify(repeat('x', 63), repeat('y', 7999));
SELECT pg_notify('c', repeat('x', 8000));
NOTIFY "";
LISTEN a;
LISTEN b;
UNLISTEN a;
UNLISTEN *;
UNLISTEN never_listened;
NOTIFY a, 'not delivered: unlistened';
BEGIN;
LISTEN c;
ROLLBACK;
NOTIFY c, 'not delivered: the LISTEN rolled back';
BEGIN;
SAVEPOINT s;
LISTEN d;
ROLLBACK TO s;
COMMIT;
NOTIFY d, 'not delivered either';
DISCARD ALL;
