-- tableoid of a table on the nullable side of an outer join: NULL in null-extended rows (pg_dump's index query reads c.tableoid of a LEFT JOINed pg_constraint)
create table to1(a int primary key);
create table to2(a int, b text);
insert into to1 values (1),(2),(3);
insert into to2 values (1, null), (2, 'x');
select to1.a, to2.tableoid = 'to2'::regclass as same, to2.tableoid is null as isnull from to1 left join to2 on to1.a = to2.a order by 1;
select count(*) from to1 where exists (select 1 from to2 where to2.a = to1.a and to1.tableoid = 'to1'::regclass);
select c.relname, i.tableoid is not null as has_idx from pg_class c left join pg_index i on i.indexrelid = c.oid where c.relname in ('to1', 'to1_pkey') order by 1;
select to1.a, (select x.tableoid is null from (select 1) s left join to2 x on x.a = to1.a) from to1 order by 1;
drop table to1, to2;
