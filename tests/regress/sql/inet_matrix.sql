-- inet/cidr functions and operators over a matrix of edge values (IPv4, IPv6,
-- embedded IPv4, zero runs, /0 and full masks), checked against PostgreSQL 15.
CREATE TABLE v (x inet);
INSERT INTO v VALUES ('0.0.0.0/0'),('1.2.3.4'),('1.2.3.4/0'),('1.2.3.4/7'),('1.2.3.4/31'),('255.255.255.255'),('10.0.0.0/8'),('128.0.0.0/1'),
 ('::'),('::/0'),('::1'),('::1/127'),('::ffff:0.0.0.0/96'),('::ffff:1.2.3.4'),('::1.2.3.4'),('::0.0.0.1'),('1::'),('1:0:0:1::'),('1:0:0:1:0:0:0:1'),
 ('0:0:1::'),('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128'),('1:2:3:4:5:6:1.2.3.4'),('::ffff:1.2.3.4/120'),('2001:db8:0:0:1:0:0:1/65'),('::1:0:0:0'),('0:0:0:0:0:1:0:0');
SELECT x, host(x), text(x), abbrev(x), masklen(x), family(x), netmask(x), hostmask(x), network(x), broadcast(x), abbrev(network(x)), ~x FROM v;
SELECT a.x, b.x, a.x < b.x AS lt, a.x = b.x AS eq, a.x << b.x AS sub, a.x <<= b.x AS subeq, a.x >> b.x AS sup, a.x && b.x AS ov,
  inet_same_family(a.x, b.x) FROM v a, v b ORDER BY a.x, b.x;
SELECT a.x, b.x, inet_merge(a.x, b.x) FROM v a, v b WHERE family(a.x) = family(b.x) ORDER BY 1, 2;
SELECT a.x, b.x, a.x & b.x, a.x | b.x FROM v a, v b WHERE family(a.x) = family(b.x) ORDER BY 1, 2;
SELECT x, set_masklen(x, 0), set_masklen(x::cidr, 5), set_masklen(x, 30), abbrev(set_masklen(x::cidr, 30)), abbrev(set_masklen(x::cidr, 121)) FROM v WHERE family(x) = 6;
SELECT x, abbrev(set_masklen(x::cidr, m)) FROM v, generate_series(0, 32, 3) m WHERE family(x) = 4 ORDER BY 1, 2;
SELECT x, m, abbrev(set_masklen(x::cidr, m)) FROM v, generate_series(0, 128, 7) m WHERE family(x) = 6 ORDER BY 1, 2;
SELECT a.x, b.x, a.x - b.x FROM v a, v b WHERE family(a.x) = 4 AND family(b.x) = 4 ORDER BY 1, 2;
SELECT x, x + 1, x - 1, x + 256, x - 65536 FROM v WHERE x <> '255.255.255.255' AND x > '0.0.0.0/0' AND x < '::' ORDER BY 1;
SELECT x, x::text::cidr FROM v WHERE x = network(x) ORDER BY 1;
SELECT 'fe80::1%1'::inet;
