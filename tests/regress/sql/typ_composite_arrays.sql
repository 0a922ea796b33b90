-- arrays of composite values (ARRAY[], array_agg): elements keep their type,
-- so subscripts give values whose fields can be selected
create type cia_pair as (a int, b text);
select ARRAY[ROW(1, 'a')::cia_pair, ROW(2, 'b c')::cia_pair];
select ((ARRAY[ROW(1, 'a')::cia_pair, ROW(2, 'b')::cia_pair])[2]).b;
select (ARRAY[ROW(1, 'a')::cia_pair, ROW(2, 'b')::cia_pair])[2:2];
select ((ARRAY[ROW(1, 'a')::cia_pair, ROW(2, 'b')::cia_pair])[2:2])[1];
select (((ARRAY[ROW(1, 'a')::cia_pair, ROW(2, 'b')::cia_pair])[1:2])[2]).a;
select ((ARRAY[ROW(1, 'a')::cia_pair])[5]).a is null as oob;
create table cia_t (id int, p cia_pair);
insert into cia_t values (1, '(1,a)'), (2, '(2,b)'), (3, null), (4, '(,)');
select array_agg(p order by id) from cia_t;
select (array_agg(p order by id desc))[1] from cia_t;
select ((array_agg(p order by id desc))[2]).a from cia_t;
select ((array_agg(p order by id))[1]).* from cia_t;
select (x[2]).b, (x[3]).a, x[4] from (select array_agg(p order by id) x from cia_t) s;
select unnest(array_agg(p order by id)) from cia_t;
select array_agg(p order by id) = array_agg(p order by id) as eq,
       array_agg(p order by id) <> array_agg(p order by id desc) as ne from cia_t;
select ARRAY[ROW(1, 'a')::cia_pair] = ARRAY[ROW(1, 'a')::cia_pair] as eq;
select ARRAY[ROW(1, 'a')::cia_pair] union all select ARRAY[ROW(3, 'c')::cia_pair];
-- whole rows of a table
select ((array_agg(cia_t order by id))[2]).p from cia_t;
select ((array_agg(cia_t order by id))[2]).id from cia_t;
-- anonymous records have no known fields
select ((ARRAY[ROW(1, 'a'), ROW(2, 'b')])[1]).f1;
select ((array_agg(ROW(id, p)))[1]).f1 from cia_t;
drop table cia_t;
drop type cia_pair;
