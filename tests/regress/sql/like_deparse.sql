-- LIKE, ILIKE and SIMILAR TO in stored expressions print as PostgreSQL's
-- analysis leaves them: ~~ operators, text casts, like_escape/similar_to_escape
CREATE TABLE lk (a text CHECK (a LIKE 'x%'),
                 b varchar(10) CHECK (b NOT ILIKE 'y%' ESCAPE '#'),
                 c text CHECK (c = 'z'),
                 d text CHECK (d SIMILAR TO '(q|x)%'),
                 e char(4) CHECK (e LIKE 'e%'),
                 f bytea CHECK (f LIKE 'f%'));
SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
 WHERE conrelid = 'lk'::regclass ORDER BY 1;
\d lk
CREATE VIEW lkv AS SELECT a, b FROM lk
 WHERE a LIKE 'x%' AND b ILIKE 'z%' AND c NOT LIKE 'y%' AND d NOT SIMILAR TO 'w%'
   AND a NOT ILIKE 'q!%' ESCAPE '!' AND d SIMILAR TO 'x#%%' ESCAPE '#';
SELECT pg_get_viewdef('lkv'::regclass);
-- the stored forms still work
INSERT INTO lk VALUES ('xa', 'za', 'z', 'qq', 'ee', 'ff');
INSERT INTO lk VALUES ('ya', 'za', 'z', 'qq', 'ee', 'ff');
INSERT INTO lk VALUES ('xa', 'yy', 'z', 'qq', 'ee', 'ff');
INSERT INTO lk VALUES ('xa', 'b', 'z', 'wq', 'ee', 'ff');
INSERT INTO lk VALUES ('xa', 'b', 'z', 'qq', 'xe', 'ff');
INSERT INTO lk VALUES ('xa', 'b', 'z', 'qq', 'ee', 'xf');
INSERT INTO lk VALUES ('xb', 'zb', 'z', 'x%y', 'ee', 'ff');
SELECT * FROM lkv;
SELECT 'abc' ~~ 'a%', 'ABC' ~~* 'a%', 'abc' !~~ 'a%', 'abc' !~~* 'A%',
       'a%b' ~~ like_escape('a#%b', '#'), 'abc' ~ similar_to_escape('a%');
DROP TABLE lk CASCADE;
