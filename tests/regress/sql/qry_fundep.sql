-- GROUP BY functional dependency on the primary key
CREATE TABLE users (id int PRIMARY KEY, name text, email text UNIQUE, age int);
CREATE TABLE orders (oid int PRIMARY KEY, user_id int, amount numeric);
CREATE TABLE pair (a int, b int, note text, PRIMARY KEY (a, b));
CREATE TABLE nopk (id int, name text);
INSERT INTO users VALUES (1, 'ann', 'a@x', 30), (2, 'bob', 'b@x', 40), (3, 'cy', 'c@x', 50);
INSERT INTO orders VALUES (10, 1, 5), (11, 1, 7), (12, 2, 3), (13, 3, 1), (14, 3, 2);
INSERT INTO pair VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'z');
INSERT INTO nopk VALUES (1, 'a'), (1, 'a');

SELECT u.id, u.name, count(o.*) AS n, sum(o.amount) FROM users u JOIN orders o ON o.user_id = u.id
GROUP BY u.id ORDER BY u.id;
SELECT name, age, count(*) FROM users GROUP BY id ORDER BY name;
SELECT users.name FROM users GROUP BY users.id HAVING users.age > 35 ORDER BY users.email;
SELECT u.name || '!' AS x, u.age + 1 FROM users u LEFT JOIN orders o ON o.user_id = u.id
GROUP BY u.id, o.user_id ORDER BY 1;
SELECT u.*, count(*) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id ORDER BY u.id;
SELECT a, b, note FROM pair GROUP BY a, b ORDER BY a, b;
SELECT name, (SELECT count(*) FROM orders o WHERE o.user_id = u.id AND u.age > 35) FROM users u
GROUP BY u.id ORDER BY name;
SELECT name, rank() OVER (ORDER BY age DESC) FROM users GROUP BY id ORDER BY name;
SELECT DISTINCT age FROM users GROUP BY id ORDER BY age;
SELECT id, name FROM users JOIN orders ON orders.user_id = users.id GROUP BY id ORDER BY id;
SELECT u.id, u.name FROM users u JOIN orders USING (oid) GROUP BY u.id;
-- errors: partial key, unique constraint, no key, subquery, view, grouping sets
SELECT a, note FROM pair GROUP BY a;
SELECT email, name FROM users GROUP BY email;
SELECT id, name FROM nopk GROUP BY id;
SELECT s.name FROM (SELECT * FROM users) s GROUP BY s.id;
CREATE VIEW uv AS SELECT * FROM users;
SELECT name FROM uv GROUP BY id;
SELECT name FROM users GROUP BY ROLLUP (id);
SELECT o.amount FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id;
SELECT name FROM users GROUP BY id + 0;
WITH w AS (SELECT * FROM users) SELECT name FROM w GROUP BY id;
-- grouping sets: keys common to every set
SELECT id, name, age, count(*) FROM users GROUP BY GROUPING SETS ((id), (id, age)) ORDER BY id, age;
SELECT u.id, u.name, o.user_id, count(*) FROM users u JOIN orders o ON o.user_id = u.id
GROUP BY u.id, CUBE (o.user_id) ORDER BY 1, 3;
-- a view relying on it
CREATE VIEW ucount AS SELECT u.id, u.name, count(o.oid) AS n FROM users u
LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id;
SELECT * FROM ucount ORDER BY id;
DROP VIEW ucount;
DROP VIEW uv;
