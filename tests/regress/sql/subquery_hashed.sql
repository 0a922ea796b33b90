-- Correlated EXISTS that stays a SubPlan (under OR / NOT, in a LEFT JOIN's
-- ON) answered by a hashed uncorrelated form; IN / NOT IN hashed; nested
-- EXISTS pulled up; LATERAL VALUES joined back. NULL semantics throughout.
create table sh1 (a int, b int, t text);
create table sh2 (c int, d int, u text);
insert into sh1 select g, g % 7, 'v' || (g % 5) from generate_series(1, 200) g;
insert into sh1 values (null, 1, null), (201, null, 'v1');
insert into sh2 select g * 2, g % 3, 'v' || (g % 4) from generate_series(1, 60) g;
insert into sh2 values (null, 0, null);
-- one key, two keys, text keys with an uncorrelated rest
select count(*) from sh1 where exists (select 1 from sh2 where sh2.c = sh1.a) or b = 0;
select count(*) from sh1 where not exists (select 1 from sh2 where sh2.c = sh1.a) or b is null;
select count(*) from sh1
 where exists (select 1 from sh2 where sh2.c = sh1.a and sh2.d = sh1.b) or a < 0;
select count(*) from sh1
 where exists (select 1 from sh2 where sh1.t = sh2.u and sh2.d = 1) or a is null;
select count(*) from sh1
 where exists (select 1 from sh2 where sh2.c / 2.0 = sh1.a::numeric) or b = 0;
select count(*) from sh1
 where exists (select 1 from sh2 where sh2.c = sh1.a limit 1) or b = 0;
-- in a select list and in a LEFT JOIN's ON
select a, exists (select 1 from sh2 where c = sh1.a) from sh1 where a < 8 or a is null order by a;
select count(*), count(sh2.c) from sh1 left join sh2
  on sh1.a = sh2.c and exists (select 1 from sh2 s3 where s3.d = sh2.d and s3.c = sh1.b * 2);
-- a parameter in the subquery
prepare p1(bool) as
  select count(*) from sh1 where exists (select 1 from sh2 where sh2.c = sh1.a and $1) or b = 3;
execute p1(true);
execute p1(false);
deallocate p1;
-- EXISTS is never NULL, NULL keys match nothing
select count(*) from sh1 where (exists (select 1 from sh2 where sh2.c = sh1.a) or b = 0) is null;
select count(*) from sh1 where not (exists (select 1 from sh2 where sh2.c = sh1.a) or false);
-- an empty subquery
select count(*) from sh1 where exists (select 1 from sh2 where sh2.c = sh1.a and sh2.d > 100) or b = 2;
-- with an index on the inner key
create index sh2_c on sh2 (c);
select count(*) from sh1 where exists (select 1 from sh2 where sh2.c = sh1.a) or b = 0;
select count(*) from sh1 where not exists (select 1 from sh2 where sh2.c = sh1.a) or b = 5;
drop index sh2_c;
-- keys of two integer types, of text and varchar, dates, uuids, booleans
select count(*) from sh1 where exists (select 1 from sh2 where sh2.c::int8 = sh1.a) or b = 0;
select count(*) from sh1 where exists (select 1 from sh2 where sh2.u::varchar = sh1.t and sh2.c < 10) or b = 0;
select count(*) from sh1
 where exists (select 1 from sh2 where date '2020-01-01' + sh2.c = date '2020-01-01' + sh1.a) or b = 0;
select count(*) from sh1
 where exists (select 1 from sh2 where md5(sh2.c::text)::uuid = md5(sh1.a::text)::uuid) or b = 0;
select count(*) from sh1 where exists (select 1 from sh2 where (sh2.c > 50) = (sh1.a > 150)) or b = 0;
select count(*) from sh1
 where exists (select 1 from sh2 where sh2.c::name = sh1.a::text::name and sh2.c::char(4) = sh1.a::char(4)) or b = 0;
-- not hashed: float4 = float8, volatile functions (same results)
select count(*) from sh1 where exists (select 1 from sh2 where sh2.c::float4 = sh1.a::float8) or b = 0;
select count(*) from sh1 where exists (select 1 from sh2 where sh2.c = sh1.a and random() >= 0) or b = 0;
-- an aggregate always gives a row, a set-returning function maybe none
select count(*) from sh1 where exists (select count(*) from sh2 where sh2.c = sh1.a + 1000) or b = 0;
select count(*) from sh1 where exists (select generate_series(1, 0) from sh2 where sh2.c = sh1.a) or b = 0;
select count(*) from sh1 where exists (select 1 from sh2 where sh2.c = sh1.a group by sh2.d) or b = 0;
select count(*) from sh1
 where exists (select 1 from sh2 where sh2.c = sh1.a having count(*) > 1) or b = 0;
-- in DELETE / UPDATE, reading the target table
create table sh3 (a int, b int);
insert into sh3 select g, g % 3 from generate_series(1, 20) g;
delete from sh3 where exists (select 1 from sh3 s2 where s2.a = sh3.a + 1) or b = 7;
select * from sh3 order by a;
insert into sh3 select g, g % 3 from generate_series(1, 20) g;
update sh3 set b = b + 10 where exists (select 1 from sh3 s2 where s2.a = sh3.a * 2) or a < 0;
select b, count(*) from sh3 group by b order by b;
drop table sh3;
-- IN / NOT IN over an uncorrelated subquery: NULLs in the set and the probe
select a, a in (select c from sh2), a not in (select c from sh2),
       a not in (select c from sh2 where c is not null)
  from sh1 where a in (1, 2, 3, 4) or a is null order by a;
select null::int not in (select c from sh2 where false) as n1,
       null::int in (select c from sh2 where false) as n2,
       null::int not in (select c from sh2 where c = 2) as n3,
       5 not in (select c from sh2 where c > 1000) as n4;
select count(*) from sh1 where a not in (select c from sh2) or b = 1;
select count(*) from sh1 where a not in (select c from sh2 where c is not null) or b = 1;
select count(*) from sh1 where a = any (select c from sh2) or b = 1;
-- (a, b) IN / NOT IN: rows with NULLs on either side
create table rl (a int, b int);
create table rs (x int, y int);
insert into rl values (1, 1), (1, 2), (2, null), (null, 2), (null, null), (3, 3), (4, 4), (5, null);
insert into rs values (1, 1), (2, 2), (null, 3), (4, null), (null, null), (5, 6);
select a, b, (a, b) in (select x, y from rs) as in_all,
       (a, b) not in (select x, y from rs) as notin_all,
       (a, b) in (select x, y from rs where x is not null and y is not null) as in_full,
       (a, b) not in (select x, y from rs where x is not null and y is not null) as notin_full,
       (a, b) not in (select x, y from rs where x = 4) as notin_4,
       (a, b) in (select x, y from rs where false) as in_empty,
       (a, b) not in (select x, y from rs where false) as notin_empty,
       (a, b) <> all (select x, y from rs) as ne_all,
       (a, b) = any (select x::int8, y from rs) as eq_any_i8
  from rl order by a nulls last, b nulls last;
select count(*) from rl where (a, b) not in (select x, y from rs) or a = 3;
select count(*) from rl where (a, b) in (select x, y from rs) or a = 3;
select count(*) from rl where not ((a, b) in (select x, y from rs)) or a = 3;
select a, b, (a, b, a) in (select x, y, x from rs) from rl order by 1, 2;
drop table rl, rs;
-- correlated columns of several levels
select a from sh1
 where exists (select 1 from sh2 where sh2.c = sh1.a
                 and exists (select 1 from sh1 s3 where s3.a = sh2.c / 2 and s3.b = sh1.b % 7))
 order by a limit 5;
select a, (select count(*) from sh2 where sh2.d = sh1.b
             and exists (select 1 from sh1 x where x.a = sh2.c and x.b = sh1.b))
  from sh1 where a <= 10 order by a;
-- nested EXISTS / NOT EXISTS: the inner one reads only the outer level
select count(*) from sh1 a1, sh1 a2
 where a1.a = a2.b and exists (select 1 from sh2 where sh2.d = a2.b
                                 and not exists (select 1 from sh2 s3 where s3.c = a1.a));
select count(*) from sh1 a1
 where exists (select 1 from sh2 where sh2.d = a1.b
                 and exists (select 1 from sh2 s3 where s3.c = a1.a));
select count(*) from sh1 a1
 where exists (select 1 from sh2 where sh2.d = a1.b
                 and not exists (select 1 from sh2 s3 where s3.c = sh2.c + a1.a));
-- LATERAL VALUES joined back to another FROM item
select count(*) from sh1 a, sh2 b join lateral (values (a.a)) v(x) on b.c = v.x;
select count(*) from sh1 a, sh2 b join lateral (values (a.a), (a.a + 1)) v(x) on b.c = v.x;
select a.a, v.x, b.d from sh1 a, sh2 b join lateral (select a.a * 2 as x) v on b.c = v.x
 where a.a < 6 order by 1;
drop table sh1, sh2;
