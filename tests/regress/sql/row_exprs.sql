-- row constructors: comparisons, IS [NOT] DISTINCT FROM, IS [NOT] NULL, IN,
-- multi-column sublinks, records as values
CREATE TABLE rt (a int, b int, c text);
INSERT INTO rt VALUES (1, 2, 'x'), (1, 3, 'y'), (2, 1, NULL), (NULL, 1, 'z'), (3, NULL, 'w');
SELECT (1, 2) < (1, NULL) AS a, row(1, 2) IS NULL AS b, (1, 2) IN (SELECT 1, 2) AS c, (1, 2) = (SELECT 1, 2) AS d;
SELECT a, b, (a, b) < (1, 3) lt, (a, b) <= (1, 3) le, (a, b) > (1, 3) gt, (a, b) >= (1, 3) ge,
       (a, b) = (1, 3) eq, (a, b) <> (1, 3) ne FROM rt ORDER BY a, b;
SELECT a, b, (a, b) IS DISTINCT FROM (1, 2) d, (a, b) IS NOT DISTINCT FROM (1, 2) nd,
       (a, b) IS NULL n, (a, b) IS NOT NULL nn FROM rt ORDER BY a, b;
SELECT a, b FROM rt WHERE (a, b) IN ((1, 2), (2, 1)) ORDER BY 1, 2;
SELECT a, b, (a, b) NOT IN ((1, 2), (2, 1)) FROM rt ORDER BY 1, 2;
SELECT a, b, (a, b) IN (SELECT a, b FROM rt WHERE c <> 'x') i,
       (a, b) NOT IN (SELECT b, a FROM rt) ni FROM rt ORDER BY 1, 2;
SELECT a, b, (a, b) = ANY (SELECT b, a FROM rt) an, (a, b) < ALL (SELECT 2, 3) al FROM rt ORDER BY 1, 2;
SELECT a, b, (a, b) = (SELECT a, b FROM rt WHERE c = 'y') eq, (a, b) < (SELECT 2, 0) lt FROM rt ORDER BY 1, 2;
SELECT a, b FROM rt WHERE (a, b) > (1, 2) ORDER BY a, b;
SELECT row(1, 2) = row(1, 2), row(1, row(2, 3)) = row(1, row(2, 3)), (1, 'a') < (1, 'b');
SELECT row(1, 'a b', NULL, '') AS r, (1, 2) AS r2, row('x"y', 'p,q');
SELECT (a, c) FROM rt ORDER BY a, b;
-- errors
SELECT (1, 2) = (SELECT a, b FROM rt);
SELECT (1, 2) = (1, 2, 3);
SELECT (1, 2) IN (SELECT 1);
SELECT (1, 2) IN (SELECT 1, 2, 3);
SELECT (1, 2) = (SELECT 1);
SELECT (1, 2) + (3, 4);
SELECT (1, 2) IS DISTINCT FROM (1, 2, 3);
DROP TABLE rt;
