-- copy_more: COPY options (errors point at the option), HEADER MATCH,
-- FORCE_NOT_NULL / FORCE_NULL together, convert_selectively, COPY FROM ...
-- WHERE, COPY (INSERT/UPDATE/DELETE ... RETURNING) TO, COPY FREEZE checks,
-- server-side files, column-by-column conversion order.
CREATE TABLE cm (a int, b int, c text);
COPY cm FROM STDIN (format csv, FORMAT csv);
COPY cm FROM STDIN (delimiter ',', delimiter ',');
COPY cm FROM STDIN (convert_selectively (a), convert_selectively (b));
COPY cm FROM STDIN (encoding 'sql_ascii', encoding 'sql_ascii');
COPY cm FROM STDIN (encoding 'no_such_encoding');
COPY cm FROM STDIN (force_quote a);
COPY cm FROM STDIN (bogus 1);
COPY cm FROM STDIN (format 'foo');
COPY cm FROM STDIN (header wrong_choice);
COPY cm TO STDOUT (header match);
COPY (SELECT 1) TO STDOUT (format csv, header match);
COPY cm TO STDOUT (freeze);
-- HEADER MATCH
COPY cm FROM STDIN (header match);
a	b	c
1	2	one
\.
COPY cm (c, a, b) FROM STDIN (header match);
c	a	b
two	3	4
\.
COPY cm FROM STDIN (header match, format csv);
a,b,c
5,6,three
\.
COPY cm (c, b, a) FROM STDIN (header match);
a	b	c
1	2	x
\.
COPY cm FROM STDIN (header match);
a	b	\N
1	2	x
\.
COPY cm FROM STDIN (header match);
a	b
1	2
\.
COPY cm FROM STDIN (header match);
a	b	c	d
1	2	x	y
\.
SELECT * FROM cm ORDER BY a;
-- a bad value is reported before a missing field
COPY cm FROM STDIN;

\.
COPY cm FROM STDIN;
x	1
\.
COPY cm FROM STDIN;
7	8
\.
-- FORCE_NOT_NULL and FORCE_NULL on the same column
CREATE TABLE cf (a int, b text, c text, d text);
COPY cf FROM STDIN (format csv, force_not_null (c, d), force_null (c, d));
1,,,""
\.
COPY cf FROM STDIN (format csv, null 'NUL', force_not_null (b), force_null (c));
2,NUL,"NUL",x
\.
SELECT a, b IS NULL AS b_null, b, c IS NULL AS c_null, d IS NULL AS d_null, d FROM cf ORDER BY a;
COPY cf FROM STDIN (format csv, force_null (nosuch));
\.
COPY cf FROM STDIN (format csv, force_not_null (a, a));
\.
COPY cf (a) FROM STDIN (format csv, force_not_null (b));
\.
COPY cf (a) TO STDOUT (format csv, force_quote (nosuch));
COPY cf (a) TO STDOUT (format csv, force_quote (b));
COPY cf TO STDOUT (format csv, force_quote (a, a));
COPY (SELECT a FROM cf) TO STDOUT (format csv, force_quote (nosuch));
COPY (SELECT a, a FROM cf WHERE a = 1) TO STDOUT (format csv, force_quote (a));
-- convert_selectively: the other columns are left NULL
COPY cf FROM STDIN (convert_selectively (a, c));
3	bee	see	dee
\.
COPY cf (a, b) FROM STDIN (convert_selectively (c));
\.
SELECT * FROM cf WHERE a = 3;
-- a lone \. in CSV output of one column is quoted
CREATE TABLE cd (t text);
INSERT INTO cd VALUES ('\.'), ('a\.'), ('\.b');
COPY cd TO STDOUT (format csv);
COPY (SELECT t, 1 FROM cd ORDER BY t) TO STDOUT (format csv);
-- COPY FROM ... WHERE
CREATE TABLE cw (a int, b int DEFAULT 10, c text);
COPY cw FROM STDIN WHERE a > 2;
1	1	x
3	3	y
4	\N	z
\.
COPY cw (a, c) FROM STDIN WHERE b = 10 AND a < 7;
5	five
9	nine
\.
SELECT * FROM cw ORDER BY a;
COPY cw FROM STDIN WHERE f > 1;
COPY cw FROM STDIN WHERE a = max(cw.b);
COPY cw FROM STDIN WHERE a IN (SELECT 1 FROM cw);
COPY cw FROM STDIN WHERE a IN (generate_series(1, 5));
COPY cw FROM STDIN WHERE a = row_number() OVER (ORDER BY b);
COPY cw FROM STDIN WHERE a;
COPY cw TO STDOUT WHERE a = 1;
CREATE TABLE cg (a int, b int GENERATED ALWAYS AS (a * 2) STORED);
COPY cg FROM STDIN WHERE b <> 10;
COPY cg FROM STDIN WHERE cg IS NULL;
COPY cg FROM STDIN WHERE a < 3;
1
5
\.
SELECT * FROM cg;
-- COPY (INSERT/UPDATE/DELETE ... RETURNING) TO
CREATE TABLE cr (id int PRIMARY KEY, t text);
COPY (INSERT INTO cr VALUES (1, 'a'), (2, 'b') RETURNING id, t) TO STDOUT;
COPY (UPDATE cr SET t = t || '!' WHERE id = 2 RETURNING *) TO STDOUT (format csv, header);
COPY (DELETE FROM cr WHERE id = 1 RETURNING t) TO STDOUT;
SELECT * FROM cr ORDER BY id;
COPY (INSERT INTO cr VALUES (3, 'c')) TO STDOUT;
COPY (UPDATE cr SET t = 'x') TO STDOUT;
COPY (DELETE FROM cr) TO STDOUT;
COPY (SELECT * INTO cr2 FROM cr) TO STDOUT;
COPY (SELECT nosuch FROM cr) TO STDOUT;
BEGIN READ ONLY;
COPY (INSERT INTO cr VALUES (4, 'd') RETURNING id) TO STDOUT;
ROLLBACK;
SELECT * FROM cr ORDER BY id;
-- COPY FREEZE: only into a table created or truncated in the current subtransaction
CREATE TABLE cz (a text);
COPY cz FROM STDIN (freeze);
x
\.
BEGIN;
TRUNCATE cz;
COPY cz FROM STDIN (freeze);
y
\.
SAVEPOINT s1;
COPY cz FROM STDIN (freeze);
z
\.
ROLLBACK;
BEGIN;
INSERT INTO cz VALUES ('w');
SAVEPOINT s1;
TRUNCATE cz;
ROLLBACK TO SAVEPOINT s1;
COPY cz FROM STDIN (freeze);
v
\.
ROLLBACK;
BEGIN;
SAVEPOINT s1;
TRUNCATE cz;
RELEASE SAVEPOINT s1;
COPY cz FROM STDIN (freeze);
u
\.
COMMIT;
BEGIN;
CREATE TABLE cz2 (a int);
COPY cz2 FROM STDIN (freeze);
1
\.
COMMIT;
SELECT * FROM cz;
SELECT * FROM cz2;
-- server-side files (superuser)
\set cfile `mktemp -u /tmp/sf_copy_more.XXXXXX`
\setenv SF_COPY_FILE :cfile
COPY cr TO :'cfile' (format csv, header);
CREATE TABLE cr3 (id int, t text);
COPY cr3 FROM :'cfile' (format csv, header match);
SELECT * FROM cr3;
COPY (SELECT i, i * 2 FROM generate_series(1, 3) i) TO :'cfile';
COPY cr3 FROM :'cfile' WHERE id > 1;
COPY cr3 FROM :'cfile' (convert_selectively (id));
SELECT * FROM cr3 ORDER BY id, t;
\! rm -f "$SF_COPY_FILE"
COPY cr3 FROM '/nonexistent/sf_dir/file.csv';
COPY cr3 TO 'relative_name.csv';
COPY cr3 TO '/nonexistent/sf_dir/file.csv';
COPY cr3 FROM '/tmp';
COPY nosuch FROM '/tmp/x';
