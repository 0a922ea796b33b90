-- dukb_multiassign: UPDATE ... SET (a, b) = (SELECT ...), correlated or not,
-- mixed with plain assignments; zero rows give NULLs, two rows 21000.
CREATE TABLE mu_a (id int PRIMARY KEY, x int, y text, z int);
INSERT INTO mu_a VALUES (1, 10, 'a', 100), (2, 20, 'b', 200), (3, 30, 'c', 300);
CREATE TABLE mu_b (id int, nx int, ny text);
INSERT INTO mu_b VALUES (1, 11, 'aa'), (2, 22, 'bb');
UPDATE mu_a SET (x, y) = (SELECT nx, ny FROM mu_b WHERE mu_b.id = mu_a.id) RETURNING *;
UPDATE mu_a SET (x, y) = (SELECT 5, 'five') WHERE id = 3 RETURNING *;
UPDATE mu_a SET (z, x) = (SELECT count(*), max(nx) FROM mu_b) RETURNING id, x, z;
UPDATE mu_a SET (y, x) = (SELECT ny, nx FROM mu_b WHERE mu_b.id = 1), z = -1 WHERE id = 1 RETURNING *;
UPDATE mu_a SET x = 1, (y, z) = (SELECT 'q', 9) WHERE id = 2 RETURNING *;
UPDATE mu_a SET (x, y) = (SELECT nx * 2, ny || '!' FROM mu_b ORDER BY id DESC LIMIT 1) WHERE id > 1;
SELECT * FROM mu_a ORDER BY id;
UPDATE mu_a SET (x, y, z) = (SELECT nx, ny, 0 FROM mu_b) WHERE id = 1;
SELECT * FROM mu_a ORDER BY id;
DROP TABLE mu_a, mu_b;
