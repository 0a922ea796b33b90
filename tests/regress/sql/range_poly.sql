-- range types: polymorphic anyrange arguments and results of SQL and PL/pgSQL functions
create function anyarray_anyrange_func(a anyarray, r anyrange) returns anyelement as 'select $1[1] + lower($2);' language sql;
select anyarray_anyrange_func(ARRAY[1,2], int4range(10,20));
select anyarray_anyrange_func(ARRAY[1,2], int8range(10,20));
create function bogus_func(anyelement) returns anyrange as 'select int4range(1,10)' language sql;
create function bogus_func(int) returns anyrange as 'select int4range(1,10)' language sql;
create function range_add_bounds(anyrange) returns anyelement as 'select lower($1) + upper($1)' language sql;
select range_add_bounds(int4range(1, 17));
select range_add_bounds(numrange(1.0001, 123.123));
create function rangetypes_sql(q anyrange, b anyarray, out c anyelement) as $$ select upper($1) + $2[1] $$ language sql;
select rangetypes_sql(int4range(1,10), ARRAY[2,20]);
select rangetypes_sql(numrange(1,10), ARRAY[2,20]);
create function mk(anyelement, anyelement) returns anyrange language plpgsql as $$ begin return null; end $$;
create function mkr(r anyrange) returns anyrange language plpgsql as $$ begin return r * r; end $$;
select mkr(int4range(1,3)), mkr('[2000-01-01,2000-02-01)'::daterange);
create function outparam_succeed(i anyrange, out r anyrange, out t text) as $$ select $1, 'foo'::text $$ language sql;
select * from outparam_succeed(int4range(1,2));
create function inoutparam_succeed(out i anyelement, inout r anyrange) as $$ select upper($1), $1 $$ language sql;
select * from inoutparam_succeed(int4range(1,2));
create function table_succeed(r anyrange) returns table(l anyelement, u anyelement) as $$ select lower($1), upper($1) $$ language sql;
select * from table_succeed(int4range(1,11));
-- anycompatiblerange
create function anycompatiblearray_anycompatiblerange_func(a anycompatiblearray, r anycompatiblerange)
  returns anycompatible as 'select $1[1] + lower($2);' language sql;
select anycompatiblearray_anycompatiblerange_func(ARRAY[1,2], int4range(10,20));
select anycompatiblearray_anycompatiblerange_func(ARRAY[1,2], numrange(10,20));
select anycompatiblearray_anycompatiblerange_func(ARRAY[1.1,2], int4range(10,20));
drop function anycompatiblearray_anycompatiblerange_func(anycompatiblearray, anycompatiblerange);
create function bogus_func(anycompatible)
  returns anycompatiblerange as 'select int4range(1,10)' language sql;
create function polyf(x anycompatiblerange, y anycompatible, z anycompatible) returns anycompatiblearray as $$
  select array[lower(x), upper(x), y, z]
$$ language sql;
select polyf(int4range(42, 49), 11, 2::smallint) as int, polyf(numrange(4.5, 7.8), 7.8, 11::int) as num;
select polyf(int4range(42, 49), 11, 4.5) as fail;
drop function polyf(x anycompatiblerange, y anycompatible, z anycompatible);
create function polyf(x anycompatiblerange, y anycompatiblearray) returns anycompatiblerange as $$
  select x
$$ language sql;
select polyf(int4range(42, 49), array[11]) as int, polyf(numrange(4.5, 7.8), array[7]) as num;
drop function polyf(x anycompatiblerange, y anycompatiblearray);
create function polyf(x anycompatible) returns anycompatiblerange as $$ select null $$ language sql;
