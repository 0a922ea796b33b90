-- a table's row type as a column type and cast target (rowtype.h, ctype.h)
create table rt_src (a int, b text);
create table rt_use (id int primary key, r rt_src);
insert into rt_use values (1, row(1, 'x')), (2, '(2,"y z")'), (3, null);
insert into rt_use values (4, row(4, null)::rt_src);
select * from rt_use order by id;
select id, (r).a, (r).b from rt_use order by id;
select (r).* from rt_use order by id;
select row(1, 'x')::rt_src, '(1,x)'::rt_src, ('(5,q)'::rt_src).b;
select pg_typeof(r), pg_typeof('(1,x)'::rt_src) from rt_use limit 1;
select r::text from rt_use order by id;
select r = row(1, 'x')::rt_src as eq from rt_use order by id;
select attname, format_type(atttypid, atttypmod) from pg_attribute
  where attrelid = 'rt_use'::regclass and attnum > 0 order by attnum;
-- whole-row values of the table itself
insert into rt_src values (7, 'seven'), (8, 'eight');
insert into rt_use select a + 10, rt_src from rt_src;
select * from rt_use where id > 10 order by id;
-- COPY text in and out
copy rt_use to stdout;
copy rt_use from stdin;
30	(30,"thirty, 30")
31	\N
\.
select * from rt_use where id >= 30 order by id;
delete from rt_use where id >= 30;
-- CREATE TABLE LIKE keeps the column's type
create table rt_like (like rt_use);
select format_type(atttypid, atttypmod) from pg_attribute
  where attrelid = 'rt_like'::regclass and attname = 'r';
drop table rt_like;
-- errors
select '(1,2,3)'::rt_src;
select '1,x'::rt_src;
select row(1, 2, 3)::rt_src;
select row('a', 'b')::rt_src;
insert into rt_use values (9, row('z', 1));
insert into rt_use values (9, row(9, 99));
select * from rt_use where id = 9;
delete from rt_use where id = 9;
alter table rt_src add column self rt_src;
-- DROP TABLE while a column uses its row type
drop table rt_src;
-- ALTER TABLE of a table whose row type is used
alter table rt_src alter column a type bigint;
alter table rt_src add column d int default 5;
alter table rt_src add column c int;
select * from rt_use order by id;
insert into rt_use values (20, row(20, 'twenty', 21));
select * from rt_use order by id;
alter table rt_src drop column b;
select * from rt_use order by id;
select (r).c from rt_use order by id;
alter table rt_src rename column a to aa;
select (r).aa from rt_use order by id;
alter table rt_src rename to rt_src2;
select r, pg_typeof(r) from rt_use where id = 1;
select '(3,4)'::rt_src2;
-- DROP ... CASCADE drops the columns
drop table rt_src2 cascade;
select * from rt_use order by id;
drop table rt_use;
-- a composite-typed parameter (PREPARE)
create type rt_ct as (x int, y text);
prepare rt_p(rt_ct) as select $1, ($1).y;
execute rt_p('(1,hello)');
prepare rt_q as select $1::rt_ct as v;
execute rt_q('(3,"a b")');
deallocate rt_p;
deallocate rt_q;
drop type rt_ct;
