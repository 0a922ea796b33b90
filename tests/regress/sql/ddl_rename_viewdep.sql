-- renaming relations that views read
create table tx1 (x1 int, x2 int, x3 text);
insert into tx1 values (1, 2, 'a'), (3, 4, 'b');
create view vx1 as select tx1.x1, x2 + 1 as y from tx1 where x3 = 'a';
create view vx2 as select a.x1, b.x2 from tx1 a join tx1 b using (x1);
create view vx3 as select * from vx1;
create schema s2;
create table s2.tx1 (q int);
alter table tx1 rename to a1;
select * from vx1;
select * from vx2 order by 1;
select * from vx3;
select pg_get_viewdef('vx1'::regclass);
select pg_get_viewdef('vx2'::regclass);
alter view vx1 rename to vy1;
select * from vx3;
select pg_get_viewdef('vx3'::regclass);
alter table a1 rename to tx1;
select pg_get_viewdef('vy1'::regclass);
insert into vy1 (x1) values (9);
select * from tx1 order by x1;
create materialized view mx1 as select x1 from tx1;
alter materialized view mx1 rename to mx2;
create view vm as select * from mx2;
alter materialized view mx2 rename to mx3;
select * from vm order by 1;
\d+ vm
drop schema s2 cascade;
-- the new name already used in the view: the old one stays as the alias
create table tt1 (f1 int, f2 int);
create table tx1 (x1 int);
insert into tt1 values (1, 10), (2, 20);
insert into tx1 values (1);
create view av1 as select * from tt1 a1 where exists (select 1 from tx1 where a1.f1 = tx1.x1);
create view av2 as select * from tt1 where exists (select 1 from tx1 a1 where tt1.f1 = a1.x1);
select * from av1;
alter table tx1 rename to a1;
select * from av1;
select * from av2;
