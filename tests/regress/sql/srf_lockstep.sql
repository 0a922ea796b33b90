-- set-returning functions of a select list run in lock-step (ProjectSet)
create table lt (id int, n int, arr int[]);
insert into lt values (1, 2, '{10,20,30}'), (2, 3, '{40}'), (3, 0, '{}');
-- bare and inside an expression, equal lengths
select generate_series(1,3), generate_series(1,3)+1;
select generate_series(1,3)+1, generate_series(1,3);
-- different lengths
select generate_series(1,3), generate_series(1,2)+1;
select generate_series(1,2), generate_series(1,3)*10;
select generate_series(1,3)+0, generate_series(1,2)+1;
select generate_series(1,3), generate_series(1,2);
select generate_series(1,2) as a, generate_series(1,4) + generate_series(1,3) as b;
-- nested SRFs: a level above
select generate_series(1, generate_series(1,3));
select generate_series(1, generate_series(1,3)), generate_series(1,2);
select generate_series(1, generate_series(1,3)) + 1, generate_series(5,6);
select generate_series(1,3) as x, generate_series(1, generate_series(1,2)) as y;
-- over a table
select id, generate_series(1, n), unnest(arr) from lt order by 1, 2, 3;
select id, unnest(arr) * 2, generate_series(1, 2) from lt order by 1, 2, 3;
select id, unnest(arr), generate_series(1, n) + 100 from lt order by 1, 2, 3;
-- unnest + generate_series
select unnest(array[1,2,3]), generate_series(1,2) + 0;
select unnest(array['a','b']) || 'x', generate_series(1,3);
-- with a WHERE
select id, generate_series(1, 3), generate_series(1, n) * 10 from lt where id < 3 order by 1, 2;
-- with DISTINCT
select distinct generate_series(1,3) % 2, generate_series(1,3) order by 2;
select distinct generate_series(1,2), generate_series(1,4) % 2 order by 1, 2;
-- ORDER BY referencing select-list SRFs
select generate_series(1,3) as g, generate_series(1,2)+1 as h order by g desc;
select generate_series(1,3) as g, generate_series(1,2)+1 as h order by h nulls first, g;
select generate_series(1,3), generate_series(1,3)+1 order by 2 desc;
-- GROUP BY referencing select-list SRFs
select generate_series(1,3) as g, count(*) from lt group by g order by g;
select g, count(*) from (select generate_series(1,3) as g, generate_series(1,2)+1 as h) s group by g order by g;
-- an SRF in ORDER BY only: in lock-step with the select list's
select generate_series(1,3) as g order by generate_series(1,2), g;
select generate_series(1,3) order by generate_series(1,3) desc;
select generate_series(1,3) + 0 as g order by generate_series(1,4) desc;
-- GROUP BY a select-list SRF (no FROM)
select generate_series(1,3) % 2 as g, count(*) group by g order by g;
select generate_series(1,2) as g, sum(x) from (select 5 as x) s group by g order by g;
-- DISTINCT ON an SRF
select distinct on (generate_series(1,4) % 2) generate_series(1,4) as v order by generate_series(1,4) % 2, v desc;
-- in a subquery, lock-step inside
select * from (select generate_series(1,3) as a, generate_series(1,2) * 10 as b) s order by a;
select count(*) from (select generate_series(1,5), unnest(array[1,2]) + 1) s;
-- casts keep lock-step
select generate_series(1,3)::text, generate_series(1,2)::numeric + 0.5;
