-- partial_index: CREATE [UNIQUE] INDEX ... WHERE pred: maintenance, uniqueness
-- among the rows the predicate accepts, ON CONFLICT inference, catalog
-- output, and the planner's use only when the query implies the predicate.
SET enable_seqscan = off;
SET enable_bitmapscan = off;

CREATE TABLE pi_t (id int PRIMARY KEY, a int, b int, s text);
INSERT INTO pi_t SELECT g, g % 10, CASE WHEN g % 3 = 0 THEN NULL ELSE g % 7 - 3 END, 's' || g
  FROM generate_series(1, 200) g;
CREATE INDEX pi_a_pos ON pi_t (a) WHERE b > 0;
CREATE INDEX ON pi_t (s) WHERE b IS NOT NULL AND a < 5;
\d pi_t
\di pi_*
SELECT indexrelid::regclass, pg_get_indexdef(indexrelid), pg_get_expr(indpred, indrelid),
       pg_get_expr(indpred, indrelid, true)
  FROM pg_index WHERE indrelid = 'pi_t'::regclass ORDER BY 1;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'pi_t' ORDER BY 1;
SELECT pg_get_indexdef(oid, 0, true) FROM pg_class WHERE relname = 'pi_a_pos';

-- the planner: used only when WHERE implies the predicate
EXPLAIN (COSTS OFF) SELECT id FROM pi_t WHERE a = 3 AND b > 0;
SELECT id FROM pi_t WHERE a = 3 AND b > 0 ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id FROM pi_t WHERE a = 3 AND b > 1;
SELECT id FROM pi_t WHERE a = 3 AND b > 1 ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id FROM pi_t WHERE a = 3 AND b >= 2;
SELECT id FROM pi_t WHERE a = 3 AND b >= 2 ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id FROM pi_t WHERE a = 3 AND b = 3;
SELECT id FROM pi_t WHERE a = 3 AND b = 3 ORDER BY id;
-- not implied: a full scan with a filter
EXPLAIN (COSTS OFF) SELECT id FROM pi_t WHERE a = 3;
SELECT id FROM pi_t WHERE a = 3 ORDER BY id;
SELECT id FROM pi_t WHERE a = 3 AND b >= 0 ORDER BY id;
SELECT id FROM pi_t WHERE a = 3 AND b > -1 ORDER BY id;
-- IS NOT NULL implied by a comparison
EXPLAIN (COSTS OFF) SELECT id FROM pi_t WHERE s = 's1' AND b = 1 AND a < 5;
SELECT id FROM pi_t WHERE s = 's1' AND b = 1 AND a < 5;
SELECT id FROM pi_t WHERE s = 's1' AND a < 5;
SELECT id FROM pi_t WHERE s > 's19' AND b < 2 AND a < 3 ORDER BY id;

-- maintenance: INSERT, UPDATE in and out of the predicate, DELETE
INSERT INTO pi_t VALUES (1001, 3, 5, 'x'), (1002, 3, -5, 'y'), (1003, 3, NULL, 'z');
SELECT id FROM pi_t WHERE a = 3 AND b > 0 ORDER BY id;
UPDATE pi_t SET b = 7 WHERE id = 1002;
UPDATE pi_t SET b = -1 WHERE id = 1001;
UPDATE pi_t SET b = 1 WHERE id = 1003;
SELECT id, b FROM pi_t WHERE a = 3 AND b > 0 ORDER BY id;
UPDATE pi_t SET a = 4 WHERE id = 1002;
SELECT id FROM pi_t WHERE a = 3 AND b > 0 AND id > 1000 ORDER BY id;
SELECT id FROM pi_t WHERE a = 4 AND b > 0 AND id > 1000 ORDER BY id;
UPDATE pi_t SET id = 1012 WHERE id = 1002;
SELECT id FROM pi_t WHERE a = 4 AND b > 0 AND id > 1000 ORDER BY id;
DELETE FROM pi_t WHERE id IN (1003, 1012);
SELECT id FROM pi_t WHERE a IN (3, 4) AND b > 0 AND id > 1000 ORDER BY id;
SELECT count(*) FROM pi_t WHERE a = 3 AND b > 0;
SELECT count(*) FROM pi_t WHERE a = 3 AND b + 0 > 0;
BEGIN;
UPDATE pi_t SET b = -b WHERE a = 3;
SELECT count(*) FROM pi_t WHERE a = 3 AND b > 0;
SELECT count(*) FROM pi_t WHERE a = 3 AND b + 0 > 0;
ROLLBACK;
SELECT count(*) FROM pi_t WHERE a = 3 AND b > 0;

-- unique partial indexes: uniqueness among the rows the predicate accepts
CREATE TABLE pi_u (id int PRIMARY KEY, email text, active bool, n int);
INSERT INTO pi_u VALUES (1, 'a@x', true, 1), (2, 'a@x', false, 2), (3, 'a@x', false, 3),
  (4, 'b@x', true, 4);
CREATE UNIQUE INDEX pi_u_email ON pi_u (email) WHERE active;
\d pi_u
INSERT INTO pi_u VALUES (5, 'a@x', false, 5);
INSERT INTO pi_u VALUES (6, 'a@x', true, 6);
UPDATE pi_u SET active = true WHERE id = 2;
UPDATE pi_u SET active = false WHERE id = 1;
UPDATE pi_u SET active = true WHERE id = 2;
SELECT * FROM pi_u ORDER BY id;
EXPLAIN (COSTS OFF) SELECT id FROM pi_u WHERE email = 'a@x' AND active;
SELECT id FROM pi_u WHERE email = 'a@x' AND active;
-- a duplicate among the accepted rows fails the build
CREATE UNIQUE INDEX pi_u_bad ON pi_u (email) WHERE n > 1;
CREATE UNIQUE INDEX pi_u_n ON pi_u (email) WHERE n > 4;
INSERT INTO pi_u VALUES (7, 'a@x', false, 7);
INSERT INTO pi_u VALUES (8, 'a@x', false, 4);

-- ON CONFLICT: the target's WHERE must imply the predicate
INSERT INTO pi_u VALUES (9, 'b@x', true, 0) ON CONFLICT (email) DO NOTHING;
INSERT INTO pi_u VALUES (9, 'b@x', true, 0) ON CONFLICT (email) WHERE n > 0 DO NOTHING;
INSERT INTO pi_u VALUES (9, 'b@x', true, 0) ON CONFLICT (email) WHERE active DO NOTHING;
INSERT INTO pi_u VALUES (9, 'b@x', true, 0) ON CONFLICT (email) WHERE active
  DO UPDATE SET n = pi_u.n + 100 RETURNING *;
INSERT INTO pi_u VALUES (10, 'c@x', true, 0) ON CONFLICT (email) WHERE active
  DO UPDATE SET n = pi_u.n + 100 RETURNING *;
INSERT INTO pi_u VALUES (11, 'c@x', false, 0) ON CONFLICT (email) WHERE active
  DO UPDATE SET n = pi_u.n + 100 RETURNING *;
INSERT INTO pi_u VALUES (12, 'b@x', true, 0) ON CONFLICT DO NOTHING;
INSERT INTO pi_u VALUES (12, 'z@x', true, 0) ON CONFLICT DO NOTHING;
INSERT INTO pi_u VALUES (13, 'z@x', true, 0) ON CONFLICT ON CONSTRAINT pi_u_email DO NOTHING;
SELECT * FROM pi_u ORDER BY id;

-- COPY and TRUNCATE
CREATE TABLE pi_c (k int, v text);
CREATE UNIQUE INDEX pi_c_k ON pi_c (k) WHERE v <> 'dup';
COPY pi_c FROM stdin;
1	one
1	dup
2	two
2	dup
\.
COPY pi_c FROM stdin;
1	again
\.
SELECT * FROM pi_c WHERE k = 1 AND v <> 'dup';
SELECT * FROM pi_c ORDER BY k, v;
TRUNCATE pi_c;
INSERT INTO pi_c VALUES (1, 'again');
SELECT * FROM pi_c WHERE k = 1 AND v <> 'dup';

-- CREATE TABLE LIKE ... INCLUDING INDEXES keeps the predicate
CREATE TABLE pi_like (LIKE pi_u INCLUDING INDEXES);
\d pi_like

-- DROP COLUMN drops an index whose predicate reads the column
CREATE TABLE pi_d (id int PRIMARY KEY, a int, b int);
CREATE INDEX pi_d_a ON pi_d (a) WHERE b > 0;
ALTER TABLE pi_d DROP COLUMN b;
\d pi_d

-- errors
CREATE INDEX ON pi_t (a) WHERE nosuch > 0;
CREATE INDEX ON pi_t (a) WHERE random() > 0.5;
CREATE INDEX ON pi_t (a) WHERE b > 0 AND s < 'x' OR a IS NULL;
\d pi_t
-- a foreign key cannot reference a partial unique index
CREATE TABLE pi_fk (email text REFERENCES pi_u (email));

DROP TABLE pi_t, pi_u, pi_c, pi_like, pi_d;
