-- materialized views and temporary views
create table base (id int primary key, v text, n numeric);
insert into base select g, 'v' || g, g * 1.5 from generate_series(1, 10) g;
create materialized view m1 (k, val) as select id, v from base where id <= 5;
select * from m1 order by k;
create materialized view m2 as select count(*) as c, sum(n) as s from base;
select * from m2;
create unique index m1_k on m1 (k);
insert into base values (11, 'v11', 1), (0, 'v0', 0);
-- REFRESH is transactional
begin;
refresh materialized view m1;
select count(*) from m1;
rollback;
select count(*) from m1;
begin;
refresh materialized view concurrently m1;
commit;
select * from m1 order by k;
select * from m1 where k = 3;
refresh materialized view m1 with no data;
select matviewname, hasindexes, ispopulated, definition from pg_matviews order by matviewname;
select * from m1;
refresh materialized view concurrently m1;
refresh materialized view concurrently m1 with no data;
refresh materialized view m1;
select k from m1 order by 1;
refresh materialized view concurrently m2;
-- WITH NO DATA
create materialized view m3 as select id, v from base with no data;
select * from m3;
select relname, relkind, relhasindex from pg_class where relname in ('m1', 'm2', 'm3') order by 1;
refresh materialized view m3;
select count(*) from m3;
create materialized view if not exists m3 as select 1;
create materialized view m3 as select 1;
create unlogged materialized view m5 as select 1;
create materialized view m6 as select 1 as a, 2 as a;
-- not writable
insert into m1 values (100, 'x');
update m1 set val = 'y';
delete from m1;
truncate m1;
copy m1 to stdout;
-- dependencies
create view v_on_m as select k from m1 where k > 2;
select * from v_on_m order by 1;
drop table base;
drop materialized view m1;
alter table base drop column n;
drop materialized view m1 cascade;
alter table base drop column n cascade;
select relname from pg_class where relname in ('m1', 'm2', 'v_on_m') order by 1;
-- wrong kinds
drop view m3;
drop table m3;
drop materialized view base;
refresh materialized view base;
refresh materialized view nope;
drop materialized view nope;
drop materialized view if exists nope;
comment on materialized view m3 is 'snapshot';
select obj_description('m3'::regclass);
select pg_get_viewdef('m3'::regclass);
\d m3
\dm
select table_name from information_schema.tables where table_schema = 'public' order by 1;
select tablename from pg_tables where schemaname = 'public' order by 1;
analyze m3;
drop materialized view m3;
-- temporary views
create temp table tt (x int);
insert into tt values (1), (2);
create view tv as select * from tt;
create temp view tv2 as select 42 as a;
create temporary view tv3 as select x from tt where x > 1;
create view public.tv4 as select * from tt;
create view pg_temp.tv5 as select 5 as five;
select * from tv order by 1;
select * from tv2;
select * from tv3;
select * from tv5;
select relname, relpersistence, relkind from pg_class where relname like 'tv%' order by 1;
create materialized view mt as select * from tt;
create materialized view mt as select * from tv2;
drop view tv2;
drop table tt;
drop table tt cascade;
select relname from pg_class where relname like 'tv%' order by 1;
drop table base;
