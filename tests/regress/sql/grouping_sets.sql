-- GROUPING SETS, ROLLUP, CUBE
create table gs_t(a int, b text, c int);
insert into gs_t values (1,'x',10),(1,'y',20),(2,'x',30),(2,null,40),(3,'z',null);
select a, b, sum(c), count(*) from gs_t group by grouping sets ((a,b),(a),()) order by 1,2,3;
select a, b, sum(c) from gs_t group by rollup (a, b) order by 1,2,3;
select a, b, sum(c) from gs_t group by cube (a, b) order by 1,2,3;
select a, b, c, count(*) from gs_t group by a, rollup (b, c) order by 1,2,3,4;
select a, b, c, count(*) from gs_t group by cube (a), grouping sets (b, c) order by 1,2,3,4;
select a, b, count(*) filter (where c > 10), count(distinct c) from gs_t group by rollup((a,b)) having count(*) > 1 order by 1,2;
select a+1 as x, sum(c) from gs_t group by grouping sets (a, ()) order by 1;
select sum(c), count(*) from gs_t where false group by grouping sets ((), a);
select sum(c), count(*) from gs_t where false group by rollup (a);
select b, c, sum(a) from gs_t group by grouping sets (b, cube(a)) order by 1,2,3;
select a, b from gs_t group by grouping sets (grouping sets ((a), (b)), ()) order by 1,2;
select a, max(b) from gs_t group by grouping sets ((), (a), (a)) order by 1,2;
select a, sum(c) from gs_t group by grouping sets (()) order by 1;
select a, sum(count(*)) over (), count(*) from gs_t group by rollup (a) order by 1;
select a, sum(c) from gs_t group by rollup (a) order by sum(c) desc nulls last, 1;
select * from (select a, b, sum(c) s from gs_t group by cube (a, b)) q where s > 20 order by 1,2,3;
-- errors
select a, b from gs_t group by grouping sets (a) order by 1;
select c from gs_t group by rollup (a, b);
select a from gs_t group by rollup (a) having b is null;
drop table gs_t;
