-- Assignment to array elements, slices and composite fields in INSERT column
-- lists, UPDATE SET and INSERT ... ON CONFLICT DO UPDATE SET.
CREATE TABLE sa (id int PRIMARY KEY, a int[], b text[] DEFAULT '{x}', m int[][]);
-- INSERT: the column starts as NULL (not its default), NULLs fill the gaps
INSERT INTO sa (id, a[1], a[3]) VALUES (1, 1, 3);
INSERT INTO sa (id, a[2:3]) VALUES (2, '{5,6}');
INSERT INTO sa (id, b[2]) VALUES (3, 'y');
INSERT INTO sa (id, a[-1], a[0]) VALUES (4, 7, 8);
INSERT INTO sa (id, m[1][2]) VALUES (5, 9);
INSERT INTO sa (id, a[1], a[1]) VALUES (6, 1, 2);
INSERT INTO sa (id, a[1]) SELECT 7, 10 UNION ALL SELECT 8, NULL;
INSERT INTO sa (id, a[1], a[2]) VALUES (9, 1, 2), (10, 3, 4);
INSERT INTO sa (a[2], id, a[1]) SELECT g * 10, g, g FROM generate_series(11, 12) g;
INSERT INTO sa (id, a[1 + 1]) VALUES (13, 13) RETURNING a, a[2];
SELECT * FROM sa ORDER BY id;
-- INSERT errors
INSERT INTO sa (id, a[1], a) VALUES (20, 1, '{2}');
INSERT INTO sa (id, a, a[1]) VALUES (20, '{2}', 1);
INSERT INTO sa (id, id[1]) VALUES (20, 1);
INSERT INTO sa (id, a[1:2]) VALUES (20, '{1}');
INSERT INTO sa (id, a[1]) VALUES (20, 'x');
INSERT INTO sa (id, a[1]) VALUES (20, now());
INSERT INTO sa (id, a[1:2]) VALUES (20, ARRAY['x']);
INSERT INTO sa (id, a[1:2]) SELECT 20, ARRAY[now()];
INSERT INTO sa (id, a.f) VALUES (20, 1);
INSERT INTO sa (id, a[NULL]) VALUES (20, 1);
INSERT INTO sa (id, a[1:]) VALUES (20, '{1}');
INSERT INTO sa (id, a[1]) VALUES (20, DEFAULT);
INSERT INTO sa (id, a['x']) VALUES (20, 1);
INSERT INTO sa (id, nosuch[1]) VALUES (20, 1);
-- UPDATE: extension with NULLs, lower bounds, slices, several dimensions
UPDATE sa SET a[2] = 10, a[5] = 1 WHERE id = 1;
UPDATE sa SET a[1:2] = '{7,8}' WHERE id = 2;
UPDATE sa SET a[0] = 0 WHERE id = 4;
UPDATE sa SET a[1] = 1 WHERE id = 3;
UPDATE sa SET m[1][2] = m[1][2] + 1 WHERE id = 5;
UPDATE sa SET m[2][2] = 1 WHERE id = 5;
UPDATE sa SET a[1] = 1, a = '{1}' WHERE id = 4;
UPDATE sa SET a = '{1}', a[1] = 1 WHERE id = 4;
UPDATE sa SET a[1] = now();
UPDATE sa SET a[1:2] = ARRAY[now()];
UPDATE sa SET a[1] = DEFAULT;
UPDATE sa SET a.f = 1;
UPDATE sa SET id[1] = 1;
UPDATE sa SET (a[1], b[1]) = (SELECT 100, 'z') WHERE id = 6;
SELECT * FROM sa ORDER BY id;
-- ON CONFLICT DO UPDATE
INSERT INTO sa (id, a[1]) VALUES (1, 5)
  ON CONFLICT (id) DO UPDATE SET a[1] = excluded.a[1], a[7] = 70 RETURNING a;
INSERT INTO sa (id, a[1]) VALUES (1, 5)
  ON CONFLICT (id) DO UPDATE SET a[1] = excluded.a[1], a = '{}';
INSERT INTO sa (id, a[1]) VALUES (2, 5)
  ON CONFLICT (id) DO UPDATE SET a[1] = DEFAULT;
INSERT INTO sa (id, a[2]) VALUES (30, 5)
  ON CONFLICT (id) DO UPDATE SET a[1] = 0 RETURNING *;
-- composite columns
CREATE TYPE sa_pt AS (f int, g text);
CREATE TABLE sr (id int PRIMARY KEY, c sa_pt, n int);
INSERT INTO sr (id, c.f, c.g) VALUES (1, 1, 'x');
INSERT INTO sr (id, c.f) VALUES (2, 2);
INSERT INTO sr (id, c.g, c.f) VALUES (3, 'z', 3);
INSERT INTO sr (id, c.f, c.f) VALUES (4, 1, 2);
INSERT INTO sr (id, c.f) SELECT 5, 5;
SELECT * FROM sr ORDER BY id;
INSERT INTO sr (id, c.h) VALUES (6, 1);
INSERT INTO sr (id, c.f) VALUES (6, 'abc');
INSERT INTO sr (id, c, c.f) VALUES (6, NULL, 2);
INSERT INTO sr (id, c.f[1]) VALUES (6, 1);
INSERT INTO sr (id, c[1]) VALUES (6, 1);
INSERT INTO sr (id, c.f) VALUES (6, DEFAULT);
INSERT INTO sr (id, n.f) VALUES (6, 1);
UPDATE sr SET c.f = 10, c.g = 'y' WHERE id = 1;
UPDATE sr SET c.g = 'w' WHERE id = 2;
UPDATE sr SET c.f = (c).f + 1 WHERE id = 3;
UPDATE sr SET c.f = 7 WHERE id = 5 RETURNING c, (c).f;
UPDATE sr SET c.h = 1;
UPDATE sr SET c.f = 'abc';
UPDATE sr SET c.f = 1, c = NULL;
UPDATE sr SET c.f = now();
UPDATE sr SET c.f = DEFAULT;
UPDATE sr SET c.f[1] = 1;
UPDATE sr SET (c.f, c.g) = (SELECT 7, 'sub') WHERE id = 4;
INSERT INTO sr (id, n) VALUES (8, 8);
UPDATE sr SET c.g = 'from null' WHERE id = 8;
SELECT * FROM sr ORDER BY id;
INSERT INTO sr (id, c.f) VALUES (1, 100)
  ON CONFLICT (id) DO UPDATE SET c.g = (excluded.c).g || '!', c.f = (excluded.c).f RETURNING *;
-- arrays of a domain
CREATE DOMAIN sa_pos AS int CHECK (VALUE > 0);
CREATE TABLE sd (id int, a sa_pos[]);
INSERT INTO sd (id, a[2]) VALUES (1, 5);
INSERT INTO sd (id, a[2]) VALUES (1, -5);
UPDATE sd SET a[1] = 3;
UPDATE sd SET a[1] = -3;
SELECT * FROM sd;
-- generated and identity columns
CREATE TABLE sg (id int GENERATED ALWAYS AS IDENTITY, a int[],
                 g int[] GENERATED ALWAYS AS (a || 0) STORED);
INSERT INTO sg (a[2]) VALUES (2);
INSERT INTO sg (g[1]) VALUES (1);
UPDATE sg SET g[1] = 1;
UPDATE sg SET a[1] = 1 RETURNING *;
-- UPDATE ... FROM, data-modifying WITH, slices of several dimensions, views
create table sf (id int, a int[], b int[]);
insert into sf values (1, '{1}', '{2}');
update sf set a[2] = s.v from (select 1 as id, 7 as v) s where s.id = sf.id returning sf.*;
with w as (insert into sf (id, a[3]) values (2, 3) returning a) select * from w;
insert into sf (id, a[1:2][1:1]) values (3, '{{1},{2}}');
insert into sf (id, a[1][1:2]) values (4, '{{1,2}}');
select * from sf order by id;
create view sfv as select * from sf;
insert into sfv (id, a[1]) values (9, 9);
update sfv set a[1] = 0 where id = 9 returning *;
create view sfv2 (k, arr) as select id, a from sf where id > 0 with check option;
insert into sfv2 (k, arr[2]) values (10, 10);
update sfv2 set arr[1] = k where k = 10 returning *;
update sfv2 set arr[1] = 1, k = -1 where k = 10;
select * from sf order by id;
-- composite types with array and typmod fields
create type sa_in as (f int, g varchar(3), arr int[], d numeric(5,2));
create table sn (id int primary key, n sa_in);
insert into sn (id, n.f, n.arr[2]) values (1, 4, 44);
insert into sn (id, n.g) values (2, 'abcd');
insert into sn (id, n.d) values (3, 1.234);
insert into sn (id, n.arr[1:2]) values (4, '{1,2}');
update sn set n.g = 'dee', n.arr[1] = 1 where id = 1;
update sn set n.arr[1:2] = '{8,9}', n.f = (n).f + 1 where id = 1;
update sn set n.g = 'abcd' where id = 1;
update sn set n.f = 1, n = null where id = 3;
update sn set n.arr[3] = 3, n.arr[1] = 1 where id = 3;
update sn set n.arr.q = 1;
update sn set n.arr[1].q = 1;
update sn set n.arr[1] = 'x';
update sn set n.arr[1] = now();
select * from sn order by id;
-- a table's row type as a column type; a domain over an array
create table srt (x int, y text);
create table sro (id int, r srt);
insert into sro (id, r.x, r.y) values (1, 1, 'a');
update sro set r.y = 'b' returning *;
create domain sa_arr as int[] check (value[1] > 0);
create table sda (id int, a sa_arr);
insert into sda (id, a[1]) values (1, 1);
insert into sda (id, a[1]) values (2, -1);
update sda set a[2] = 5;
update sda set a[1] = -5;
select * from sda;
-- subscripts from columns, size limits, parameters, ON CONFLICT
create table se (id int primary key, a int[], m int[], c sa_in);
insert into se (id, a[id]) values (1, 1);
insert into se (id, a[1]) values (1, 1);
update se set a[id + 1] = id * 10, m[1][1] = 5;
update se set a[200000000] = 1;
update se set a[-2147483648] = 1;
update se set a[1:3] = '{1,2}';
update se set a[2:1] = '{1,2}';
update se set m[1:2] = '{{1,1},{2,2}}';
prepare q1(int, int) as insert into se (id, a[$2], c.f) values ($1, $2, $1 * 2);
execute q1(2, 3);
prepare q2(int) as update se set a[$1] = $1, c.g = $1::text where id = 2 returning *;
execute q2(4);
insert into se (id, c.f) values (2, 9) on conflict (id) do update set c.f = excluded.c.f;
insert into se (id, c.f) values (2, 9) on conflict (id) do update set c.f = (excluded.c).f + (se.c).f, c.arr[2] = 2 returning c;
insert into se (id, c.f) values (2, 9) on conflict (id) do update set c.f = 1, c = null;
insert into se (id, c.zz) values (2, 9) on conflict (id) do nothing;
select * from se order by id;
DROP VIEW sfv, sfv2;
DROP TABLE sa, sr, sd, sg, sf, sn, sro, srt, sda, se;
DROP TYPE sa_pt;
DROP TYPE sa_in;
DROP DOMAIN sa_pos, sa_arr;
