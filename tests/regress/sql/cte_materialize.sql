-- WITH queries referenced more than once, MATERIALIZED / NOT MATERIALIZED,
-- nested and from subqueries. Random values are never printed.
create table cm (a int, b text);
insert into cm values (1, 'x'), (2, 'y'), (3, 'z'), (3, 'w');
-- non-volatile, referenced twice: both references see the same rows
with x as (select a from cm where a > 1) select count(*) from x a join x b on a.a = b.a;
with x as materialized (select a, b from cm) select count(*) from x, x y;
with x as not materialized (select a, b from cm) select count(*) from x, x y where x.a = y.a;
with x as materialized (select a from cm) select * from x order by a;
-- a volatile WITH query referenced once is evaluated once
with x as (select random() r) select count(distinct r) from x;
with x as materialized (select g, random() r from generate_series(1, 5) g)
select count(*), count(distinct r) from x;
with x as (select g, random() r from generate_series(1, 5) g)
select count(*) from x where r >= 0 and r < 1;
-- nested WITH queries
with x as (select a from cm), y as (select a * 2 d from x) select sum(y.d) from y, y z where y.d = z.d;
with y as (with x as (select a from cm) select a from x union all select a from x)
select count(*) from y;
with x as (select a from cm)
select a, (select count(*) from x x2 where x2.a = x.a) from x order by a;
-- referenced from subqueries
with x as (select a from cm) select count(*) from cm where a in (select a from x where a < 3);
with x as (select a from cm) select exists (select 1 from x where a = 3), (select max(a) from x);
with x as (select a from cm)
select a from cm where exists (select 1 from x where x.a = cm.a + 1) order by a;
-- errors
with x as materialized (select 1 a) select * from y;
drop table cm;
