/* regexp_engine.c — the matching engine behind func_like.c's pattern cache:
 * glibc's POSIX regcomp/regexec for ordinary patterns, PCRE2 with work
 * limits for the patterns glibc would take unbounded time on.
 *
 * glibc's regcomp builds epsilon closures whose size grows exponentially
 * with nested quantified groups that can match the empty string (worst
 * with an anchor or word boundary inside a quantified group), and its
 * regexec backtracks exponentially on back-references; a thread inside
 * libc can be neither cancelled nor timed out. Before compiling, a scan of
 * the POSIX pattern (shape_of) measures what makes glibc slow, and a
 * pattern past any limit is compiled by PCRE2 instead, whose compile is
 * linear and whose matching stops at a match/heap limit with 2201B
 * "regular expression failed: regular expression is too complex". The
 * limits sit far below where glibc was measured to take a millisecond:
 *
 *   - a back-reference (\1 .. \9),
 *   - an anchor or word boundary (^ $ \b \B \< \> \` \') inside a
 *     quantified group (depth 4 of '(^|a)+' took 0.1 s, depth 5 never ends),
 *   - 3 or more nested quantified groups whose body can match empty
 *     ('((a|)+|)' nested 6 deep took 16 ms, each level 8 times more),
 *   - more than 32 such groups in all, counting the copies a bounded
 *     repetition makes ('(a|)+' 300 times took 1.7 s),
 *   - more than 20000 atoms after bounded repetitions are expanded,
 *   - more than 64 anchors and word boundaries ('(^|a)' 1500 times took
 *     1 s to compile and more than 20 s to match 2000 characters),
 *   - more than 256 pieces with a minimum count of 0 ('a?' 1500 times
 *     took 1.2 s to match 2000 characters).
 *
 * A non-greedy quantifier (PostgreSQL's *? +? ?? {m,n}?) goes to PCRE2 as
 * well: glibc would read the '?' as one more quantifier ('a+?' as '(a+)?',
 * which matches where PostgreSQL's does not). So do PostgreSQL's lookahead
 * and lookbehind constraints (?= (?! (?<= (?<!, which glibc lacks; they
 * capture nothing, in both.
 *
 * The scan also enforces PostgreSQL's syntax limits glibc lacks: a
 * repetition count above 255 is "invalid repetition count(s)" and a
 * quantifier on a quantifier (other than one non-greedy '?') is
 * "quantifier operand invalid".
 *
 * PCRE2 gets the same POSIX pattern translated (to_pcre): bracket contents
 * literal, GNU escapes \< \> \` \' as lookarounds and \A \z, '.' matching
 * newline and '$' only at the end unless REG_NEWLINE. Boolean results agree
 * with POSIX (a unit test compares the engines on random patterns); which
 * submatch is reported can differ (Perl's leftmost-first instead of POSIX's
 * leftmost-longest), only for the patterns routed here. PostgreSQL's
 * greediness rules are approximated: a quantifier on a group imposes its
 * greediness on the quantifiers inside (mark_prefs), and a non-greedy RE
 * (re_pref) takes the shortest match, found by an all-lazy copy of the
 * pattern (code_short) and then matched by the pattern on exactly that span.
 *
 * PCRE2's own match limit restarts at every start position, so a search
 * could still take positions x limit steps: the pattern is compiled with
 * PCRE2_AUTO_CALLOUT and a callout (count_work) stops a whole search after
 * WORK_LIMIT items, or WORK_PER_BYTE per subject byte when that is more
 * (about 0.3 s, and 10 s for a megabyte), with the 2201B error.
 *
 * A back-reference pattern whose groups referred to hold no anchors keeps a
 * glibc relaxation (relax_backrefs): each \N replaced by a copy of group N
 * matches a superset. When PCRE2 runs out of work on a subject of at most
 * MAX_PRE_SUBJECT bytes, the relaxation not matching (decided in
 * polynomial time) proves there is no match ('(a|aa)+\1$' over 5000 'a's
 * and a 'c' answers f, as PostgreSQL).
 *
 * Not bounded: glibc's search is quadratic in the subject for some
 * patterns ('(a|aa)+b' over 50000 'a's without a 'b' takes 6 s).
 */
#include "common/err.h"
#include "common/mem.h"
#include "common/str.h"
#include "sql/regexp_int.h"

#include <string.h>

#define MAX_DUP            255       /* PostgreSQL's DUPMAX */
#define MAX_NULLABLE_DEPTH 2         /* nested quantified groups that can match empty */
#define MAX_NULLABLE_COUNT 32        /* such groups in all, repetition copies counted */
#define MAX_ATOMS          20000.0   /* atoms after expanding bounded repetitions */
#define MAX_ANCHORS        64        /* anchors and word boundaries in all */
#define MAX_OPTIONAL       256.0     /* pieces with a minimum of 0, copies counted */
#define MATCH_LIMIT        2000000u  /* PCRE2 backtracking steps per match */
#define DEPTH_LIMIT        100000u   /* PCRE2 nested backtracking frames */
#define HEAP_LIMIT         65536u    /* PCRE2 backtracking heap, KiB */
#define WORK_LIMIT         2000000ul /* PCRE2 pattern items visited per search (~0.3 s) */
#define WORK_PER_BYTE      100ul     /* ... or this many per subject byte */
#define MAX_PRE_SUBJECT    8192      /* longest subject for glibc's quadratic prefilter */
#define MAX_NEST           1000      /* nested groups (PostgreSQL takes 3000, not 30000) */
#define MAX_PREF_LEN       4096      /* longer patterns skip the (quadratic) greediness rules */

/* What the scan learns of one piece of the pattern. */
struct piece {
    bool nullable; /* can match the empty string */
    bool anchor;   /* contains an anchor or word boundary */
    int depth;     /* nesting of quantified groups with nullable bodies */
    double count;  /* such groups, repetition copies counted */
    double atoms;  /* atoms, repetition copies counted */
    bool bare;     /* a lone anchor, which no quantifier may follow */
};

struct scan {
    const char *p;
    size_t len, i;
    bool backref;
    bool anchor_in_quant;
    bool nongreedy;  /* a quantifier followed by '?' */
    bool lookaround; /* (?= (?! (?<= (?<! constraints */
    bool in_look;
    int anchors;     /* anchors and word boundaries */
    double optional; /* pieces quantified with a minimum of 0, copies counted */
    int err;         /* a REG_* code, 0 when the syntax passed */
    int nest;        /* open groups (the scan recurses into each) */
};

static void scan_alt(struct scan *s, struct piece *out);

/* The end (index past ']') of the bracket expression opening at p[i]. */
static size_t bracket_end(const char *p, size_t len, size_t i)
{
    i++;
    if (i < len && p[i] == '^')
        i++;
    if (i < len && p[i] == ']')
        i++;
    while (i < len && p[i] != ']') {
        if (p[i] == '[' && i + 1 < len && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
            char kind = p[i + 1];
            size_t j = i + 2;
            while (j + 1 < len && !(p[j] == kind && p[j + 1] == ']'))
                j++;
            i = j + 2;
            continue;
        }
        i++;
    }
    return i < len ? i + 1 : len;
}

/* A bound {m}, {m,} or {m,n} at p[i] ('{'): true with the counts (n = -1
 * unbounded) and *end past '}'. */
static bool parse_bound(const char *p, size_t len, size_t i, int *m, int *n, size_t *end)
{
    size_t j = i + 1;
    long a = 0, b;
    if (j >= len || p[j] < '0' || p[j] > '9')
        return false;
    while (j < len && p[j] >= '0' && p[j] <= '9') {
        if (a <= 100000)
            a = a * 10 + (p[j] - '0');
        j++;
    }
    b = a;
    if (j < len && p[j] == ',') {
        j++;
        b = -1;
        if (j < len && p[j] >= '0' && p[j] <= '9') {
            b = 0;
            while (j < len && p[j] >= '0' && p[j] <= '9') {
                if (b <= 100000)
                    b = b * 10 + (p[j] - '0');
                j++;
            }
        }
    }
    if (j >= len || p[j] != '}')
        return false;
    *m = (int)(a > 100000 ? 100001 : a);
    *n = b < 0 ? -1 : (int)(b > 100000 ? 100001 : b);
    *end = j + 1;
    return true;
}

/* The length of "?=", "?!", "?<=" or "?<!" at p (after a '('), else 0. */
static size_t lookaround_len(const char *p, size_t len)
{
    if (len >= 2 && p[0] == '?' && (p[1] == '=' || p[1] == '!'))
        return 2;
    if (len >= 3 && p[0] == '?' && p[1] == '<' && (p[2] == '=' || p[2] == '!'))
        return 3;
    return 0;
}

static bool is_quant(const struct scan *s)
{
    if (s->i >= s->len)
        return false;
    char ch = s->p[s->i];
    return ch == '*' || ch == '+' || ch == '?' || ch == '{';
}

/* One atom at s->i into *a; false at the end of a branch. */
static bool scan_atom(struct scan *s, struct piece *a)
{
    memset(a, 0, sizeof(*a));
    if (s->i >= s->len)
        return false;
    char ch = s->p[s->i];
    switch (ch) {
    case '|':
        return false;
    case ')':
        return false;
    case '(': {
        s->i++;
        if (++s->nest > MAX_NEST) {
            if (s->err == 0)
                s->err = SQL_RE_ETOOBIG;
            s->i = s->len;
            return false;
        }
        size_t look = lookaround_len(s->p + s->i, s->len - s->i);
        if (look > 0) {
            /* a lookaround constraint: PCRE2 only, not quantifiable, no
             * back-references inside (as PostgreSQL) */
            bool outer = s->in_look;
            bool br = s->backref;
            s->i += look;
            s->lookaround = true;
            s->in_look = true;
            s->backref = false;
            scan_alt(s, a);
            if (s->backref && s->err == 0)
                s->err = REG_ESUBREG;
            s->backref = s->backref || br;
            s->in_look = outer;
            memset(a, 0, sizeof(*a));
            a->nullable = a->anchor = a->bare = true;
        } else {
            scan_alt(s, a);
        }
        s->nest--;
        if (s->i < s->len && s->p[s->i] == ')')
            s->i++;
        else if (s->err == 0)
            s->err = REG_EPAREN;
        return true;
    }
    case '[':
        s->i = bracket_end(s->p, s->len, s->i);
        a->atoms = 1;
        return true;
    case '^':
    case '$':
        s->anchors++;
        s->i++;
        a->nullable = true;
        a->anchor = true;
        a->bare = true;
        return true;
    case '\\':
        if (s->i + 1 >= s->len) {
            s->i++;
            if (s->err == 0)
                s->err = REG_EESCAPE;
            return true;
        }
        ch = s->p[s->i + 1];
        s->i += 2;
        if (ch >= '1' && ch <= '9') {
            s->backref = true;
            a->nullable = true; /* the group may have matched empty */
            a->atoms = 1;
        } else if (strchr("bB<>`'", ch) != NULL) {
            s->anchors++;
            a->nullable = true;
            a->anchor = true;
            a->bare = true;
        } else {
            a->atoms = 1;
        }
        return true;
    default:
        s->i++;
        a->atoms = 1;
        return true;
    }
}

/* Apply the quantifiers after an atom to *a. */
static void scan_quants(struct scan *s, struct piece *a)
{
    bool quantified = false;
    if (a->bare && is_quant(s)) {
        if (s->err == 0)
            s->err = REG_BADRPT;
        return;
    }
    while (is_quant(s)) {
        int m, n;
        size_t end = s->i + 1;
        char ch = s->p[s->i];
        if (ch == '{') {
            if (!parse_bound(s->p, s->len, s->i, &m, &n, &end)) {
                if (s->err == 0)
                    s->err = REG_BADBR;
                s->i++;
                return;
            }
            if (m > MAX_DUP || n > MAX_DUP || (n >= 0 && m > n)) {
                if (s->err == 0)
                    s->err = REG_BADBR;
                s->i = end;
                return;
            }
        } else {
            m = ch == '+' ? 1 : 0;
            n = ch == '?' ? 1 : -1;
        }
        if (quantified) {
            /* one '?' after a quantifier is PostgreSQL's non-greedy mark */
            if (ch == '?') {
                s->nongreedy = true;
                s->i = end;
                if (is_quant(s) && s->err == 0)
                    s->err = REG_BADRPT;
                return;
            }
            if (s->err == 0)
                s->err = REG_BADRPT;
            return;
        }
        quantified = true;
        s->i = end;
        double copies = n < 0 ? (m > 0 ? m : 1) : (n > 0 ? n : 1);
        if (a->anchor)
            s->anchor_in_quant = true;
        if (a->nullable) {
            a->depth++;
            a->count = (a->count + 1) * copies;
        } else {
            a->count *= copies;
        }
        a->atoms *= copies;
        if (m == 0) {
            a->nullable = true;
            s->optional += copies;
        }
    }
}

static void scan_seq(struct scan *s, struct piece *out)
{
    memset(out, 0, sizeof(*out));
    out->nullable = true;
    if (is_quant(s) && s->err == 0)
        s->err = REG_BADRPT; /* nothing to repeat */
    struct piece a;
    while (scan_atom(s, &a)) {
        scan_quants(s, &a);
        out->nullable = out->nullable && a.nullable;
        out->anchor = out->anchor || a.anchor;
        out->depth = a.depth > out->depth ? a.depth : out->depth;
        out->count += a.count;
        out->atoms += a.atoms;
        if (s->err != 0)
            return;
    }
}

static void scan_alt(struct scan *s, struct piece *out)
{
    scan_seq(s, out);
    while (s->err == 0 && s->i < s->len && s->p[s->i] == '|') {
        struct piece b;
        s->i++;
        scan_seq(s, &b);
        out->nullable = out->nullable || b.nullable;
        out->anchor = out->anchor || b.anchor;
        out->depth = b.depth > out->depth ? b.depth : out->depth;
        out->count += b.count;
        out->atoms += b.atoms;
    }
}

/* Scan POSIX pattern p: 0 with *risky set when glibc could take unbounded
 * time on it, or a REG_* syntax error code. */
static int shape_of(const char *p, size_t len, bool *risky)
{
    struct scan s = {.p = p, .len = len};
    struct piece top;
    scan_alt(&s, &top);
    while (s.err == 0 && s.i < len) {
        /* an unmatched ')' is an ordinary character in POSIX EREs */
        struct piece more;
        s.i++;
        scan_alt(&s, &more);
        top.depth = more.depth > top.depth ? more.depth : top.depth;
        top.count += more.count;
        top.atoms += more.atoms;
    }
    if (s.err != 0)
        return s.err;
    *risky = s.backref || s.anchor_in_quant || s.nongreedy || s.lookaround ||
             s.anchors > MAX_ANCHORS || s.optional > MAX_OPTIONAL ||
             top.depth > MAX_NULLABLE_DEPTH || top.count > MAX_NULLABLE_COUNT ||
             top.atoms > MAX_ATOMS;
    return 0;
}

/* The end (index past it) of the atom at p[i]: a group through its ')', a
 * bracket expression, an escape, or one character. */
static size_t atom_end(const char *p, size_t len, size_t i)
{
    if (p[i] == '[')
        return bracket_end(p, len, i);
    if (p[i] == '\\')
        return i + 2 <= len ? i + 2 : len;
    if (p[i] != '(')
        return i + 1;
    int depth = 0;
    for (size_t j = i; j < len; j++) {
        if (p[j] == '\\')
            j++;
        else if (p[j] == '[')
            j = bracket_end(p, len, j) - 1;
        else if (p[j] == '(')
            depth++;
        else if (p[j] == ')' && --depth == 0)
            return j + 1;
    }
    return len;
}

/* The quantifier at p[i], if any: its end past a non-greedy '?' in *end,
 * *lazy, and *pref whether it has a greediness ({m} and {m}? have none). */
static bool quant_at(const char *p, size_t len, size_t i, size_t *end, bool *lazy, bool *pref)
{
    int m = 0, n = 0;
    if (i >= len)
        return false;
    if (p[i] == '*' || p[i] == '+' || p[i] == '?') {
        *end = i + 1;
        *pref = true;
    } else if (p[i] == '{' && parse_bound(p, len, i, &m, &n, end)) {
        *pref = memchr(p + i, ',', *end - i) != NULL; /* not the {m} form */
    } else {
        return false;
    }
    *lazy = *end < len && p[*end] == '?';
    if (*lazy)
        (*end)++;
    return true;
}

/* PostgreSQL's greediness of the RE p[from, to) (regcomp.c's rules): a
 * branch choice is greedy; a concatenation has that of its first atom
 * with one; a quantified atom that of its quantifier (except {m}); a
 * group that of its contents. 1 greedy, -1 non-greedy, 0 none. */
static int re_pref(const char *p, size_t from, size_t to)
{
    for (size_t i = from; i < to; i = atom_end(p, to, i))
        if (p[i] == '|')
            return 1;
    for (size_t i = from; i < to;) {
        size_t e = atom_end(p, to, i), qe;
        bool lazy, pref;
        if (quant_at(p, to, e, &qe, &lazy, &pref) && pref)
            return lazy ? -1 : 1;
        if (p[i] == '(' && !(i + 1 < to && p[i + 1] == '?')) {
            int r = re_pref(p, i + 1, e - 1);
            if (r != 0)
                return r;
        }
        i = quant_at(p, to, e, &qe, &lazy, &pref) ? qe : e;
    }
    return 0;
}

/* PostgreSQL's preference rules in PCRE2's terms: force[i] is 'l' or 'g'
 * for a quantifier at p[i] that must become lazy or greedy. A quantifier
 * with a greediness on a group imposes it on the quantifiers inside
 * ('(a*){1,1}?' takes no 'a', which similar_to_escape relies on;
 * '(l*?){1,1}' takes all the l's); inner groups override outer ones. */
static void mark_prefs(const char *p, size_t len, char *force)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '\\') {
            i++;
        } else if (p[i] == '[') {
            i = bracket_end(p, len, i) - 1;
        } else if (p[i] == '(') {
            size_t e = atom_end(p, len, i), qe;
            bool lazy, pref;
            if (quant_at(p, len, e, &qe, &lazy, &pref) && pref)
                for (size_t k = i + 1; k + 1 < e; k++)
                    force[k] = lazy ? 'l' : 'g';
        }
    }
}

/* POSIX pattern p as PCRE2 reads the same thing. */
static void to_pcre(const char *p, size_t len, bool all_lazy, bool newline, struct sbuf *b)
{
    char *force = xcalloc(len + 1, 1);
    if (all_lazy)
        memset(force, 'l', len);
    else if (len <= MAX_PREF_LEN)
        mark_prefs(p, len, force);
    bool after_open = true; /* a '?' after '(' starts a lookaround */
    int open_groups = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        bool was_open = after_open;
        after_open = ch == '(';
        if ((ch == '*' || ch == '+' || ch == '?' || ch == '{') && !was_open) {
            /* a quantifier: lazy when marked and not already */
            size_t end = i + 1;
            int m, n;
            if (ch == '{' && !parse_bound(p, len, i, &m, &n, &end)) {
                sbuf_putc(b, ch);
                continue;
            }
            sbuf_append(b, p + i, end - i);
            bool lazy = end < len && p[end] == '?';
            if (lazy)
                end++;
            if (force[i] == 'l' || (lazy && force[i] != 'g'))
                sbuf_putc(b, '?');
            i = end - 1;
            continue;
        }
        if (ch == '[') {
            size_t end = bracket_end(p, len, i);
            if (newline && i + 1 < end && p[i + 1] == '^') {
                /* newline-sensitive: a non-matching list never matches \n */
                sbuf_puts(b, "[^\\n");
                i++;
                if (i + 1 < end && p[i + 1] == ']') {
                    sbuf_puts(b, "\\]");
                    i++;
                }
                for (size_t j = i + 1; j < end; j++) {
                    if (p[j] == '\\')
                        sbuf_putc(b, '\\');
                    sbuf_putc(b, p[j]);
                    if (p[j] == '[' && j + 1 < end &&
                        (p[j + 1] == ':' || p[j + 1] == '.' || p[j + 1] == '=')) {
                        char kind = p[j + 1];
                        size_t k = j + 1;
                        while (k + 2 < end && !(p[k + 1] == kind && p[k + 2] == ']'))
                            k++;
                        sbuf_append(b, p + j + 1, k + 2 - j);
                        j = k + 2;
                    }
                }
                i = end - 1;
                continue;
            }
            for (size_t j = i; j < end; j++) {
                if (p[j] == '\\')
                    sbuf_putc(b, '\\');
                sbuf_putc(b, p[j]);
                if (p[j] == '[' && j + 1 < end &&
                    (p[j + 1] == ':' || p[j + 1] == '.' || p[j + 1] == '=')) {
                    /* [:class:] copied through its ":]" */
                    char kind = p[j + 1];
                    size_t k = j + 1;
                    while (k + 2 < end && !(p[k + 1] == kind && p[k + 2] == ']'))
                        k++;
                    sbuf_append(b, p + j + 1, k + 2 - j);
                    j = k + 2;
                }
            }
            i = end - 1;
            continue;
        }
        if (ch == '\\' && i + 1 < len) {
            char nx = p[++i];
            if (nx >= '1' && nx <= '9')
                sbuf_printf(b, "\\g{%c}", nx);
            else if (nx == '<')
                sbuf_puts(b, "\\b(?=\\w)");
            else if (nx == '>')
                sbuf_puts(b, "\\b(?<=\\w)");
            else if (nx == '`')
                sbuf_puts(b, "\\A");
            else if (nx == '\'')
                sbuf_puts(b, "\\z");
            else if (strchr("bBwWsS", nx) != NULL) {
                sbuf_putc(b, '\\');
                sbuf_putc(b, nx);
            } else if ((nx >= 'a' && nx <= 'z') || (nx >= 'A' && nx <= 'Z') ||
                       (nx >= '0' && nx <= '9') || (unsigned char)nx >= 0x80) {
                sbuf_putc(b, nx); /* glibc reads an unknown escape as the character */
            } else {
                sbuf_putc(b, '\\');
                sbuf_putc(b, nx);
            }
            continue;
        }
        if (ch == '(')
            open_groups++;
        if (ch == ')') {
            /* an unmatched ')' is literal */
            sbuf_puts(b, open_groups > 0 ? ")" : "\\)");
            if (open_groups > 0)
                open_groups--;
            continue;
        }
        sbuf_putc(b, ch);
    }
    xfree(force);
}

const char *sql__re_errmsg(int code)
{
    switch (code) {
    case REG_EPAREN:
        return "parentheses () not balanced";
    case REG_EBRACK:
        return "brackets [] not balanced";
    case REG_EBRACE:
        return "braces {} not balanced";
    case REG_BADBR:
        return "invalid repetition count(s)";
    case REG_BADRPT:
        return "quantifier operand invalid";
    case REG_ERANGE:
        return "invalid character range";
    case REG_EESCAPE:
        return "invalid escape \\ sequence";
    case REG_ECTYPE:
        return "invalid character class";
    case REG_ECOLLATE:
        return "invalid collating element";
    case REG_ESUBREG:
        return "invalid backreference number";
    case REG_ESPACE:
        return "out of memory";
    case SQL_RE_ETOOBIG:
        return "regular expression is too complex";
    default:
        return "invalid regular expression";
    }
}

/* True when POSIX pattern piece p (a group's body) holds an anchor, a word
 * boundary or a back-reference. */
static bool has_context(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (p[i] == '[')
            i = bracket_end(p, len, i) - 1;
        else if (p[i] == '^' || p[i] == '$')
            return true;
        else if (p[i] == '\\' && i + 1 < len) {
            char nx = p[++i];
            if ((nx >= '1' && nx <= '9') || strchr("bB<>`'", nx) != NULL)
                return true;
        }
    }
    return false;
}

/* The back-reference-free relaxation of POSIX pattern p: each \N replaced
 * by a copy of group N, so it matches every string p matches (a group
 * without anchors matches its captured text anywhere). False when some
 * group referred to holds an anchor or back-reference, or is not closed
 * before its reference. */
static bool relax_backrefs(const char *p, size_t len, struct sbuf *b)
{
    size_t start[10] = {0}, end[10] = {0};
    bool closed[10] = {false};
    int stack[64], depth = 0, groups = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        if (ch == '[') {
            size_t e = bracket_end(p, len, i);
            sbuf_append(b, p + i, e - i);
            i = e - 1;
            continue;
        }
        if (ch == '\\' && i + 1 < len) {
            char nx = p[++i];
            if (nx >= '1' && nx <= '9') {
                int k = nx - '0';
                if (!closed[k] || has_context(p + start[k], end[k] - start[k]) ||
                    b->len > 8 * len + 1024)
                    return false; /* (the size check bounds the copies' memory) */
                sbuf_putc(b, '(');
                sbuf_append(b, p + start[k], end[k] - start[k]);
                sbuf_putc(b, ')');
            } else {
                sbuf_putc(b, ch);
                sbuf_putc(b, nx);
            }
            continue;
        }
        if (ch == '(') {
            if (depth == 64)
                return false;
            stack[depth++] = ++groups;
            if (groups <= 9)
                start[groups] = i + 1;
        } else if (ch == ')' && depth > 0) {
            int k = stack[--depth];
            if (k <= 9) {
                end[k] = i;
                closed[k] = true;
            }
        }
        sbuf_putc(b, ch);
    }
    return true;
}

/* PostgreSQL's wording (regerror.c) of PCRE2's compile errors. */
static const char *pcre_errmsg(int code)
{
    switch (code) {
    case PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS:
        return "parentheses () not balanced";
    case PCRE2_ERROR_MISSING_SQUARE_BRACKET:
        return "brackets [] not balanced";
    case PCRE2_ERROR_QUANTIFIER_INVALID:
        return "quantifier operand invalid";
    case PCRE2_ERROR_QUANTIFIER_OUT_OF_ORDER:
        return "invalid repetition count(s)";
    case PCRE2_ERROR_BAD_SUBPATTERN_REFERENCE:
        return "invalid backreference number";
    case PCRE2_ERROR_PARENTHESES_NEST_TOO_DEEP:
    case PCRE2_ERROR_PATTERN_TOO_LARGE:
    case PCRE2_ERROR_PATTERN_TOO_COMPLICATED:
        return "regular expression is too complex";
    default:
        return "invalid regular expression";
    }
}

int sql__re_compile(struct sql_re *re, const char *p, int cflags, const char **msg)
{
    return sql__re_compile_engine(re, p, cflags, SQL_RE_AUTO, msg);
}

int sql__re_compile_engine(struct sql_re *re, const char *p, int cflags, enum sql_re_engine eng,
                           const char **msg)
{
    memset(re, 0, sizeof(*re));
    size_t len = strlen(p);
    bool risky = false;
    int r = shape_of(p, len, &risky);
    if (r != 0) {
        *msg = sql__re_errmsg(r);
        return -1;
    }
    if (eng != SQL_RE_AUTO)
        risky = eng == SQL_RE_PCRE;
    if (!risky) {
        r = regcomp(&re->posix, p, cflags);
        if (r != 0) {
            *msg = sql__re_errmsg(r);
            return -1;
        }
        re->nsub = re->posix.re_nsub;
        re->valid = true;
        return 0;
    }
    struct sbuf b;
    sbuf_init(&b);
    to_pcre(p, len, false, (cflags & REG_NEWLINE) != 0, &b);
    /* a callout at every item counts the work of a whole search
     * (pcre2_match's own match limit restarts at each start position) */
    uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_AUTO_CALLOUT;
    if (cflags & REG_ICASE)
        opts |= PCRE2_CASELESS;
    if (cflags & REG_NEWLINE)
        opts |= PCRE2_MULTILINE | PCRE2_ALT_CIRCUMFLEX; /* '^' after a final newline too */
    else
        opts |= PCRE2_DOTALL | PCRE2_DOLLAR_ENDONLY;
    int ecode;
    PCRE2_SIZE eoff;
    pcre2_compile_context *cctx = pcre2_compile_context_create(NULL);
    if (cctx != NULL)
        pcre2_set_parens_nest_limit(cctx, MAX_NEST + 10);
    re->code = pcre2_compile((PCRE2_SPTR)(b.data ? b.data : ""), b.len, opts, &ecode, &eoff, cctx);
    sbuf_free(&b);
    if (re->code == NULL) {
        pcre2_compile_context_free(cctx);
        if (ecode == PCRE2_ERROR_LOOKBEHIND_NOT_FIXED_LENGTH ||
            ecode == PCRE2_ERROR_LOOKBEHIND_TOO_COMPLICATED ||
            ecode == PCRE2_ERROR_LOOKBEHIND_TOO_LONG) {
            *msg = "regular expression lookbehind constraint of variable length is not supported";
            return -2;
        }
        *msg = pcre_errmsg(ecode);
        return -1;
    }
    if (len <= MAX_PREF_LEN && re_pref(p, 0, len) < 0) {
        /* A non-greedy RE takes the shortest match at the leftmost place
         * it matches: found with every quantifier lazy, then matched by
         * the pattern itself on exactly that span (sql__re_exec). */
        sbuf_init(&b);
        to_pcre(p, len, true, (cflags & REG_NEWLINE) != 0, &b);
        re->code_short =
            pcre2_compile((PCRE2_SPTR)(b.data ? b.data : ""), b.len, opts, &ecode, &eoff, cctx);
        sbuf_free(&b);
    }
    pcre2_compile_context_free(cctx);
    uint32_t ncap = 0;
    pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT, &ncap);
    re->nsub = ncap;
    re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
    re->mctx = pcre2_match_context_create(NULL);
    re->pcre = true;
    re->valid = true;
    if (re->md == NULL || re->mctx == NULL) {
        sql__re_free(re);
        *msg = "out of memory";
        return -1;
    }
    pcre2_set_match_limit(re->mctx, MATCH_LIMIT);
    pcre2_set_depth_limit(re->mctx, DEPTH_LIMIT);
    pcre2_set_heap_limit(re->mctx, HEAP_LIMIT);
    /* A back-reference pattern PCRE2 may backtrack on exponentially: when
     * its relaxation is safe for glibc, a string that does not match that
     * does not match the pattern either, decided in polynomial (for a
     * failing search quadratic, so only up to MAX_PRE_SUBJECT bytes) time,
     * asked when PCRE2 ran out of work. */
    sbuf_init(&b);
    bool risky_pre = true;
    if (relax_backrefs(p, len, &b) && b.data != NULL && shape_of(b.data, b.len, &risky_pre) == 0 &&
        !risky_pre &&
        regcomp(&re->pre, b.data,
                REG_EXTENDED | REG_NOSUB | (cflags & (REG_ICASE | REG_NEWLINE))) == 0)
        re->has_pre = true;
    sbuf_free(&b);
    return 0;
}

/* PCRE2's auto callout: the work of one sql__re_exec, counted down. */
static int count_work(pcre2_callout_block *cb, void *arg)
{
    (void)cb;
    unsigned long *left = arg;
    return (*left)-- == 0 ? PCRE2_ERROR_MATCHLIMIT : 0;
}

int sql__re_exec(struct sql_re *re, const char *s, size_t len, size_t start, size_t nm,
                 regmatch_t *m, struct err *e)
{
    if (!re->pcre) {
        /* glibc sees the rest of the string, not at its beginning */
        if (regexec(&re->posix, s + start, nm, m, start > 0 ? REG_NOTBOL : 0) != 0)
            return 1;
        for (size_t k = 0; k < nm; k++) {
            if (m[k].rm_so >= 0) {
                m[k].rm_so += (regoff_t)start;
                m[k].rm_eo += (regoff_t)start;
            }
        }
        return 0;
    }
    /* PCRE2 sees the whole string: lookbehind and \b look before start */
    unsigned long work = len * WORK_PER_BYTE > WORK_LIMIT ? len * WORK_PER_BYTE : WORK_LIMIT;
    pcre2_set_callout(re->mctx, count_work, &work);
    int r;
    if (re->code_short != NULL) {
        r = pcre2_match(re->code_short, (PCRE2_SPTR)s, len, start, 0, re->md, re->mctx);
        if (r >= 0) {
            PCRE2_SIZE *sv = pcre2_get_ovector_pointer(re->md);
            PCRE2_SIZE so = sv[0], eo = sv[1];
            r = pcre2_match(re->code, (PCRE2_SPTR)s, eo, so, PCRE2_ANCHORED | PCRE2_ENDANCHORED,
                            re->md, re->mctx);
            if (r == PCRE2_ERROR_NOMATCH) /* a lookahead past the span: keep the first */
                r = pcre2_match(re->code_short, (PCRE2_SPTR)s, len, start, 0, re->md, re->mctx);
        }
    } else {
        r = pcre2_match(re->code, (PCRE2_SPTR)s, len, start, 0, re->md, re->mctx);
    }
    if (r == PCRE2_ERROR_NOMATCH)
        return 1;
    bool limit =
        r == PCRE2_ERROR_MATCHLIMIT || r == PCRE2_ERROR_DEPTHLIMIT || r == PCRE2_ERROR_HEAPLIMIT;
    if (limit && re->has_pre && len - start <= MAX_PRE_SUBJECT &&
        regexec(&re->pre, s + start, 0, NULL, start > 0 ? REG_NOTBOL : 0) != 0)
        return 1; /* the relaxation proves there is no match */
    if (r < 0)
        return err_set_state(e, ERR_INVAL, "2201B", "regular expression failed: %s",
                             r == PCRE2_ERROR_NOMEMORY ? "out of memory"
                                                       : "regular expression is too complex");
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(re->md);
    uint32_t nov = pcre2_get_ovector_count(re->md);
    for (size_t k = 0; k < nm; k++) {
        if (k < nov && ov[2 * k] != PCRE2_UNSET) {
            m[k].rm_so = (regoff_t)ov[2 * k];
            m[k].rm_eo = (regoff_t)ov[2 * k + 1];
        } else {
            m[k].rm_so = m[k].rm_eo = -1;
        }
    }
    return 0;
}

void sql__re_free(struct sql_re *re)
{
    if (!re->valid)
        return;
    if (re->pcre) {
        pcre2_match_context_free(re->mctx);
        pcre2_match_data_free(re->md);
        pcre2_code_free(re->code);
        pcre2_code_free(re->code_short);
        if (re->has_pre)
            regfree(&re->pre);
    } else {
        regfree(&re->posix);
    }
    memset(re, 0, sizeof(*re));
}
