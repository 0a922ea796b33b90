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
-- volatile WITH queries are materialized: every reference reads the same rows
with x as (select random() r)
select count(distinct r) from (select * from x union all select * from x) s;
with x as (select random() r) select (select r from x) = (select r from x) as same;
with x as (select random() r) select count(*) from x a, x b where a.r = b.r;
with x as (select random() r from generate_series(1, 5))
select count(*) from cm where (select count(distinct r) from x) = 5
  and exists (select 1 from x where r < 2);
create sequence cm_seq;
with x as (select nextval('cm_seq') v) select * from x, x y;
with x as not materialized (select nextval('cm_seq') v) select * from x, x y;
with x as (select nextval('cm_seq') v from generate_series(1, 3))
select count(*), count(distinct a.v) from x a join x b using (v);
with x as (select nextval('cm_seq') v) select a from cm where a < (select v from x) order by a;
select currval('cm_seq');
-- run only as far as read, not at all when unread
with x as materialized (select 1/0 as z) select 1 as one;
with x as materialized (select g from generate_series(1, 1000000) g) select * from x limit 3;
with x as materialized (select a from cm order by a)
select (select count(*) from x) as n, (select min(a) from x) as lo;
-- a data-modifying WITH query reading a materialized one
with x as materialized (select a from cm), d as (insert into cm select a + 10, 'n' from x returning a)
select count(*), sum(a) from d;
with x as (select nextval('cm_seq') v), d as (insert into cm select v, 'seq' from x returning a)
select d.a = x.v as same from d, x;
select count(*) from cm;
drop sequence cm_seq;
-- a volatile WITH query reading the outer row: evaluated once per outer row
select a, (with x as (select random() + cm.a r) select count(*) from x p, x q where p.r = q.r)
  from cm order by a;
select a, (with x as (select random() + cm.a r)
           select count(distinct r) from (select r from x union all select r from x) s)
  from cm order by a;
select count(distinct v) from
  (select (with x as (select random() + 0 * cm.a r) select p.r from x p, x q where p.r = q.r) v
     from cm) s;
select a from cm
 where a = (with x as (select cm.a + random() * 0 r) select min(p.r) from x p, x q where p.r = q.r)::int
 order by a;
-- a FROM item name used twice
with x as (select 1) select * from x, x;
with x as (select 1) select * from x join x on true;
select * from (select 1) a, (select 2) a;
select * from generate_series(1, 2) g, generate_series(1, 3) g;
select * from (values (1)) v cross join (values (2)) v;
with x as (select 1 a) select * from x, x y where x.a = y.a;
drop table cm;
-- a WITH query reading the recursive one, referenced twice in the recursive term
with recursive x(a) as
  ((values ('a'), ('b'))
   union all
   (with z as not materialized (select * from x)
    select z.a || z1.a as a from z cross join z as z1
    where length(z.a || z1.a) < 4))
select * from x order by a;
with recursive x(a) as
  ((values ('a'), ('b'))
   union all
   (with z as (select * from x)
    select z.a || z1.a as a from z cross join z as z1
    where length(z.a || z1.a) < 4))
select * from x order by a;
with recursive x(a) as ((values (1)) union all (select x.a + 1 from x, x y where x.a < 3))
select * from x;
with recursive t(n) as ((values (1)) union all (select n + 1 from t where n < 5)),
  y as (select n from t) select count(*) from y a join y b using (n);
