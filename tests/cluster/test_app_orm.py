"""An application-shaped workload, as an ORM would send it through psycopg:
users / orders / order_items with foreign keys, unique constraints, jsonb
settings and created_at defaults; upserts, a reporting query with window
functions and CTEs, keyset and offset pagination, cascading deletes and the
errors an application handles. The same workload runs on a scratch
PostgreSQL 15 in the same test, and every result must be identical."""
import decimal

import psycopg
import pytest

from harness import Node, time_limit

SCHEMA = [
    """CREATE TABLE users (
        id bigserial PRIMARY KEY,
        email text NOT NULL UNIQUE,
        name text NOT NULL,
        settings jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE TABLE orders (
        id serial PRIMARY KEY,
        user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'paid', 'shipped')),
        created_at timestamptz NOT NULL DEFAULT now())""",
    """CREATE TABLE order_items (
        order_id integer NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
        sku text NOT NULL,
        qty integer NOT NULL CHECK (qty > 0),
        price numeric(10, 2) NOT NULL,
        PRIMARY KEY (order_id, sku))""",
    "CREATE INDEX orders_user_idx ON orders (user_id)",
]

UPSERT_USER = """INSERT INTO users (email, name, settings) VALUES (%s, %s, %s)
    ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name,
        settings = users.settings || EXCLUDED.settings
    RETURNING id, email, name, settings"""

REPORT = """WITH totals AS (
        SELECT u.id, u.name, count(DISTINCT o.id) AS orders,
               coalesce(sum(i.qty * i.price), 0) AS spent
        FROM users u
        LEFT JOIN orders o ON o.user_id = u.id
        LEFT JOIN order_items i ON i.order_id = o.id
        GROUP BY u.id, u.name)
    SELECT name, orders, spent,
           rank() OVER (ORDER BY spent DESC) AS rnk,
           sum(spent) OVER (ORDER BY spent DESC, id ROWS UNBOUNDED PRECEDING) AS running,
           round(100 * spent / nullif(sum(spent) OVER (), 0), 1) AS pct,
           lag(name) OVER (ORDER BY spent DESC, id) AS prev
    FROM totals ORDER BY spent DESC, id"""


def workload(conn):
    """Run the application's statements; return every result in order."""
    out = []
    cur = conn.cursor()
    for s in SCHEMA:
        cur.execute(s)
    conn.commit()

    # Sign-ups, with jsonb settings sent as text parameters.
    for i in range(1, 13):
        cur.execute(UPSERT_USER, (f"user{i}@example.com", f"User {i}",
                                  '{"theme": "%s", "n": %d}' % ("dark" if i % 3 else "light", i)))
        out.append(cur.fetchone())
    # Upserts of existing emails: the row is updated, its id kept.
    cur.execute(UPSERT_USER, ("user2@example.com", "Second", '{"lang": "fr"}'))
    out.append(cur.fetchone())
    cur.execute("""INSERT INTO users (email, name) VALUES ('user3@example.com', 'ignored')
                   ON CONFLICT (email) DO NOTHING RETURNING id""")
    out.append(cur.fetchall())
    conn.commit()

    # Orders with items; prepared (psycopg prepares after repeated use).
    for u in range(1, 11):
        for k in range(u % 4):
            cur.execute("INSERT INTO orders (user_id, status) VALUES (%s, %s) RETURNING id",
                        (u, ("new", "paid", "shipped")[(u + k) % 3]), prepare=True)
            oid = cur.fetchone()[0]
            for j in range(1 + (u + k) % 3):
                cur.execute("INSERT INTO order_items VALUES (%s, %s, %s, %s)",
                            (oid, f"sku-{j}", 1 + (u * k + j) % 5,
                             decimal.Decimal(f"{(u * 7 + j * 3) % 40 + 0.99:.2f}")), prepare=True)
    conn.commit()

    # The errors an application handles, each leaving the data as it was.
    for stmt, exc in (
            ("INSERT INTO orders (user_id) VALUES (999)", psycopg.errors.ForeignKeyViolation),
            ("INSERT INTO users (email, name) VALUES ('user1@example.com', 'dup')",
             psycopg.errors.UniqueViolation),
            ("UPDATE order_items SET qty = -1 WHERE order_id = 1 AND sku = 'sku-0'",
             psycopg.errors.CheckViolation),
            ("INSERT INTO order_items VALUES (1, 'x', 0, 1)", psycopg.errors.CheckViolation)):
        with pytest.raises(exc) as ei:
            cur.execute(stmt)
        out.append((type(ei.value).__name__, ei.value.diag.sqlstate, ei.value.diag.message_primary,
                    ei.value.diag.message_detail))
        conn.rollback()

    # jsonb reads and updates.
    cur.execute("""UPDATE users SET settings = jsonb_set(settings, '{theme}', '"blue"')
                   WHERE settings->>'theme' = 'light' RETURNING id""")
    out.append(sorted(cur.fetchall()))
    cur.execute("""SELECT settings->>'theme' AS theme, count(*), sum((settings->>'n')::int)
                   FROM users GROUP BY 1 ORDER BY 1""")
    out.append(cur.fetchall())
    cur.execute("SELECT id, settings FROM users WHERE settings @> %s ORDER BY id",
                ('{"lang": "fr"}',))
    out.append(cur.fetchall())
    cur.execute("SELECT count(*) FROM users WHERE created_at <= now() AND created_at > now() - "
                "interval '1 hour'")
    out.append(cur.fetchall())
    conn.commit()

    # The report: CTE + window functions.
    cur.execute(REPORT)
    out.append([tuple(d.name for d in cur.description)] + cur.fetchall())
    # Per-status totals and the biggest order of each user (DISTINCT ON).
    cur.execute("""SELECT status, count(*) FROM orders GROUP BY status ORDER BY status""")
    out.append(cur.fetchall())
    cur.execute("""SELECT DISTINCT ON (o.user_id) o.user_id, o.id, sum(i.qty * i.price) AS total
                   FROM orders o JOIN order_items i ON i.order_id = o.id
                   GROUP BY o.user_id, o.id ORDER BY o.user_id, total DESC, o.id""")
    out.append(cur.fetchall())

    # Pagination: keyset and offset.
    last, pages = 0, []
    while True:
        cur.execute("SELECT id, email FROM users WHERE id > %s ORDER BY id LIMIT 5", (last,))
        page = cur.fetchall()
        if not page:
            break
        pages.append(page)
        last = page[-1][0]
    out.append(pages)
    cur.execute("SELECT id, name FROM users ORDER BY name DESC, id LIMIT 4 OFFSET 4")
    out.append(cur.fetchall())
    cur.execute("SELECT count(*) OVER () AS total, id FROM users ORDER BY id LIMIT 3 OFFSET 9")
    out.append(cur.fetchall())

    # Deleting a user cascades to orders and their items.
    cur.execute("SELECT count(*) FROM orders WHERE user_id = 3")
    out.append(cur.fetchall())
    cur.execute("DELETE FROM users WHERE id = 3")
    out.append(cur.rowcount)
    cur.execute("""SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM orders),
                          (SELECT count(*) FROM order_items)""")
    out.append(cur.fetchall())
    conn.commit()
    return out


def test_orm_workload_matches_postgres(tmp_path, postgres):
    n = Node(tmp_path)
    n.start()
    try:
        with time_limit(300):
            with psycopg.connect(postgres["dsn"], connect_timeout=10) as pg:
                want = workload(pg)
            with psycopg.connect(n.dsn(), connect_timeout=10) as sf:
                got = workload(sf)
        assert len(got) == len(want)
        for i, (g, w) in enumerate(zip(got, want)):
            assert g == w, f"result {i} differs:\n  shardforge: {g!r}\n  postgresql: {w!r}"
    finally:
        n.stop()
