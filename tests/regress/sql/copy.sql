-- copy: COPY FROM STDIN (text and CSV, HEADER, NULL, DELIMITER) and COPY TO STDOUT.
CREATE TABLE cp (id int PRIMARY KEY, name text, qty numeric(6,2), d date, note text);
COPY cp FROM STDIN;
1	apple	1.50	2024-01-01	plain
2	tab\there	\N	2024-01-02	\N
3	back\\slash	3	\N	new\nline
\.
SELECT * FROM cp ORDER BY id;
COPY cp (id, name) FROM STDIN;
4	only two
5	cols
\.
COPY cp FROM STDIN WITH (FORMAT csv);
6,"quoted, comma",6.25,2024-02-03,"say ""hi"""
7,,,,
8,"",0,2024-02-04,x
\.
COPY cp FROM STDIN WITH (FORMAT csv, HEADER true, NULL 'NULL');
id,name,qty,d,note
9,NULL,9.99,NULL,NULL
10,"NULL",1,2024-03-01,
\.
COPY cp FROM STDIN WITH (DELIMITER '|', NULL '');
11|pipe|11||note
\.
COPY cp FROM STDIN WITH (DELIMITER '|');
12|pipe2|12|2024-01-12|ok
\.
COPY cp FROM STDIN WITH DELIMITER ';' CSV;
13;semi;13;2024-01-13;old syntax
\.
SELECT * FROM cp ORDER BY id;
COPY cp FROM STDIN;
1	dup	1	2024-01-01	x
\.
COPY cp FROM STDIN;
20	bad qty	abc	2024-01-01	x
\.
COPY cp FROM STDIN;
21	too few
\.
COPY cp FROM STDIN;
22	a	1	2024-01-01	x	extra
\.
COPY cp FROM STDIN WITH (FORMAT csv);
23,"unterminated
\.
SELECT count(*) FROM cp;
COPY cp TO STDOUT;
COPY (SELECT id, name, qty FROM cp WHERE id < 8 ORDER BY id) TO STDOUT WITH (FORMAT csv, HEADER);
COPY (SELECT id, note FROM cp WHERE id IN (2, 3, 6) ORDER BY id) TO STDOUT WITH (FORMAT csv, NULL 'N/A', FORCE_QUOTE *);
COPY cp (id, d) TO STDOUT WITH (DELIMITER '|', NULL '-');
COPY (SELECT 1 AS a, 'x' AS b UNION ALL SELECT 2, NULL) TO STDOUT (FORMAT text, NULL 'nil');
COPY nosuch FROM STDIN;
\.
COPY cp (nosuch) TO STDOUT;
COPY cp FROM STDIN WITH (FORMAT xml);
\.
COPY cp TO STDOUT WITH (FORMAT csv, DELIMITER 'ab');
CREATE TABLE cp2 (a int, b text DEFAULT 'dflt', c serial);
COPY cp2 (a) FROM STDIN;
1
2
\.
SELECT * FROM cp2 ORDER BY a;
TRUNCATE cp2;
COPY cp2 FROM STDIN WITH (FORMAT csv, HEADER);
a,b,c
5,"multi
line",50
\.
COPY cp2 TO STDOUT WITH CSV;
COPY cp2 TO STDOUT;
