-- The statistics aggregates' transition / combine functions and the boolean
-- aggregates' state functions, callable as SQL functions (PostgreSQL 15's pg_proc).
SELECT float8_accum('{4,140,2900}'::float8[], 100);
SELECT float8_regr_accum('{4,140,2900,1290,83075,15050}'::float8[], 200, 100);
SELECT float8_combine('{3,60,200}'::float8[], '{0,0,0}'::float8[]);
SELECT float8_combine('{0,0,0}'::float8[], '{2,180,200}'::float8[]);
SELECT float8_combine('{3,60,200}'::float8[], '{2,180,200}'::float8[]);
SELECT float8_regr_combine('{3,60,200,750,20000,2000}'::float8[], '{0,0,0,0,0,0}'::float8[]);
SELECT float8_regr_combine('{0,0,0,0,0,0}'::float8[], '{2,180,200,740,57800,-3400}'::float8[]);
SELECT float8_regr_combine('{3,60,200,750,20000,2000}'::float8[], '{2,180,200,740,57800,-3400}'::float8[]);
SELECT float8_accum('{0,0,0}', 1.5), float8_accum('{1,1.1,0}', 0.3), float8_combine('{1,0.1,0}', '{2,0.3,0.01}');
SELECT float8_accum('{4,140}'::float8[], 100);
SELECT float8_accum('{4,140,null}'::float8[], 100);
SELECT float8_accum(null, 100);
SELECT float8_regr_accum('{1,2,3,4,5,6}', 1e308, 1e308);
SELECT booland_statefunc(NULL, NULL) IS NULL, booland_statefunc(true, false), boolor_statefunc(false, true), boolor_statefunc(false,false);
-- DISTINCT / FILTER on a call that is not an aggregate: a missing function is 42883 first
select aggfns(distinct a,b,c) from (values (1,3,'foo')) v(a,b,c);
select nofn(a) filter (where a > 1) from (values (1)) v(a);
select abs(distinct a) from (values (1)) v(a);
select lower(a) filter (where a > 'x') from (values ('a')) v(a);
select abs(distinct a, 1) from (values (1)) v(a);
create function agg_t_f1(int) returns int language sql as 'select $1';
select agg_t_f1(distinct a) from (values (1)) v(a);
drop function agg_t_f1(int);
