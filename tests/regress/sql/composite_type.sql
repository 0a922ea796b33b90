-- named composite types: CREATE TYPE ... AS (...), columns, casts, DROP TYPE
create type ct_pair as (a int, b text);
select row(1, 'a')::ct_pair;
select '(2,"b c")'::ct_pair;
select ('(3,x)'::ct_pair).b;
select ('(3,x)'::ct_pair).*;
select '(4,)'::ct_pair is null as isnull;
select '(1,a)'::ct_pair = row(1, 'a')::ct_pair as eq;
create table ct_t (id int primary key, p ct_pair);
insert into ct_t values (1, row(1, 'one')), (2, '(2,"two words")'), (3, null);
select * from ct_t order by id;
select id, (p).a, (p).b from ct_t order by id;
select row_to_json(ct_t) from ct_t order by id;
select p::text from ct_t order by id;
select typname, typtype from pg_type where typname = 'ct_pair';
select attname, format_type(atttypid, atttypmod)
  from pg_attribute a join pg_type t on a.attrelid = t.typrelid
  where t.typname = 'ct_pair' order by attnum;
select '(1,2,3)'::ct_pair;
select '1,2'::ct_pair;
drop type ct_pair;
drop type ct_pair cascade;
drop table ct_t;
drop type if exists ct_pair;
drop type ct_pair;
create type ct_pair as (a int, b text);
drop type ct_pair;
