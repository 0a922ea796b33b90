-- expr_index: CREATE [UNIQUE] INDEX on expressions: backfill, uniqueness, every write path, pg_get_indexdef.
CREATE TABLE ix (a int, b int, name text);
INSERT INTO ix VALUES (1, 2, 'Foo'), (2, 1, 'bar'), (3, 3, 'BAZ');
CREATE INDEX ix_sum ON ix ((a + b));
CREATE UNIQUE INDEX ix_sum_u ON ix ((a + b));
CREATE INDEX ON ix (lower(name));
CREATE INDEX ON ix ((a * 2), b);
CREATE UNIQUE INDEX ix_lower_u ON ix (lower(name));
SELECT a, b FROM ix WHERE a + b = 3 ORDER BY a;
-- INSERT / UPDATE / DELETE keep the unique expression index
INSERT INTO ix VALUES (4, 4, 'foo');
INSERT INTO ix VALUES (5, 4, 'qux');
UPDATE ix SET name = 'Bar' WHERE a = 5;
UPDATE ix SET name = 'Zed' WHERE a = 5;
DELETE FROM ix WHERE a = 1;
INSERT INTO ix VALUES (6, 6, 'foo');
SELECT * FROM ix WHERE lower(name) = 'foo' ORDER BY a;
SELECT * FROM ix WHERE lower(name) = 'zed' ORDER BY a;
-- ON CONFLICT and COPY
INSERT INTO ix VALUES (7, 7, 'ZED') ON CONFLICT DO NOTHING;
INSERT INTO ix VALUES (7, 7, 'ZED');
COPY ix FROM STDIN;
8	8	zed
\.
COPY ix FROM STDIN;
8	8	new
\.
SELECT * FROM ix ORDER BY a;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'ix' ORDER BY 1;
\d ix
-- errors
CREATE INDEX ix_bad ON ix ((random() + a));
CREATE INDEX ix_bad2 ON ix ((now()));
CREATE UNIQUE INDEX ix_b_u ON ix ((b * 0));
-- dropping
DROP INDEX ix_lower_u;
INSERT INTO ix VALUES (9, 9, 'FOO');
SELECT count(*) FROM ix WHERE lower(name) = 'foo';
DROP TABLE ix;
