-- whole-row references to FROM items: t, t.* in expressions, (t).field, (t).*
create table cr_t (a int primary key, b text);
insert into cr_t values (1, 'x'), (2, 'hello world'), (3, ''), (4, null),
  (5, 'q"u\o(t)'), (6, 'a,b');
create table cr_u (a int, c text);
insert into cr_u values (1, 'one'), (2, null), (9, 'nine');

-- text output (record_out quoting)
select cr_t from cr_t order by a;
select cr_t.* from cr_t order by a;
select cr_t.*::text from cr_t order by a;
select t::text as txt, t from cr_t t order by a;
select t from cr_u as t order by a;

-- a column of that name wins over the whole row
create table cr_n (cr_n int, x text);
insert into cr_n values (7, 'z');
select cr_n from cr_n;
select n from cr_n n;

-- json
select row_to_json(t) from cr_t t order by a;
select row_to_json(t, true) from cr_t t where a = 1;
select to_json(t), to_jsonb(t) from cr_t t where a <= 2 order by a;
select json_agg(t order by a) from cr_t t;
select jsonb_agg(t order by a) from cr_t t where a < 4;
select json_build_object('row', t) from cr_t t where a = 1;

-- counting and null tests (row semantics)
select count(t.*), count(t) from cr_t t;
select a, t is null as isnull, t is not null as notnull from cr_t t order by a;
select u.a, u is null, u is not null, row_to_json(u)
  from cr_t t left join cr_u u on u.a = t.a order by t.a;
select count(u.*) from cr_t t left join cr_u u on u.a = t.a;
select t, u from cr_t t full join cr_u u on t.a = u.a order by t.a, u.a;

-- field selection and expansion
select (t).a, (t).b from cr_t t order by 1;
select (t).* from cr_t t where a < 3 order by a;
select (u).* from cr_u u order by a;

-- comparisons, grouping, distinct, ordering
select t = t as eq from cr_t t order by a;
select t from cr_t t where t = row(1, 'x');
select t1.a, t2.a, t1 < t2 as lt from cr_t t1, cr_t t2 where t1.a <= 2 and t2.a <= 2
  order by 1, 2;
select t from cr_t t order by t desc;
select distinct u from cr_u u order by u;
select u, count(*) from (select * from cr_u union all select * from cr_u) u
  group by u order by u;

-- other FROM items
select s from (select a, b from cr_t where a < 3) s order by s;
with w as (select a, c from cr_u) select w from w order by w;
select v from (values (1, 'a'), (2, 'b')) v(x, y) order by v;
select g from generate_series(1, 3) g;
select g from generate_series(1, 2) as g(n);
select e from unnest(array[10, 20]) with ordinality e order by e;
select (select u from cr_u u where u.a = t.a) from cr_t t order by t.a;
select t.a from cr_t t where exists (select 1 from cr_u u where u = row(t.a, 'one'::text));

-- arrays of rows
select array_agg(t order by a) from cr_t t;
select array_agg(row(a, c) order by a) from cr_u;
select array[row(1, 'a'), row(2, 'b c')];
select (array_agg(u order by a))[2] from cr_u u;
select array_agg(u order by a)::text from cr_u u;
select unnest(array_agg(u order by a)) from cr_u u;
select array_agg(u) = array_agg(u) from cr_u u;
select '{}'::record[];

-- DML returning whole rows
update cr_t t set b = 'y' where a = 1 returning t, t.*;
delete from cr_u u where a = 9 returning u;

-- errors
select nothere.* from cr_t;
select (t).nosuch from cr_t t;
select (1).x;
select (1).*;
select row(1, 'a') = t from cr_t t where a = 1;
select t = u from cr_t t, cr_u u;
create table cr_ctas as select row(1, 2) as r;
create table cr_ctas as select array_agg(row(a, c)) from cr_u;
create table cr_rec (x record);
create table cr_rec (x record[]);

drop table cr_t, cr_u, cr_n;
