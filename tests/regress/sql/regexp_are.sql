-- PostgreSQL's advanced-RE features beyond POSIX: lookaround constraints,
-- non-greedy quantifiers, constraint and character-entry escapes.

-- lookahead and lookbehind
select 'xz' ~ 'x(?=[xy])', 'xy' ~ 'x(?=[xy])', 'xz' ~ 'x(?![xy])', 'x' ~ 'x(?![xy])';
select 'xyy' ~ '(?<=[xy])yy+', 'zyy' ~ '(?<=[xy])yy+', 'zyy' ~ '(?<![xy])yy+';
select regexp_matches('abc', 'a(?=b)b*(?=c)c*');
select regexp_matches('foobar', '(?<=foo)b+');
select regexp_match('price: 42 EUR', '\d+(?= EUR)');
select regexp_replace('foo.bar.baz', '\.(?=ba)', '/', 'g');
select substring('abc123def' from '(?<=c)\d+');
select regexp_matches('a1b2c3', '(?<=[a-z])(\d)', 'g');
select 'dd x' ~ '(^(?!aa)(?!bb)(?!cc))+', 'aa x' ~ '(^(?!aa)(?!bb)(?!cc))+';
select regexp_count('abcabc', 'b(?=c)'), regexp_instr('xxabc', '(?<=x)a');

-- non-greedy quantifiers
select 'b' ~ 'a+?', 'ab' ~ 'a+?b', 'aaa' ~ '^a{2,3}?$';
select substring('aaa123bbb' from 'a+?(\d+)');
select regexp_match('<a><b>', '<.+?>');
select regexp_replace('<a><b>', '<.*?>', '[]', 'g');
select regexp_matches('Programmer', '(\w)(.*?\1)', 'g');
select regexp_split_to_array('a1b22c333', '\d+?');

-- constraint escapes
select 'foo bar' ~ '\mbar', 'foobar' ~ '\mbar', 'foo bar' ~ 'foo\M', 'foobar' ~ 'foo\M';
select 'a b' ~ 'a\yb', 'a b' ~ 'a\y \yb', 'ab' ~ 'a\Yb';
select regexp_replace('the cat sat', '\mcat\M', 'dog');
select 'abc' ~ '\Aabc\Z', E'abc\n' ~ 'abc\Z';

-- character-entry escapes
select 'aA' ~ '\x41', 'a.' ~ '\x2e', 'ab' ~ '\x2e', 'a' ~ '\u0061';
select E'a\tb' ~ 'a\tb', E'a\nb' ~ 'a\nb', E'a\\b' ~ 'a\Bb', E'a\007' ~ 'a\07';
select 'a' ~ '\0';
select 'a' ~ '\q';
select 'a' ~ '\x';
select 'a' ~ '\x7fffffff';
select 'a' ~ 'a\';

-- back-references and lookaround do not mix
select 'xyz' ~ 'x(\w)(?=\1)';
select 'a' ~ 'a(?=b)*';

-- regexp_replace with start, N and flags (PostgreSQL 15)
select regexp_replace('A PostgreSQL function', 'A|e|i|o|u', 'X', 1);
select regexp_replace('A PostgreSQL function', 'A|e|i|o|u', 'X', 1, 2);
select regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', 1, 0, 'i');
select regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', 1, 3, 'i');
select regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', 7, 0, 'i');
select regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', 1, 9, 'i');
select regexp_replace('abcabc', '(?<=b)c', 'Z', 4);
select regexp_replace('foobarbaz', '(?:ba)(.)', '<\1>', 'g');
select regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', -1, 0, 'i');
select regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', 1, -1, 'i');
select regexp_replace('A PostgreSQL function', 'a|e|i|o|u', 'X', '1');
select regexp_replace('abc', 'b', 'X', 'z');

-- flags: expanded syntax, newline sensitivity, quoting
select regexp_like('abc', ' a . c ', 'x'), regexp_like('a c', 'a\ c  # comment', 'x');
select regexp_match('foo bar', '(\w+) # first word
                               \s (\w+)', 'x');
select regexp_like(E'a\nd', 'a.d', 'n'), regexp_like(E'a\nd', 'a.d', 's');
select regexp_like('abc', 'a.c', 'g');
select regexp_like('a.c', 'a.c', 'q'), regexp_like('abc', 'a.c', 'q');

-- SIMILAR TO bracket expressions with classes
select 'ab' similar to '[_[:alpha:]_]%', '_' similar to '[_[:digit:]]', 'x' similar to '[_[:digit:]]';
select ']' similar to '[]%]', '%' similar to '[]%]', 'a' similar to '[^]%]';

-- PostgreSQL's greediness rules: a quantifier on a group imposes its
-- greediness inside; a non-greedy RE takes its shortest match
select regexp_match('llmmmfff', '^(l*){1,1}?(.*)(f*)$');
select regexp_match('llmmmfff', '^(l*?){1,1}(.*)(f*)$');
select regexp_match('llmmmfff', '^(l*?)(.*)(f*)$');
select regexp_match('llmmmfff', '^(l*){1,1}?(.*){1,1}?(f*)$');
select regexp_match('abcabc', 'b.*?c'), regexp_match('abcabc', '(b.*)?c');
select substring('abcdefg' similar 'a*#"%#"g*' escape '#');
select substring('foobar' similar '#"f_o#"%' escape '#');

-- character classes in regexp_* patterns
select regexp_replace('a[b]c^-', '[[:punct:]]', '_', 'g'), regexp_replace(E'a\tb', '[[:cntrl:]]', '_');
select regexp_count('a b!c', '[[:graph:]]'), regexp_count('ab c', '[[:print:]]'), regexp_count('a_b', '[[:word:]]');

-- escapes inside bracket expressions
select 'a]' ~ '[\]]', 'x' ~ '[\]]', '[' ~ '[\[\]]', ']' ~ '[\[\]]', 'x' ~ '[\[\]]';
select '-' ~ '[a\-z]', 'b' ~ '[a\-z]', 'z' ~ '[a\-z]', 'b' ~ '[a-z]';
select '^' ~ '[\^]', 'a' ~ '[\^]', '^' ~ '[^\^]', 'a' ~ '[^\^]';
select 'A' ~ '[\x41-\x43]', 'D' ~ '[\x41-\x43]', E'\t' ~ '[\t]', 't' ~ '[\t]';
select '\' ~ '[\\]', 'a' ~ '[\\]', '5' ~ '[\d]', 'a' ~ '[\da]', ' ' ~ '[\s]', '_' ~ '[\w]';
select ']' ~ '[]a]', '^' ~ '[]^]', 'b' ~ '[^]a]', '-' ~ '[-a]', '-' ~ '[a-]';
select ':' ~ '[\[:]', '[' ~ '[\[:]', 'a' ~ '[[:alpha:]\]]';
select regexp_replace('a[b]c', '[\[\]]', '', 'g');
select 'a' ~ '[\q]';
select 'a' ~ '[abc';
select 'a<b' ~ 'a\<b', 'a b' ~ 'a\> b', 'x`y' ~ 'x\`y', 'ab' ~ 'a\b';
