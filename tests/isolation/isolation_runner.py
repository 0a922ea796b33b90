#!/usr/bin/python3
"""isolation_runner.py — PostgreSQL's isolationtester, in Python.

    isolation_runner.py CONNINFO SPECFILE        (output on stdout)

Reads a PostgreSQL isolation-test .spec file (setup/teardown blocks, sessions
with setup/step/teardown, permutations with optional (*) / (step) blocker
markers; every interleaving when no permutation is given) and prints what
PostgreSQL 15's src/test/isolation/isolationtester.c prints, so that its
expected files and ours compare byte for byte: "Parsed test spec ...",
"starting permutation: ...", "step NAME: SQL", PQprint-aligned result tables,
"ERROR:  message", "<waiting ...>" and "<... completed>".

Whether a step waits for a lock is asked of the server, exactly like
isolationtester does, with pg_isolation_test_session_is_blocked(pid, pids[]).
Every step is bounded: after ISOLATION_STEP_TIMEOUT seconds (default 10) it
is cancelled, after twice that the run stops with "timed out" — a hang is a
failure, never a stuck test run.

Uses psycopg's libpq wrapper (psycopg.pq), the Debian python3-psycopg.
"""
import os
import select
import sys
import time

from psycopg import pq

STEP_TIMEOUT = float(os.environ.get("ISOLATION_STEP_TIMEOUT", "10"))

DIAG_SEVERITY = ord("S")
DIAG_MESSAGE_PRIMARY = ord("M")


def out(s):
    if isinstance(s, str):
        s = s.encode()
    sys.stdout.buffer.write(s)


class Fatal(Exception):
    pass


# ---------------------------------------------------------------- spec parser


class Step:
    def __init__(self, name, sql, session):
        self.name, self.sql, self.session = name, sql, session


class Session:
    def __init__(self, name):
        self.name = name
        self.setupsql = None
        self.teardownsql = None
        self.steps = []


class PStep:
    """A step of a permutation, with its blocker markers."""

    def __init__(self, step, once=False, other=()):
        self.step = step
        self.once = once          # (*)
        self.other = list(other)  # (stepname): steps whose completion it waits for


class Spec:
    def __init__(self):
        self.setupsqls = []
        self.teardownsql = None
        self.sessions = []
        self.permutations = []  # lists of (name, once, [other names])


def tokenize(text):
    toks = []
    i, n, line = 0, len(text), 1
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
        elif c in " \t\r\f":
            i += 1
        elif c == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif c == '"':
            j = text.find('"', i + 1)
            if j < 0 or "\n" in text[i + 1:j]:
                raise Fatal("unterminated quoted string at line %d" % line)
            toks.append(("str", text[i + 1:j], line))
            i = j + 1
        elif c == "{":
            depth, j = 1, i + 1
            while j < n and depth:
                if text[j] == "{":
                    depth += 1
                elif text[j] == "}":
                    depth -= 1
                j += 1
            if depth:
                raise Fatal("unterminated sql block at line %d" % line)
            body = text[i + 1:j - 1]
            toks.append(("sql", body.strip(), line))
            line += body.count("\n")
            i = j
        elif c in "(),*":
            toks.append((c, c, line))
            i += 1
        elif c.isalnum() or c == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            word = text[i:j]
            kind = word if word in ("permutation", "session", "setup", "step",
                                    "teardown", "notices") else "str"
            toks.append((kind, word, line))
            i = j
        else:
            raise Fatal('syntax error at line %d: unexpected character "%s"' % (line, c))
    return toks


def parse_spec(text):
    toks = tokenize(text)
    pos = 0
    spec = Spec()

    def peek(k=0):
        return toks[pos + k] if pos + k < len(toks) else (None, None, 0)

    def take(kind):
        nonlocal pos
        t = peek()
        if t[0] != kind:
            raise Fatal("syntax error at line %d: expected %s, got %r" % (t[2], kind, t[1]))
        pos += 1
        return t[1]

    while peek()[0] == "setup" or peek()[0] == "teardown":
        kw = take(peek()[0])
        sql = take("sql")
        if kw == "setup":
            spec.setupsqls.append(sql)
        else:
            spec.teardownsql = sql
    while peek()[0] == "session":
        take("session")
        s = Session(take("str"))
        if peek()[0] == "setup":
            take("setup")
            s.setupsql = take("sql")
        while peek()[0] == "step":
            take("step")
            name = take("str")
            s.steps.append(Step(name, take("sql"), len(spec.sessions)))
        if peek()[0] == "teardown":
            take("teardown")
            s.teardownsql = take("sql")
        spec.sessions.append(s)
    while peek()[0] == "permutation":
        take("permutation")
        perm = []
        while peek()[0] == "str":
            name = take("str")
            once, others = False, []
            if peek()[0] == "(":
                take("(")
                while True:
                    if peek()[0] == "*":
                        take("*")
                        once = True
                    else:
                        other = take("str")
                        if peek()[0] == "notices":
                            raise Fatal("notices blocker markers are not supported")
                        others.append(other)
                    if peek()[0] == ",":
                        take(",")
                        continue
                    break
                take(")")
            perm.append((name, once, others))
        spec.permutations.append(perm)
    if peek()[0] is not None:
        raise Fatal("syntax error at line %d: unexpected %r" % (peek()[2], peek()[1]))
    if not spec.sessions:
        raise Fatal("syntax error: a spec needs at least one session")
    return spec


# ---------------------------------------------------------------- results


def print_result(res):
    """PQprint(stdout, res, {header, align, fieldSep "|"}) as isolationtester."""
    nf = res.nfields
    if nf == 0:
        return
    nt = res.ntuples
    names = [res.fname(j) or b"" for j in range(nf)]
    widths = [len(nm) for nm in names]
    notnum = [False] * nf
    cells = []
    for i in range(nt):
        row = []
        for j in range(nf):
            v = res.get_value(i, j)
            if not v:
                row.append(b"")
                continue
            if not notnum[j]:
                sv = v.decode("utf-8", "replace")
                if any(not (ch.isascii() and (ch.isdigit() or ch in ".Ee -")) for ch in sv):
                    notnum[j] = True
                elif sv[0] in "Ee" or not sv[-1].isdigit():
                    notnum[j] = True
            widths[j] = max(widths[j], len(v))
            row.append(v)
        cells.append(row)

    def fmt(v, j):
        pad = b" " * (widths[j] - len(v))
        return v + pad if notnum[j] else pad + v

    out(b"|".join(fmt(names[j], j) for j in range(nf)) + b"\n")
    out(b"+".join(b"-" * widths[j] for j in range(nf)) + b"\n")
    for row in cells:
        out(b"|".join(fmt(row[j], j) for j in range(nf)) + b"\n")
    out("(%d row%s)\n\n" % (nt, "" if nt == 1 else "s"))


def error_text(res, conn):
    sev = res.error_field(DIAG_SEVERITY)
    msg = res.error_field(DIAG_MESSAGE_PRIMARY)
    if sev and msg:
        return sev + b":  " + msg + b"\n"
    m = res.error_message or (conn.error_message if conn else b"")
    return m + b"\n"


# ---------------------------------------------------------------- tester


class Conn:
    def __init__(self, conninfo, name):
        self.name = name
        self.conn = pq.PGconn.connect(conninfo.encode())
        if self.conn.status != pq.ConnStatus.OK:
            raise Fatal("Connection %s failed: %s" % (name, self.conn.error_message.decode()))
        self.active = None  # the PStep being run
        self.pid = self.conn.backend_pid
        if name is not None:
            self.conn.notice_handler = self.notice
        else:
            self.conn.notice_handler = lambda res: None

    def notice(self, res):
        out(self.name.encode() + b": " + (res.error_message or b""))


class Tester:
    def __init__(self, spec, conninfo):
        self.spec = spec
        self.conns = [Conn(conninfo, None)]
        for s in spec.sessions:
            self.conns.append(Conn(conninfo, s.name))
        pids = ",".join(str(c.pid) for c in self.conns[1:])
        self.wait_sql = ("SELECT pg_catalog.pg_isolation_test_session_is_blocked(%%d, '{%s}')"
                         % pids)
        self.steps = {}
        for s in spec.sessions:
            for st in s.steps:
                if st.name in self.steps:
                    raise Fatal('duplicate step name: %s' % st.name)
                self.steps[st.name] = st

    def is_waiting(self, step):
        res = self.conns[0].conn.exec_((self.wait_sql % self.conns[1 + step.session].pid).encode())
        if res.status != pq.ExecStatus.TUPLES_OK or res.ntuples != 1:
            raise Fatal("lock wait query failed: %s" % self.conns[0].conn.error_message.decode())
        return res.get_value(0, 0) == b"t"

    def has_blocker(self, pstep):
        for name in pstep.other:
            b = self.steps[name]
            act = self.conns[1 + b.session].active
            if act is not None and act.step is b:
                return True
        return False

    def try_complete(self, pstep, nonblock, retry):
        """isolationtester's try_complete_step: True while the step waits."""
        step = pstep.step
        ic = self.conns[1 + step.session]
        conn = ic.conn
        if not retry and pstep.once:
            out("step %s: %s <waiting ...>\n" % (step.name, step.sql))
            return True
        start = time.monotonic()
        canceled = False
        sock = conn.socket
        while conn.is_busy():
            r, _, _ = select.select([sock], [], [], 0.01)
            if r:
                conn.consume_input()
                continue
            if nonblock:
                if self.is_waiting(step):
                    conn.consume_input()
                    if not conn.is_busy():
                        break
                    if not retry:
                        out("step %s: %s <waiting ...>\n" % (step.name, step.sql))
                    return True
            td = time.monotonic() - start
            if td > STEP_TIMEOUT and not canceled:
                conn.get_cancel().cancel()
                out("isolationtester: canceling step %s after %d seconds\n" % (step.name, int(td)))
                canceled = True
            if td > 2 * STEP_TIMEOUT:
                raise Fatal("step %s timed out after %d seconds" % (step.name, int(td)))
        if self.has_blocker(pstep):
            if not retry:
                out("step %s: %s <waiting ...>\n" % (step.name, step.sql))
            return True
        if retry:
            out("step %s: <... completed>\n" % step.name)
        else:
            out("step %s: %s\n" % (step.name, step.sql))
        while True:
            res = conn.get_result()
            if res is None:
                break
            st = res.status
            if st in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.EMPTY_QUERY):
                pass
            elif st == pq.ExecStatus.TUPLES_OK:
                print_result(res)
            elif st == pq.ExecStatus.FATAL_ERROR:
                out(error_text(res, conn))
            else:
                out("unexpected result status: %s\n" % st.name)
        ic.active = None
        return False

    def try_complete_all(self, waiting, nonblock, retry):
        while True:
            old = len(waiting)
            have_blocker = False
            w = 0
            while w < len(waiting):
                if self.try_complete(waiting[w], nonblock, retry):
                    if waiting[w].once or waiting[w].other:
                        have_blocker = True
                    w += 1
                else:
                    del waiting[w]
            if not (have_blocker and len(waiting) < old):
                return waiting

    def exec_sync(self, conn, sql, what):
        res = conn.conn.exec_(sql.encode())
        if res.status == pq.ExecStatus.TUPLES_OK:
            print_result(res)
        elif res.status != pq.ExecStatus.COMMAND_OK:
            out("%s failed: %s" % (what, conn.conn.error_message.decode()))
            return False
        return True

    def run_permutation(self, psteps):
        out("\nstarting permutation:" + "".join(" " + p.step.name for p in psteps) + "\n")
        for sql in self.spec.setupsqls:
            if not self.exec_sync(self.conns[0], sql, "setup"):
                raise Fatal("setup failed")
        for i, s in enumerate(self.spec.sessions):
            if s.setupsql and not self.exec_sync(self.conns[i + 1], s.setupsql,
                                                 "setup of session %s" % s.name):
                raise Fatal("setup of session failed")
        waiting = []
        for pstep in psteps:
            ic = self.conns[1 + pstep.step.session]
            start = time.monotonic()
            while ic.active is not None:
                old = ic.active
                if not self.try_complete(old, False, True):
                    if old in waiting:
                        waiting.remove(old)
                waiting = self.try_complete_all(waiting, True, True)
                if ic.active is not None and time.monotonic() - start > 2 * STEP_TIMEOUT:
                    raise Fatal("step %s timed out after %d seconds"
                                % (ic.active.step.name, int(time.monotonic() - start)))
            try:
                ic.conn.send_query(pstep.step.sql.encode())
            except Exception as e:  # psycopg.OperationalError
                raise Fatal("failed to send query for step %s: %s" % (pstep.step.name, e))
            ic.active = pstep
            mustwait = self.try_complete(pstep, True, False)
            waiting = self.try_complete_all(waiting, True, True)
            if mustwait:
                waiting.append(pstep)
        waiting = self.try_complete_all(waiting, False, True)
        if waiting:
            raise Fatal("failed to complete permutation due to mutually-blocking steps")
        for i, s in enumerate(self.spec.sessions):
            if s.teardownsql:
                self.exec_sync(self.conns[i + 1], s.teardownsql, "teardown of session %s" % s.name)
        if self.spec.teardownsql:
            self.exec_sync(self.conns[0], self.spec.teardownsql, "teardown")

    def run(self):
        if self.spec.permutations:
            for perm in self.spec.permutations:
                psteps = []
                for name, once, others in perm:
                    if name not in self.steps:
                        raise Fatal('undefined step "%s" specified in permutation' % name)
                    for o in others:
                        if o not in self.steps:
                            raise Fatal('undefined blocking step "%s" referenced' % o)
                    psteps.append(PStep(self.steps[name], once, others))
                self.run_permutation(psteps)
        else:
            for order in interleavings([len(s.steps) for s in self.spec.sessions]):
                piles = [0] * len(self.spec.sessions)
                psteps = []
                for si in order:
                    psteps.append(PStep(self.spec.sessions[si].steps[piles[si]]))
                    piles[si] += 1
                self.run_permutation(psteps)


def interleavings(counts):
    """Session indexes of every interleaving, in isolationtester's order."""
    total = sum(counts)
    piles = [0] * len(counts)
    seq = []

    def rec():
        found = False
        for i, c in enumerate(counts):
            if piles[i] < c:
                piles[i] += 1
                seq.append(i)
                yield from rec()
                seq.pop()
                piles[i] -= 1
                found = True
        if not found and len(seq) == total:
            yield list(seq)

    return rec()


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: isolation_runner.py CONNINFO SPECFILE\n")
        return 2
    conninfo, path = sys.argv[1], sys.argv[2]
    try:
        with open(path) as f:
            spec = parse_spec(f.read())
        out("Parsed test spec with %d sessions\n" % len(spec.sessions))
        tester = Tester(spec, conninfo)
        tester.run()
    except Fatal as e:
        out("%s\n" % e)
        sys.stdout.flush()
        return 1
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
