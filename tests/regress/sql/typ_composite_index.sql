-- indexes, PRIMARY KEY and UNIQUE on columns of composite types (named types
-- and table row types): keys order records field by field as btrecordcmp
create type cix_pair as (a int, b text);
create table cix_t (c cix_pair primary key, n int);
insert into cix_t values (row(2, 'b'), 1), (row(1, 'z'), 2), (row(1, 'a'), 3),
  ('(1,)', 4), ('(,a)', 5), ('(,)', 6), (row(-5, 'q'), 7), (row(10, ''), 8);
select c, n from cix_t order by c;
select c, n from cix_t order by c desc;
select * from cix_t where c = row(1, 'a')::cix_pair;
select * from cix_t where c = '(1,z)';
select * from cix_t where '(1,z)' <> c;
select * from cix_t where c > row(1, 'a')::cix_pair order by c;
select * from cix_t where c <= '(1,z)'::cix_pair order by c;
select c from cix_t where c >= '(1,a)'::cix_pair and c < '(2,a)'::cix_pair order by c;
select (c).a, (c).b from cix_t where c = row(10, '')::cix_pair;
-- duplicates
insert into cix_t values (row(1, 'a'), 9);
insert into cix_t values ('(2,b)', 9);
insert into cix_t values (null, 9);
insert into cix_t values ('(1,a)', 10) on conflict (c) do update set n = excluded.n;
select * from cix_t where c = '(1,a)'::cix_pair;
insert into cix_t values ('(1,a)', 11) on conflict do nothing;
update cix_t set c = '(3,c)' where n = 10;
update cix_t set c = '(2,b)' where n = 10;
delete from cix_t where c = '(3,c)'::cix_pair;
select count(*) from cix_t;
-- a unique index: NULL records and records with NULL fields
create table cix_u (id int primary key, p cix_pair);
create unique index cix_u_p on cix_u (p);
insert into cix_u values (1, null), (2, null), (3, '(1,)'), (4, '(,x)');
insert into cix_u values (5, '(1,)');
insert into cix_u values (6, '(,x)');
insert into cix_u values (7, '(7,"x y")');
insert into cix_u values (8, row(7, 'x y'));
select id, p from cix_u where p = '(7,"x y")'::cix_pair;
select id, p from cix_u where p is null order by id;
select id, p from cix_u order by p, id;
-- a descending index with NULLS FIRST
create index cix_u_pd on cix_u (p desc nulls first);
select id, p from cix_u order by p desc nulls first, id;
select id from cix_u where p < '(7,"x y")'::cix_pair order by p desc;
-- a multi-column key with the composite column first and last
create table cix_m (p cix_pair, k int, q cix_pair, unique (p, k), unique (k, q));
insert into cix_m values ('(1,a)', 1, '(2,b)'), ('(1,a)', 2, '(2,b)'), ('(1,b)', 1, '(1,a)');
insert into cix_m values ('(1,a)', 1, '(9,z)');
insert into cix_m values ('(8,a)', 1, '(1,a)');
select * from cix_m where p = '(1,a)'::cix_pair and k = 2;
select * from cix_m where k = 1 order by q;
-- a table's row type as a key column
create table cix_base (x int, y text);
create table cix_r (r cix_base primary key);
insert into cix_r values (row(2, 'x')), (row(1, 'y')), ('(1,x)');
insert into cix_r values ('(1,x)');
select r, (r).y from cix_r order by r;
select * from cix_r where r = row(1, 'y')::cix_base;
-- indexes built over existing rows
create table cix_late (id int, p cix_pair);
insert into cix_late values (1, '(3,a)'), (2, '(1,b)'), (3, '(3,a)');
create unique index cix_late_u on cix_late (p);
delete from cix_late where id = 3;
create unique index cix_late_u on cix_late (p);
create index cix_late_i on cix_late (p desc);
select id, p from cix_late where p > '(1,b)'::cix_pair;
drop index cix_late_u;
alter table cix_late add primary key (p);
insert into cix_late values (4, '(1,b)');
\d cix_late
-- the fields' own orders: numeric, text, timestamp
create type cix_mix as (n numeric, t text, d date);
create table cix_x (m cix_mix primary key);
insert into cix_x values ('(1.5,a,2020-01-01)'), ('(1.50,a,2020-01-02)'), ('(-1,b,)'),
  ('(1.5,,2020-01-01)'), ('(1e3,"",2019-12-31)');
insert into cix_x values ('(1.500,a,2020-01-01)');
select m from cix_x order by m;
select m from cix_x where m >= '(1.5,a,2020-01-02)'::cix_mix order by m;
-- a secondary index over a composite primary key (entries hold the record key)
create table cix_io (p cix_pair primary key, n int);
create index cix_io_n on cix_io (n);
insert into cix_io select row(i % 7, 'v' || i)::cix_pair, i % 5 from generate_series(1, 40) i;
select n from cix_io where n = 2 order by n;
select count(*) from cix_io where n = 3;
select p from cix_io where p = '(3,v10)'::cix_pair;
-- a foreign key to a composite key
create table cix_f (f cix_pair references cix_io);
insert into cix_f values ('(3,v10)'), (null);
insert into cix_f values ('(3,v11)');
delete from cix_io where p = '(3,v10)'::cix_pair;
drop table cix_f;
drop table cix_t, cix_u, cix_m, cix_r, cix_late, cix_x, cix_io;
drop table cix_base;
drop type cix_pair;
drop type cix_mix;

