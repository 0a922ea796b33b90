-- column defaults of user types print with the type's name, as ruleutils prints the coerced constant
create schema ds;
create type ds.dst as enum ('new', 'old');
create domain ds.pos as int check (value > 0);
create table dft(e ds.dst default 'new', f ds.dst[] default '{new}', p ds.pos default 5, t text default 'x');
select adnum, pg_get_expr(adbin, adrelid) from pg_attrdef where adrelid = 'dft'::regclass order by 1;
\d dft
select column_name, column_default from information_schema.columns where table_name = 'dft' order by ordinal_position;
-- catalog arrays are arrays: pg_index.indkey an int2vector, pg_constraint.conkey a smallint[]
create table ck(a int, b int, c int, primary key (b, a), unique (c));
select i.indkey, i.indkey[0], array_length(i.indkey, 1), (select array_agg(x) from unnest(i.indkey) x)
  from pg_index i where i.indrelid = 'ck'::regclass and i.indisprimary;
select unnest(i.indkey) as attnum, generate_subscripts(i.indkey, 1) as ord
  from pg_index i where i.indrelid = 'ck'::regclass and i.indisprimary;
select a.attname from pg_attribute a join pg_index i on a.attrelid = i.indrelid and a.attnum = any(i.indkey)
  where i.indrelid = 'ck'::regclass and i.indisprimary order by 1;
select conname, conkey, conkey[1], pg_typeof(conkey) from pg_constraint where conrelid = 'ck'::regclass order by 1;
select i.indkey::int2[], pg_typeof(i.indclass) from pg_index i where i.indrelid = 'ck'::regclass and i.indisprimary;
drop table dft, ck;
drop type ds.dst;
drop domain ds.pos;
drop schema ds;
