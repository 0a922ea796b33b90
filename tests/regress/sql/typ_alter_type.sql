-- ALTER TYPE of named composite types (ctype_alter.c)
create type at_ct as (a int, b text);
create table at_t (id int primary key, c at_ct);
insert into at_t values (1, row(1, 'x')), (2, null);
alter type at_ct add attribute c int;
select * from at_t order by id;
insert into at_t values (3, row(3, 'y', 33));
select * from at_t order by id;
alter type at_ct drop attribute b;
select * from at_t order by id;
select (c).a, (c).c from at_t order by id;
alter type at_ct alter attribute a type bigint;
alter type at_ct rename attribute a to aa;
select (c).aa from at_t order by id;
select attname, format_type(atttypid, atttypmod) from pg_attribute a
  join pg_type t on a.attrelid = t.typrelid
  where t.typname = 'at_ct' and attnum > 0 and not attisdropped order by attnum;
-- errors
alter type at_ct rename attribute zz to aa;
alter type at_ct rename attribute aa to c;
alter type at_ct drop attribute zz;
alter type at_ct drop attribute if exists zz;
alter type at_ct add attribute aa int;
alter type at_ct add attribute q serial;
alter type at_ct add attribute s at_ct;
alter type at_ct alter attribute zz type int;
alter type at_t add attribute z int;
alter type no_such_type add attribute z int;
alter table at_ct add column z int;
alter table at_ct rename to at_zz;
-- unused types: ALTER ATTRIBUTE TYPE, several actions, RENAME TO
create type at_two as (a int, b text);
alter type at_two alter attribute a type text;
select '(1,x)'::at_two;
alter type at_two alter attribute a set data type numeric(5,2);
select '(1,x)'::at_two;
alter type at_two add attribute x int, drop attribute b;
select '(1,2)'::at_two, row(1.5, 7)::at_two;
alter type at_two rename to at_three;
select '(1,2)'::at_three;
select '(1,2)'::at_two;
alter type at_three rename to at_ct;
alter type at_three drop attribute a, drop attribute x;
select '()'::at_three;
-- the new shape in a table created after the change
create table at_t3 (k at_three);
insert into at_t3 values ('()');
select * from at_t3;
alter type at_three add attribute n int;
select * from at_t3;
insert into at_t3 values (row(5));
select k, (k).n from at_t3 order by 1;
drop table at_t3;
drop type at_three;
drop table at_t;
drop type at_ct;
-- OWNER TO, SET SCHEMA
create type os_ct as (a int);
create role typ_os_role;
alter type os_ct owner to typ_os_role;
select typname, pg_get_userbyid(typowner) from pg_type where typname = 'os_ct';
alter type os_ct owner to typ_no_such_role;
alter type os_ct owner to current_user;
select typname, pg_get_userbyid(typowner) from pg_type where typname = 'os_ct';
create schema os_s;
alter type os_ct set schema os_s;
select '(1)'::os_s.os_ct;
select '(1)'::os_ct;
select typname, nspname from pg_type t join pg_namespace n on n.oid = t.typnamespace
  where typname = 'os_ct';
alter type os_s.os_ct set schema typ_no_such_schema;
create type os_ct as (b int);
alter type os_ct set schema os_s;
drop type os_ct;
drop type os_s.os_ct;
drop schema os_s;
drop role typ_os_role;
