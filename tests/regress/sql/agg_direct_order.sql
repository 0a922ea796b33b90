-- Ordered-set / hypothetical-set direct arguments reading grouped columns,
-- the group order PostgreSQL's sorted aggregation gives (aggregates with
-- DISTINCT or ORDER BY, grouping-set chains), nested-aggregate errors in
-- an outer-level aggregate's FILTER.
create table ad(g int, p float8, x int, t text);
insert into ad select i % 3, (i % 3) / 4.0, i, (i % 5)::text
  from generate_series(1, 20) i;
insert into ad values (null, null, 100, 'n');

-- direct arguments from the group keys
select p, percentile_cont(p) within group (order by x),
       percentile_disc(p) within group (order by x desc)
  from ad group by p order by p;
select g, percentile_cont(g / 4.0) within group (order by x) from ad group by g order by g;
select g, percentile_disc(array[g / 4.0, 0.5]) within group (order by x)
  from ad where g is not null group by g order by g;
select g, rank(g * 5) within group (order by x), dense_rank(g * 5) within group (order by x),
       percent_rank(g * 5) within group (order by x), cume_dist(g * 5) within group (order by x)
  from ad group by g order by g;
select dense_rank(x) within group (order by x) from (values (1),(1),(2),(2),(3),(3)) v(x)
  group by x order by 1;
-- under ROLLUP the rolled-up key reads NULL
select a, grouping(a), array_agg(b order by b),
       rank(a) within group (order by b nulls first),
       rank(a) within group (order by b nulls last)
  from (values (1,1),(1,4),(1,5),(3,1),(3,2)) v(a,b)
 group by rollup (a) order by a;
select g, percentile_disc(coalesce(g, 2) / 4.0) within group (order by x)
  from ad group by cube(g) order by 1;
-- errors: ungrouped columns, literal input
select rank(x) within group (order by x) from generate_series(1,5) x;
select g, percentile_cont(p) within group (order by x) from ad group by g;
select percentile_cont(x) within group (order by x) from ad;
select percentile_cont('a') within group (order by x) from ad;

-- aggregates with DISTINCT / ORDER BY: groups in key order
select g, count(distinct t) from ad group by g;
select t, string_agg(x::text, ',' order by x) from ad where x < 12 group by t;
select g, t, array_agg(distinct x % 4) from ad where x < 9 group by g, t;
select g, sum(x) from ad group by g having count(distinct t) > 1;
-- grouping-set chains: each chain's groups in order, the finer set first
select g, t, array_agg(x order by x) from ad where x < 8 group by rollup(g, t);
select g, t, count(distinct x) from ad where x < 8 group by grouping sets (rollup(g, t), g);
select g, t, x % 2 as m, min(x order by x)
  from ad where x < 7 group by rollup(g, t), grouping sets (x % 2, ());
select g, string_agg(t, '' order by t) from ad group by grouping sets ((g), (g), ());
-- two output names of one expression are two grouping keys
select g as alias1, g as alias2, count(*) from generate_series(1,3) g
  group by alias1, rollup(alias2) order by 1, 2;
select g as alias1, g as alias2 from generate_series(1,3) g group by 1, rollup(2) order by 1, 2;
select g, g as h from generate_series(1,3) g group by g, rollup(g) order by 1, 2;
select g as a, g + 0 as b from generate_series(1,2) g group by rollup(g, g + 0) order by 1, 2;

-- an aggregate inside an outer-level aggregate's FILTER is nested
select (select max(x) filter (where sum(g) > 0) from (values (1)) v(y)) from ad;
select (select max(x) filter (where y > 0) from (values (1)) v(y)) from ad where x < 3;
select max(x) filter (where sum(g) > 0) from ad;
-- DISTINCT with an ORDER BY key not in the arguments: the key's leftmost position
select string_agg(distinct t, ',' order by t::varchar) from ad;
select string_agg(distinct t, ',' order by t || 'x') from ad;
drop table ad;
