-- ALTER SEQUENCE / ALTER TABLE ... OWNER TO on a sequence (pg_dump writes the latter)
create role seqo;
create table sot(a int);
create sequence sos;
alter table sos owner to seqo;
select c.relname, r.rolname from pg_class c join pg_roles r on r.oid = c.relowner where c.relname in ('sos','sot') order by 1;
alter sequence sos owner to current_user;
select c.relname, r.rolname from pg_class c join pg_roles r on r.oid = c.relowner where c.relname = 'sos';
alter sequence sot owner to seqo;
alter sequence nosuch owner to seqo;
alter sequence if exists nosuch owner to seqo;
alter sequence sos owner to nobody_here;
drop sequence sos; drop table sot; drop role seqo;
