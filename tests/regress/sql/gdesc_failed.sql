-- \gdesc in an aborted transaction: an empty statement parses and describes
-- (no result), anything else is refused with 25P02
begin;
select 1/0;
\gdesc
select 1 \gdesc
;
\gdesc
rollback;
