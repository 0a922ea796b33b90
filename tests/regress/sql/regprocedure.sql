-- regprocedure: input by signature (Rails' type map asks for typinput = 'array_in(cstring,oid,integer)'::regprocedure), output as name(types)
select 'array_in(cstring,oid,integer)'::regprocedure, 'array_in(cstring,oid,integer)'::regprocedure::oid;
select count(*) > 0 from pg_type t where t.typinput = 'array_in(cstring,oid,integer)'::regprocedure;
select 'now()'::regprocedure, 'lower(text)'::regprocedure, 'int4in(cstring)'::regprocedure::oid;
create function rpf(a int, b text) returns int language sql as 'select a';
select 'rpf(integer, text)'::regprocedure, 'public.rpf(int4,text)'::regprocedure::oid = (select oid from pg_proc where proname = 'rpf');
select 'rpf(text)'::regprocedure;
select 'nosuch()'::regprocedure;
select 'rpf'::regprocedure;
select x::regprocedure from (values ('lower(text)')) v(x);
select 0::regprocedure, 2212::regprocedure;
drop function rpf;
