-- WITH RECURSIVE ... SEARCH / CYCLE (PostgreSQL 14+): bind_search.c
CREATE TABLE tree (id int PRIMARY KEY, parent int, name text);
INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'),
  (5, 2, 'a2'), (6, 3, 'b1'), (7, 4, 'a1x');
CREATE TABLE graph (f int, t int, label text);
INSERT INTO graph VALUES (1, 2, 'arc 1 -> 2'), (1, 3, 'arc 1 -> 3'), (2, 3, 'arc 2 -> 3'),
  (1, 4, 'arc 1 -> 4'), (4, 5, 'arc 4 -> 5'), (5, 1, 'arc 5 -> 1');

-- depth first: the sequence column is an array of rows
WITH RECURSIVE t(id, parent, name) AS (
    SELECT id, parent, name FROM tree WHERE parent IS NULL
  UNION ALL
    SELECT tree.id, tree.parent, tree.name FROM tree JOIN t ON tree.parent = t.id
) SEARCH DEPTH FIRST BY id SET ordercol
SELECT * FROM t ORDER BY ordercol;
-- breadth first: a row (depth, columns)
WITH RECURSIVE t(id, parent, name) AS (
    SELECT id, parent, name FROM tree WHERE parent IS NULL
  UNION ALL
    SELECT tree.id, tree.parent, tree.name FROM tree JOIN t ON tree.parent = t.id
) SEARCH BREADTH FIRST BY id SET ordercol
SELECT * FROM t ORDER BY ordercol;
-- several columns, no column list, UNION (not ALL), an alias for the reference
WITH RECURSIVE t AS (
    SELECT 1 AS id, 'root'::text AS name
  UNION
    SELECT tree.id, tree.name FROM tree, t AS x WHERE tree.parent = x.id
) SEARCH DEPTH FIRST BY name, id SET seq
SELECT name, seq FROM t ORDER BY seq;
WITH RECURSIVE t(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM t WHERE n < 4)
  SEARCH BREADTH FIRST BY n SET s
SELECT n, s FROM t ORDER BY s DESC;
-- the sequence column can be read in the recursive term
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE array_length(o, 1) < 3)
  SEARCH DEPTH FIRST BY n SET o
SELECT * FROM t;
-- * in the recursive term does not expand to the added columns
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT * FROM t WHERE n < 0)
  SEARCH DEPTH FIRST BY n SET o
SELECT * FROM t;
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.*, 1 FROM t WHERE n < 0)
  SEARCH DEPTH FIRST BY n SET o
SELECT * FROM t;

-- cycle detection
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM graph g
  UNION ALL
    SELECT g.* FROM graph g, search_graph sg WHERE g.f = sg.t
) CYCLE f, t SET is_cycle USING path
SELECT * FROM search_graph ORDER BY path;
WITH RECURSIVE t(id) AS (SELECT 1 UNION ALL SELECT (id % 3) + 1 FROM t)
  CYCLE id SET is_cycle TO 'Y' DEFAULT 'N' USING path
SELECT * FROM t;
WITH RECURSIVE t(id) AS (SELECT 1 UNION ALL SELECT (id % 3) + 1 FROM t)
  CYCLE id SET c TO 1 DEFAULT 0.5 USING path
SELECT id, c, pg_typeof(c), path FROM t;
WITH RECURSIVE t(id) AS (SELECT 1 UNION ALL SELECT (id % 3) + 1 FROM t WHERE NOT is_cycle)
  CYCLE id SET is_cycle USING path
SELECT count(*) FROM t;
-- both: the search column comes first
WITH RECURSIVE search_graph(f, t, label) AS (
    SELECT * FROM graph g
  UNION ALL
    SELECT g.* FROM graph g, search_graph sg WHERE g.f = sg.t
) SEARCH BREADTH FIRST BY f, t SET seq
  CYCLE f, t SET is_cycle USING path
SELECT * FROM search_graph ORDER BY seq;
-- referenced twice, and from a subquery
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3)
  SEARCH DEPTH FIRST BY n SET o
SELECT a.n, b.o FROM t a JOIN t b ON a.n = b.n ORDER BY 1;
SELECT (SELECT o FROM (WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3)
  SEARCH DEPTH FIRST BY n SET o SELECT * FROM t) s ORDER BY o DESC LIMIT 1) AS m;

-- * over the WITH query expands to the added columns only in the query owning the WITH
WITH RECURSIVE t(a) AS (SELECT 1 UNION ALL SELECT a + 1 FROM t WHERE a < 2)
  SEARCH DEPTH FIRST BY a SET o
SELECT * FROM (SELECT * FROM t) s;
WITH RECURSIVE t(a) AS (SELECT 1 UNION ALL SELECT a + 1 FROM t WHERE a < 2)
  SEARCH DEPTH FIRST BY a SET o, u AS (SELECT *, o FROM t)
SELECT * FROM u;
WITH RECURSIVE t(a) AS (SELECT 1 UNION ALL SELECT a + 1 FROM t WHERE a < 2)
  SEARCH DEPTH FIRST BY a SET o
SELECT * FROM t UNION ALL SELECT * FROM t;
WITH RECURSIVE t(a) AS (SELECT 1 UNION ALL SELECT a + 1 FROM t WHERE a < 2)
  SEARCH DEPTH FIRST BY a SET o
SELECT * FROM t x JOIN LATERAL (SELECT * FROM t) y ON true;
WITH RECURSIVE t(a) AS (SELECT 1 UNION ALL SELECT a + 1 FROM t WHERE a < 2)
  SEARCH DEPTH FIRST BY a SET o
SELECT (SELECT y FROM t y LIMIT 1) FROM t;
-- column aliases on the reference, a join in the recursive term, parameters
WITH RECURSIVE t(a) AS (SELECT 1 UNION ALL SELECT x + 1 FROM t AS q(x) WHERE x < 3)
  CYCLE a SET c USING p
SELECT * FROM t;
WITH RECURSIVE t AS (SELECT 1 AS a UNION ALL SELECT x + 1 FROM t AS q(x) WHERE x < 3)
  CYCLE a SET c USING p
SELECT * FROM t AS z(k);
WITH RECURSIVE t(a) AS (SELECT 1 UNION ALL SELECT t.a + 1 FROM t LEFT JOIN graph g ON g.f = t.a WHERE t.a < 3)
  SEARCH DEPTH FIRST BY a SET o
SELECT * FROM t;
PREPARE p(int) AS WITH RECURSIVE t(a) AS (SELECT $1 UNION ALL SELECT a + 1 FROM t WHERE a < 3)
  SEARCH DEPTH FIRST BY a SET o SELECT * FROM t WHERE o > ARRAY[ROW(1)];
EXECUTE p(1);
EXECUTE p(2);

-- errors
WITH t(a, b) AS (SELECT 1, 2) SEARCH DEPTH FIRST BY a SET o SELECT * FROM t;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT 3, 4) SEARCH DEPTH FIRST BY a SET o
SELECT * FROM t;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2) CYCLE a SET c USING p SELECT * FROM t;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3)
  SEARCH DEPTH FIRST BY x SET o SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3)
  SEARCH DEPTH FIRST BY a, a SET o SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, 2 FROM t WHERE a < 3)
  SEARCH DEPTH FIRST BY a SET b SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3)
  CYCLE x SET c USING p SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3)
  CYCLE a, b, a SET c USING p SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, 2 FROM t WHERE a < 3)
  CYCLE a SET b USING p SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, 2 FROM t WHERE a < 3)
  CYCLE a SET c USING b SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3)
  CYCLE a SET c USING c SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3)
  SEARCH DEPTH FIRST BY a SET c CYCLE a SET c USING p SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3)
  SEARCH DEPTH FIRST BY a SET p CYCLE a SET c USING p SELECT 1;
WITH RECURSIVE t(a, b) AS ((SELECT 1, 2 UNION SELECT 1, 3) UNION ALL
  SELECT a + 1, b FROM t WHERE a < 3) SEARCH DEPTH FIRST BY a SET c SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL
  (SELECT a + 1, b FROM t WHERE a < 3 UNION SELECT 1, 2)) SEARCH DEPTH FIRST BY a SET c SELECT 1;
WITH RECURSIVE t(a, b, c) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3)
  SEARCH DEPTH FIRST BY a SET o SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t x JOIN t y USING (a))
  SEARCH DEPTH FIRST BY a SET o SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3)
  CYCLE a SET c TO 1 DEFAULT 'x' USING p SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3)
  CYCLE a SET c TO 1 DEFAULT true USING p SELECT 1;
WITH RECURSIVE t(a, b) AS (SELECT 1, 2 UNION ALL SELECT a + 1, b FROM t WHERE a < 3)
  CYCLE a SET c TO json '1' DEFAULT json '2' USING p SELECT 1;

-- views keep the clauses; the added columns are records, which a view cannot keep
CREATE VIEW v_bad AS
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3)
  SEARCH DEPTH FIRST BY n SET o
SELECT * FROM t;
CREATE VIEW v_bad AS
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3)
  SEARCH BREADTH FIRST BY n SET o
SELECT n, o FROM t;
CREATE VIEW v_search AS
WITH RECURSIVE t(id, parent) AS (
    SELECT id, parent FROM tree WHERE parent IS NULL
  UNION ALL
    SELECT tree.id, tree.parent FROM tree JOIN t ON tree.parent = t.id
) SEARCH DEPTH FIRST BY id SET ordercol
  CYCLE id SET is_cycle TO 'Y' DEFAULT 'N' USING path
SELECT id, is_cycle, array_length(path, 1) AS len FROM t ORDER BY ordercol;
CREATE VIEW v_cycle AS
WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT (n % 3) + 1 FROM t)
  SEARCH BREADTH FIRST BY n SET s CYCLE n SET c USING p
SELECT n, c FROM t ORDER BY s;
SELECT * FROM v_search;
SELECT * FROM v_cycle;
