-- Stored expressions (index expressions, CHECK, views) print with the casts
-- PostgreSQL's analysis adds: varchar and char(n) arguments of text
-- functions and of || become ::text, literals get their resolved type.
CREATE TABLE dc (v varchar(20), t text, n int, c char(3));
CREATE INDEX dc_a ON dc (lower(v));
CREATE INDEX dc_b ON dc ((v || 'x'));
CREATE INDEX dc_c ON dc (upper(c));
CREATE INDEX dc_d ON dc ((n + 1)) WHERE v LIKE 'a%';
CREATE INDEX dc_e ON dc (substr(v, 1, 2), (t || v));
CREATE INDEX dc_f ON dc (n, (n * 2), abs(n) DESC);
CREATE UNIQUE INDEX dc_g ON dc (lower(btrim(v)), length(c), length(v));
SELECT indexrelid::regclass, pg_get_indexdef(indexrelid)
  FROM pg_index WHERE indrelid = 'dc'::regclass ORDER BY 1;
SELECT pg_get_indexdef('dc_f'::regclass, 2, true), pg_get_indexdef('dc_b'::regclass, 1, false);
ALTER TABLE dc ADD CONSTRAINT ck CHECK (length(v) > 0 AND upper(v) <> 'X' AND v || 'a' <> c);
SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'ck';
CREATE VIEW dcv AS SELECT lower(v), v || t AS vt, c || 'x' AS cx, replace(v, 'a', t) AS r,
  lpad(v, 5, '*') AS p, md5(v) AS m FROM dc;
SELECT pg_get_viewdef('dcv'::regclass);
\d dc
-- the printed forms still work
INSERT INTO dc VALUES ('Ab', 'tt', 1, 'c');
INSERT INTO dc VALUES (' ab ', 'tt', 2, 'c');
SELECT * FROM dcv;
DROP TABLE dc CASCADE;
