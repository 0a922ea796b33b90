-- Patterns on which a backtracking or epsilon-closure engine takes
-- exponential time: each must answer (or fail) at once.

-- nested quantified groups that can match empty, with an anchor inside
select 'a' ~ '^abcd*(((((^(a c(e?d)a+|)+|)+|)+|)+|a)+|)' as anchored_nest;
select 'a' ~ '(((((^(a+|)+|)+|)+|)+|a)+|)' as anchored_nest2;
select 'xa' ~ '(((((^(a+|)+|)+|)+|)+|a)+|)b' as anchored_nest3;
select 'a' ~ '((((((((a|)+|)+|)+|)+|)+|)+|)+|)' as deep_nest;
select 'b' ~ '^((((((((a|)+|)+|)+|)+|)+|)+|)+|)$' as deep_nest_anchored;
select 'ab' ~ '((((^|a)+)+)+)+b' as anchor_alt_nest;
select 'a' ~ '(((a|){10}|){10}|){10}' as counted_nest;
select 'aaa' ~ '(a|){255}(a|){255}' as counted_wide;
select 'aab' ~ (repeat('(a|)+', 300) || 'b') as many_groups;
select 'a b' ~ '(\ma|\mb|\Mc)+' as word_bounds;

-- back-references over long subjects
select repeat('a', 5000) || 'c' ~ '^(a*)*\1b' as backref_star;
select repeat('a', 30) || 'c' ~ '(a|aa)+\1$' as backref_alt;
select 'abcabc' ~ '^(abc)\1$' as backref_ok;
select 'abcabd' ~ '^(abc)\1$' as backref_no;
select 'xyzzy' ~ '(z)\1' as backref_inner;
select regexp_replace('aaXbbXcc', '(.)\1', '<\1\1>', 'g') as backref_replace;
select substring('foobarbar' from '(bar)\1') as backref_substring;
select 'ABab' ~* '^(ab)\1$' as backref_icase;

-- syntax PostgreSQL refuses
select 'a' ~ 'a{256}';
select 'a' ~ 'a{2,1}';
select 'a' ~ 'a**';
select 'a' ~ 'a+*';
select 'a' ~ '^*a';
select 'a' ~ '(a)\2';
select 'a' ~ '((a)';
select 'a' ~ 'a{1000}{1000}';

-- deep nesting
select 'a' ~ (repeat('(', 300) || 'a' || repeat(')', 300)) as nest300;
select 'a' ~ (repeat('(', 30000) || 'a' || repeat(')', 30000)) as nest30000;

-- quantifier corner cases PostgreSQL accepts
select 'a' ~ 'a??', 'b' ~ '^a??b$', 'a{' ~ 'a{', 'a{x}' ~ 'a{x}', 'a}' ~ 'a}';
