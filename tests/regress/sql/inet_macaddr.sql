-- macaddr and macaddr8: input formats, output, errors, operators,
-- functions, casts, ordering, indexes.
SELECT '08:00:2b:01:02:03'::macaddr, '08-00-2b-01-02-03'::macaddr, '08002b:010203'::macaddr,
       '08002b-010203'::macaddr, '0800.2b01.0203'::macaddr, '0800-2b01-0203'::macaddr,
       '08002b010203'::macaddr, '08:00:2B:01:02:03'::macaddr;
SELECT '08:00:2b:01:02:ZZ'::macaddr;
SELECT '08:00:2b:01:02'::macaddr;
SELECT '08:00:2b:01:02:03:04'::macaddr;
SELECT '08:00:2b:01:02:100'::macaddr;
SELECT '08:00:2b:01:02:03:04:05'::macaddr8, '08-00-2b-01-02-03-04-05'::macaddr8,
       '08002b0102030405'::macaddr8, '0800.2b01.0203.0405'::macaddr8,
       '08:00:2b:01:02:03'::macaddr8, '  08:00:2b:01:02:03:04:05  '::macaddr8;
SELECT '08:00:2b:01:02:03:04:0G'::macaddr8;
SELECT '08:00-2b:01:02:03:04:05'::macaddr8;
SELECT '08:00:2b:01:02:03:04:05:06'::macaddr8;
SELECT '08:00:2b:01:02:03 x'::macaddr8;
-- operators and functions
SELECT ~'08:00:2b:01:02:03'::macaddr, '08:00:2b:01:02:03'::macaddr & 'ff:ff:ff:00:00:00',
       '08:00:2b:01:02:03'::macaddr | '00:00:00:ff:ff:ff', trunc('08:00:2b:01:02:03'::macaddr);
SELECT ~'08:00:2b:01:02:03:04:05'::macaddr8,
       '08:00:2b:01:02:03:04:05'::macaddr8 & 'ff:ff:ff:ff:00:00:00:00',
       '08:00:2b:01:02:03:04:05'::macaddr8 | '00:00:00:00:ff:ff:ff:ff',
       trunc('08:00:2b:01:02:03:04:05'::macaddr8), macaddr8_set7bit('08:00:2b:01:02:03:04:05');
SELECT '08:00:2b:01:02:03'::macaddr < '08:00:2b:01:02:04', '08:00:2b:01:02:03'::macaddr = '08002b010203',
       '08:00:2b:01:02:03:04:05'::macaddr8 > '08:00:2b:01:02:03:04:04';
-- casts
SELECT '08:00:2b:01:02:03'::macaddr::macaddr8, '08:00:2b:ff:fe:01:02:03'::macaddr8::macaddr,
       macaddr8('08:00:2b:01:02:03'::macaddr), macaddr('08:00:2b:ff:fe:01:02:03'::macaddr8),
       '08:00:2b:01:02:03'::macaddr::text, macaddr('12:34:56:78:9a:bc');
SELECT '08:00:2b:01:02:03:04:05'::macaddr8::macaddr;
-- tables, ordering, indexes, UNIQUE
CREATE TABLE mac_t (id int, m macaddr UNIQUE, m8 macaddr8);
CREATE INDEX mac_t_m8 ON mac_t (m8);
INSERT INTO mac_t VALUES (1, '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05'),
  (2, '00:00:00:00:00:00', 'ff:ff:ff:ff:ff:ff:ff:ff'), (3, 'ff:ff:ff:ff:ff:ff', '00:00:00:00:00:00:00:01'),
  (4, NULL, NULL), (5, '08:00:2b:01:02:02', '08:00:2b:01:02:03');
INSERT INTO mac_t VALUES (6, '08-00-2b-01-02-03', NULL);
SELECT * FROM mac_t ORDER BY m;
SELECT * FROM mac_t ORDER BY m8 DESC;
SELECT id FROM mac_t WHERE m8 = '08:00:2b:ff:fe:01:02:03';
SELECT id FROM mac_t WHERE m > '08:00:00:00:00:00' ORDER BY id;
SELECT m, count(*) FROM mac_t GROUP BY m ORDER BY m;
DROP TABLE mac_t;
