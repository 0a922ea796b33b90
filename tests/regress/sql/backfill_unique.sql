-- Unique index builds and ADD PRIMARY KEY over existing rows: keys that
-- arrive in ascending order, then one that does not (a duplicate of an
-- earlier key, or not), and keys in no order at all.
CREATE TABLE bu (a int, b text);
INSERT INTO bu SELECT g, 'r' || g FROM generate_series(1, 2000) g;
CREATE UNIQUE INDEX bu_a ON bu (a);
DROP INDEX bu_a;
-- a duplicate of a much earlier key, after 2000 ascending ones
INSERT INTO bu VALUES (17, 'again');
CREATE UNIQUE INDEX bu_a ON bu (a);
ALTER TABLE bu ADD PRIMARY KEY (a);
DELETE FROM bu WHERE b = 'again';
-- out of order but unique
INSERT INTO bu VALUES (0, 'zero'), (-5, 'neg');
CREATE UNIQUE INDEX bu_a ON bu (a);
SELECT count(*) FROM bu;
DROP INDEX bu_a;
-- the duplicate right after its twin
CREATE TABLE bu2 (a int, b int);
INSERT INTO bu2 VALUES (1, 1), (2, 2), (2, 3), (4, 4);
ALTER TABLE bu2 ADD PRIMARY KEY (a);
CREATE UNIQUE INDEX bu2_ab ON bu2 (a, b);
DELETE FROM bu2 WHERE b = 3;
ALTER TABLE bu2 ADD PRIMARY KEY (a);
-- keys in no order, one duplicate
CREATE TABLE bu3 (a int);
INSERT INTO bu3 SELECT (g * 7919) % 3001 FROM generate_series(1, 3000) g;
INSERT INTO bu3 VALUES (1234);
CREATE UNIQUE INDEX bu3_a ON bu3 (a);
DELETE FROM bu3 WHERE a = 1234;
INSERT INTO bu3 VALUES (1234);
ALTER TABLE bu3 ADD PRIMARY KEY (a);
SELECT count(*), min(a), max(a) FROM bu3;
-- NULLs are never duplicates of each other in a unique index
CREATE TABLE bu4 (a int);
INSERT INTO bu4 VALUES (1), (NULL), (2), (NULL), (3);
CREATE UNIQUE INDEX bu4_a ON bu4 (a);
ALTER TABLE bu4 ADD PRIMARY KEY (a);
DROP TABLE bu, bu2, bu3, bu4;
-- ADD PRIMARY KEY moves the stored rows as they are: every column survives,
-- padded chars included, a dropped column stays dropped
CREATE TABLE bu5 (a int, c char(20), t text, n numeric(8,2), gone int, d date);
INSERT INTO bu5 VALUES (3, 'x', 'three', 3.5, 33, '2024-03-03'), (1, NULL, 'one', NULL, 11, NULL),
  (2, 'yy                 z', '', -2.25, 22, '2024-02-02');
ALTER TABLE bu5 DROP COLUMN gone;
ALTER TABLE bu5 ADD PRIMARY KEY (a);
SELECT a, c || '|' AS c, length(c), t, n, d FROM bu5 ORDER BY a;
SELECT * FROM bu5 WHERE a = 2;
DROP TABLE bu5;
