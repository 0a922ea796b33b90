-- ALTER SCHEMA / DOMAIN / TYPE / DATABASE ... OWNER TO (pg_dump writes one after each object)
create role own1;
create type ot_enum as enum ('a');
create domain ot_dom as int;
create type ot_comp as (a int);
create schema ot_s;
alter type ot_enum owner to own1;
alter type ot_dom owner to own1;
alter domain ot_dom owner to current_user;
alter domain ot_enum owner to own1;
alter domain nosuch owner to own1;
alter type nosuch owner to own1;
alter type ot_comp owner to own1;
alter schema ot_s owner to own1;
alter schema nosuch owner to own1;
alter schema ot_s owner to nobody_here;
begin;
alter type ot_comp owner to current_user;
alter schema ot_s owner to current_user;
rollback;
select typname, pg_get_userbyid(typowner) from pg_type where typname like 'ot_%' and typname not like '%[]' order by 1;
select nspname, pg_get_userbyid(nspowner) from pg_namespace where nspname = 'ot_s';
\dn ot_s
\dT ot_*
alter database nosuch owner to own1;
drop type ot_enum; drop domain ot_dom; drop type ot_comp; drop schema ot_s; drop role own1;
