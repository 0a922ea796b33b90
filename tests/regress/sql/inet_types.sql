-- inet and cidr: input and output (IPv4, IPv6, masks, classful cidr
-- shorthand), validation errors, casts, operators, functions, ordering,
-- indexes and UNIQUE, aggregates, binary COPY round trip. (GiST and SP-GiST
-- indexes are not built: CREATE INDEX ... USING gist answers 0A000.)
SELECT '192.168.1.5'::inet, '192.168.1.5/24'::inet, '10.1.2.3/8'::inet, '0.0.0.0/0'::inet;
SELECT '::1'::inet, '2001:db8::1/64'::inet, '::ffff:1.2.3.4'::inet, '::'::inet,
       'FFFF:0:0:0:0:0:0:1'::inet, '1:2:3:4:5:6:7:8'::inet, '::4.3.2.1/24'::inet;
SELECT '10'::cidr, '10.1'::cidr, '128'::cidr, '192.168'::cidr, '224'::cidr, '240.1'::cidr,
       '10.1.2'::cidr, '192.168.1.0/24'::cidr, '0x0a'::cidr, '2001:db8::/32'::cidr, '::/0'::cidr;
-- errors
SELECT '192.168.1.2/30'::cidr;
SELECT 'ffff:ffff:ffff:ffff::/24'::cidr;
SELECT '1.2.3'::inet;
SELECT '1.2.3.4/33'::inet;
SELECT '256.1.1.1'::inet;
SELECT ' 1.2.3.4'::inet;
SELECT 'abc'::cidr;
SELECT '1::2::3'::inet;
SELECT '::1/129'::inet;
SELECT cidr('192.168.1.2/30');
SELECT cidr('192.168.1.0/24');
-- casts
SELECT '192.168.1.5/24'::inet::cidr, '192.168.1.0/24'::cidr::inet, '1.2.3.4'::inet::text,
       '1.2.3.0/24'::cidr::text, text('1.2.3.4'::inet), '10.0.0.1/8'::inet::varchar,
       '5.6.7.8'::text::inet, cidr('10.1.2.3/8'::inet);
SELECT pg_typeof('1.2.3.4'::inet), pg_typeof('1.2.3.0/24'::cidr), pg_typeof(network('1.2.3.4'::inet));
-- functions
SELECT host(x), text(x), masklen(x), family(x), netmask(x), hostmask(x), network(x),
       broadcast(x), abbrev(x)
  FROM (VALUES ('192.168.1.226/24'::inet), ('10.1.2.3'::inet), ('10:23::f1/64'::inet),
               ('::ffff:1.2.3.4'::inet), ('0.0.0.0/0'::inet)) v(x);
SELECT abbrev(c) FROM (VALUES ('10.1.0.0/16'::cidr), ('10.1.2.0/23'::cidr), ('0.0.0.0/0'::cidr),
  ('2001:db8::/32'::cidr), ('::/0'::cidr), ('::ffff:1.2.3.0/120'::cidr),
  ('10:23::8000/113'::cidr)) v(c);
SELECT set_masklen('192.168.1.5/24'::inet, 16), set_masklen('192.168.1.0/24'::cidr, 16),
       set_masklen('192.168.1.5/24'::inet, -1), set_masklen('::1/64'::inet, 128);
SELECT set_masklen('192.168.1.5'::inet, 33);
SELECT set_masklen('192.168.1.0/24'::cidr, -2);
SELECT inet_same_family('1.2.3.4', '::1'), inet_same_family('1.2.3.4', '5.6.7.8/8'),
       inet_merge('192.168.1.5/24', '192.168.2.5/24'), inet_merge('10.1.2.3', '10.1.2.3'),
       inet_merge('::1', '::2');
SELECT inet_merge('1.2.3.4', '::1');
-- operators
SELECT '192.168.1.5'::inet << '192.168.1.0/24'::cidr AS sub,
       '192.168.1.0/24'::inet << '192.168.1.0/24'::inet AS sub_self,
       '192.168.1.0/24'::inet <<= '192.168.1.0/24'::inet AS subeq,
       '192.168.0.0/16'::cidr >> '192.168.1.5'::inet AS sup,
       '192.168.0.0/16'::cidr >>= '192.168.0.0/16'::inet AS supeq,
       '192.168.1.0/24'::inet && '192.168.0.0/16'::inet AS overlap,
       '10.0.0.0/8'::inet && '11.0.0.0/8'::inet AS no_overlap,
       '::1'::inet << '::/0'::inet AS v6sub, '1.2.3.4'::inet << '::/0'::inet AS mixed;
SELECT ~'192.168.1.5'::inet, '192.168.1.5'::inet & '0.0.255.255', '192.168.1.5'::inet | '0.0.0.255',
       ~'::1'::inet, '10.0.0.1/8'::inet & '255.0.0.0/16';
SELECT '1.2.3.4'::inet & '::1';
SELECT '1.2.3.4'::inet | '::1';
SELECT '192.168.1.250'::inet + 10, 10 + '192.168.1.250/24'::inet, '192.168.1.5'::inet - 6,
       '192.168.2.1'::inet - '192.168.1.255'::inet, '10.0.0.0'::inet - '10.0.0.5'::inet,
       '::1'::inet + 4294967296, 'ffff::'::inet - '::1'::inet;
SELECT '255.255.255.255'::inet + 1;
SELECT '0.0.0.0'::inet - 1;
SELECT '1.2.3.4'::inet - '::1'::inet;
SELECT 'ffff::1'::inet - '::1'::inet;
SELECT '0.0.0.0'::inet + 9223372036854775807;
-- comparison and ordering (network_cmp: family, network, mask length, address)
SELECT '10.0.0.0/8'::cidr = '10.0.0.0/8'::inet AS eq, '10.0.0.1/8'::inet = '10.0.0.1/16'::inet AS ne,
       '10.0.0.0/8'::inet < '10.0.0.0/16'::inet AS lt, '9.255.255.255'::inet < '10.0.0.0/8'::inet AS lt2,
       '255.255.255.255'::inet < '::'::inet AS v4_before_v6;
CREATE TABLE inet_t (id int PRIMARY KEY, i inet, c cidr);
INSERT INTO inet_t VALUES
  (1, '192.168.1.226/24', '192.168.1.0/24'), (2, '192.168.1.226', '192.168.1.0/26'),
  (3, '192.168.1.0/24', '192.168.1.0/24'), (4, '192.168.1.0/25', '192.168.1.0/24'),
  (5, '192.168.1.255/24', '192.168.1.0/24'), (6, '10.1.2.3/8', '10.0.0.0/8'),
  (7, '10.1.2.3', '10.1.2.3/32'), (8, '11.1.2.3/8', '10.0.0.0/8'), (9, '9.1.2.3/8', '10.0.0.0/8'),
  (10, '10:23::f1/64', '10:23::f1/128'), (11, '10:23::ffff', '10:23::8000/113'),
  (12, '::4.3.2.1/24', '::ffff:1.2.3.4/128'), (13, NULL, NULL), (14, '0.0.0.0/0', '0.0.0.0/0');
SELECT id, i FROM inet_t ORDER BY i, id;
SELECT id, c FROM inet_t ORDER BY c DESC NULLS LAST, id;
SELECT id, i FROM inet_t WHERE i << '192.168.1.0/24'::cidr ORDER BY id;
SELECT id, i FROM inet_t WHERE i <<= '192.168.1.0/24'::cidr ORDER BY id;
SELECT id, c FROM inet_t WHERE c >> '10.1.2.3'::inet ORDER BY id;
SELECT id, c, i FROM inet_t WHERE c = i ORDER BY id;
SELECT max(i), min(i), max(c), min(c) FROM inet_t;
SELECT c, count(*) FROM inet_t GROUP BY c ORDER BY c;
SELECT DISTINCT family(i) FROM inet_t ORDER BY 1;
-- btree index and key order
CREATE INDEX inet_t_i ON inet_t (i);
CREATE INDEX inet_t_c ON inet_t (c DESC);
SELECT id, i FROM inet_t WHERE i > '10.0.0.0/8' AND i < '192.168.1.255' ORDER BY i;
SELECT id FROM inet_t WHERE i = '192.168.1.226' ORDER BY id;
SELECT id, c FROM inet_t WHERE c >= '10.0.0.0/8' ORDER BY c DESC, id;
-- UNIQUE and primary keys of network types
CREATE TABLE inet_u (a inet PRIMARY KEY, b cidr UNIQUE);
INSERT INTO inet_u VALUES ('1.2.3.4', '1.2.3.0/24'), ('1.2.3.4/24', '1.2.0.0/16'), ('::1', '::/0');
INSERT INTO inet_u VALUES ('1.2.3.4', '5.0.0.0/8');
INSERT INTO inet_u VALUES ('5.6.7.8', '1.2.3.0/24');
INSERT INTO inet_u VALUES ('5.6.7.8', '1.2.3.4/24');
SELECT * FROM inet_u ORDER BY a;
SELECT * FROM inet_u WHERE a = '1.2.3.4/24';
UPDATE inet_u SET a = a + 1 WHERE family(a) = 4;
SELECT * FROM inet_u ORDER BY b;
-- joins
SELECT t.id, u.a FROM inet_t t JOIN inet_u u ON t.i = u.a ORDER BY 1;
SELECT t.id, u.b FROM inet_t t JOIN inet_u u ON t.c << u.b ORDER BY 1, 2;
-- arrays
SELECT ARRAY['1.2.3.4', '::1/64']::inet[], ARRAY['10.0.0.0/8']::cidr[];
SELECT (ARRAY['1.2.3.4', '::1/64']::inet[])[2];
-- binary COPY round trip
\copy inet_t to '/tmp/sf_regress_inet_types.bin' with binary
CREATE TABLE inet_t2 (LIKE inet_t);
\copy inet_t2 from '/tmp/sf_regress_inet_types.bin' with binary
SELECT count(*) FROM inet_t a JOIN inet_t2 b USING (id)
  WHERE a.i IS NOT DISTINCT FROM b.i AND a.c IS NOT DISTINCT FROM b.c;
DROP TABLE inet_t, inet_t2, inet_u;
