-- ROW(t.*) in a row comparison: t.* expands to t's columns
create table rs (a int, b int);
insert into rs values (1, 2), (1, 3), (2, 2), (null, 2);
select * from rs t where ROW(t.*) = ROW(1, 2);
select * from rs t where ROW(t.*) <> ROW(1, 2) order by a, b;
select * from rs t where ROW(1, 2) = ROW(t.*);
select * from rs t where ROW(t.*) < ROW(1, 3) order by a, b;
select * from rs t where ROW(t.*) >= ROW(1, 3) order by a, b;
select a, b, ROW(t.*) = ROW(1, 2) as eq from rs t order by a, b;
select * from rs t where ROW(t.a, t.*) = ROW(1, 1, 2);
select * from rs t where ROW(t.*) = ROW('1', '2');
select count(*) from rs t, rs u where ROW(t.*) = ROW(u.*);
select * from rs t where ROW(t.*) = ROW(u.*);
select * from rs t where ROW(t.*) = ROW(1, 2, 3);
select * from rs t where ROW(t.*) = ROW(1);
select x.a, y.a from rs x left join rs y on y.a = 5 where ROW(y.*) = ROW(1, 2);
