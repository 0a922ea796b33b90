-- index_inlist: IN lists and = ANY (array) on index key columns become one
-- key span per distinct value (sorted, duplicates and NULLs dropped).
SET enable_seqscan = off;
SET enable_bitmapscan = off;

CREATE TABLE il_t (id int PRIMARY KEY, a int, b int, s text, big bigint);
INSERT INTO il_t SELECT g, g % 20, g % 7, 's' || g, g * 1000000000::bigint
  FROM generate_series(1, 500) g;
CREATE INDEX il_a ON il_t (a);
CREATE INDEX il_ab ON il_t (b, a DESC);
CREATE INDEX il_s ON il_t (s);

-- primary key
EXPLAIN (COSTS OFF) SELECT * FROM il_t WHERE id IN (9, 1, 5);
SELECT * FROM il_t WHERE id IN (9, 1, 5) ORDER BY id;
SELECT id FROM il_t WHERE id IN (9, 1, 5, 1, 9, NULL, 1000) ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id FROM il_t WHERE id = ANY (ARRAY[3, 2, 1]);
SELECT id FROM il_t WHERE id = ANY (ARRAY[3, 2, 1]) ORDER BY id;
SELECT id FROM il_t WHERE id = ANY ('{7,NULL,7,8}') ORDER BY id;
SELECT id FROM il_t WHERE id = ANY ('{}'::int[]) ORDER BY id;
SELECT id FROM il_t WHERE id = ANY (NULL::int[]) ORDER BY id;
SELECT id FROM il_t WHERE id IN (1, 2, 3) AND b = 2 ORDER BY id;
SELECT id FROM il_t WHERE 4 = id OR id = 6 ORDER BY id;
-- integer family values
SELECT id FROM il_t WHERE id IN (1::bigint, 5000000000, 3::smallint) ORDER BY id;
SELECT id FROM il_t WHERE id = ANY ('{2,4,9999999999}'::bigint[]) ORDER BY id;
-- secondary indexes, the first column of a multi-column index
EXPLAIN (COSTS OFF) SELECT id FROM il_t WHERE a IN (3, 17);
SELECT id FROM il_t WHERE a IN (3, 17) ORDER BY id;
SELECT count(*) FROM il_t WHERE a IN (3, 17, 3, 99);
EXPLAIN (COSTS OFF) SELECT id FROM il_t WHERE b IN (1, 6) AND id < 30;
SELECT id FROM il_t WHERE b IN (1, 6) AND id < 30 ORDER BY id;
SELECT id, a, b FROM il_t WHERE b = 3 AND a IN (5, 10, 12) ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id FROM il_t WHERE s IN ('s10', 's200', 'zz');
SELECT id FROM il_t WHERE s IN ('s10', 's200', 'zz') ORDER BY id;
SELECT id FROM il_t WHERE s = ANY (ARRAY['s7', 's8', NULL]) ORDER BY id;
-- NOT IN and <> ALL stay filters
SELECT count(*) FROM il_t WHERE id NOT IN (1, 2, 3);
SELECT count(*) FROM il_t WHERE id <> ALL (ARRAY[1, 2, 3]);
-- ORDER BY and LIMIT over IN list spans
SELECT id FROM il_t WHERE id IN (50, 10, 30, 20, 40) ORDER BY id LIMIT 3;
SELECT id FROM il_t WHERE id IN (50, 10, 30, 20, 40) ORDER BY id DESC LIMIT 3;
SELECT a, id FROM il_t WHERE a IN (4, 2) ORDER BY a, id LIMIT 5;
-- prepared statements with an array parameter and with list parameters
PREPARE il_p(int[]) AS SELECT id, a FROM il_t WHERE id = ANY ($1) ORDER BY id;
EXECUTE il_p('{5,3,5,NULL}');
EXECUTE il_p('{}');
EXECUTE il_p(NULL);
DEALLOCATE il_p;
PREPARE il_q(int, int) AS SELECT id FROM il_t WHERE a IN ($1, $2) ORDER BY id;
EXECUTE il_q(1, 19);
EXECUTE il_q(1, NULL);
DEALLOCATE il_q;
-- joins: the IN list with an index nested loop
CREATE TABLE il_k (k int);
INSERT INTO il_k VALUES (1), (2), (3);
SELECT il_k.k, il_t.id FROM il_k JOIN il_t ON il_t.a = il_k.k AND il_t.id IN (1, 2, 3, 21, 22)
  ORDER BY 1, 2;
SELECT k, (SELECT count(*) FROM il_t WHERE id IN (k, k + 1, k * 100)) FROM il_k ORDER BY k;
-- UPDATE and DELETE through an IN list
UPDATE il_t SET b = -1 WHERE id IN (7, 8, 9) RETURNING id, b;
SELECT id FROM il_t WHERE b = -1 ORDER BY id;
DELETE FROM il_t WHERE id = ANY ('{7,8}') RETURNING id;
SELECT count(*) FROM il_t;
DROP TABLE il_t, il_k;
