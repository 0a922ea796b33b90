"""Client-certificate authentication: the cert method and
security.client_auth_required (PostgreSQL's clientcert=verify-full), with a CA
and client certificates made by the openssl command for each test run."""
import os
import subprocess

import psycopg
import pytest

from harness import Node, clean_env, time_limit

OPENSSL = "openssl"


def ossl(*args, cwd):
    r = subprocess.run([OPENSSL, *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr


def make_ca(d, name):
    ossl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={name}",
         "-keyout", f"{name}.key", "-out", f"{name}.crt", cwd=d)


def make_cert(d, ca, name, cn, server=False):
    """A certificate for cn signed by ca; server certs carry localhost as SAN."""
    ossl("req", "-newkey", "rsa:2048", "-nodes", "-subj", f"/CN={cn}", "-keyout", f"{name}.key",
         "-out", f"{name}.csr", cwd=d)
    ext = os.path.join(d, f"{name}.ext")
    with open(ext, "w") as f:
        f.write("subjectAltName=DNS:localhost,IP:127.0.0.1\n" if server else
                "extendedKeyUsage=clientAuth\n")
    ossl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.crt", "-CAkey", f"{ca}.key",
         "-CAcreateserial", "-days", "2", "-extfile", ext, "-out", f"{name}.crt", cwd=d)
    os.chmod(os.path.join(d, f"{name}.key"), 0o600)
    return os.path.join(d, f"{name}.crt"), os.path.join(d, f"{name}.key")


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    d = str(tmp_path_factory.mktemp("pki"))
    make_ca(d, "ca")
    make_ca(d, "otherca")
    certs = {"server": make_cert(d, "ca", "server", "localhost", server=True),
             "shardforge": make_cert(d, "ca", "client", "shardforge"),
             "alice": make_cert(d, "ca", "alice", "alice"),
             "rogue": make_cert(d, "otherca", "rogue", "shardforge")}
    return d, certs


def cert_node(tmp_path, pki, *settings):
    d, certs = pki
    crt, key = certs["server"]
    return Node(tmp_path, extra_init=(
        "--set", "security.tls_enabled=true", "--set", f"security.certificate_path={crt}",
        "--set", f"security.private_key_path={key}",
        "--set", f"security.ca_certificate_path={os.path.join(d, 'ca.crt')}", *settings))


def dsn(node, pki, user="shardforge", cert=None, sslmode="verify-full"):
    d, certs = pki
    s = (f"host=localhost port={node.sql_port} user={user} dbname=shardforge "
         f"sslmode={sslmode} sslrootcert={os.path.join(d, 'ca.crt')} connect_timeout=10")
    if cert is not None:
        crt, key = certs[cert]
        s += f" sslcert={crt} sslkey={key}"
    else:
        # No client certificate: point libpq away from ~/.postgresql/postgresql.crt.
        s += f" sslcert={os.path.join(d, 'none.crt')} sslkey={os.path.join(d, 'none.key')}"
    return s


def fails(conninfo, password=None):
    with pytest.raises(psycopg.OperationalError) as ei:
        psycopg.connect(conninfo, password=password).close()
    return str(ei.value)


def test_cert_method(tmp_path, pki):
    n = cert_node(tmp_path, pki, "--set",
                  "security.auth_rules=local all all trust,hostssl all all all cert")
    n.start()
    try:
        with time_limit(120):
            with psycopg.connect(dsn(n, pki, cert="shardforge")) as conn:
                assert conn.execute("SELECT current_user").fetchone() == ("shardforge",)
                conn.execute("CREATE ROLE alice LOGIN")
                conn.commit()
            with psycopg.connect(dsn(n, pki, user="alice", cert="alice")) as conn:
                assert conn.execute("SELECT current_user").fetchone() == ("alice",)
            # No certificate, a CN that is another user, a certificate of another CA.
            assert "connection requires a valid client certificate" in fails(dsn(n, pki))
            assert 'certificate authentication failed for user "shardforge"' in fails(
                dsn(n, pki, cert="alice"))
            msg = fails(dsn(n, pki, cert="rogue"))
            assert "unknown ca" in msg, msg
            # The plain-TCP connection matches no hostssl rule.
            assert "no security.auth_rules entry" in fails(dsn(n, pki, sslmode="disable"))
            # The node still serves after the refusals.
            with psycopg.connect(dsn(n, pki, cert="shardforge")) as conn:
                assert conn.execute("SELECT 1").fetchone() == (1,)
    finally:
        n.stop()
    with open(n.stderr_path) as f:
        log = f.read()
    assert "provided user name (shardforge) and authenticated user name (alice)" in log


def test_client_auth_required_with_scram(tmp_path, pki):
    pw = tmp_path / "pw"
    pw.write_text("s3cret\n")
    n = cert_node(tmp_path, pki, "--password-file", str(pw), "--set",
                  "security.client_auth_required=true", "--set",
                  "security.auth_rules=local all all trust,host all all all scram-sha-256")
    n.start()
    try:
        with time_limit(120):
            # Certificate and password both needed.
            with psycopg.connect(dsn(n, pki, cert="shardforge"), password="s3cret") as conn:
                assert conn.execute("SELECT 1").fetchone() == (1,)
            assert "password authentication failed" in fails(
                dsn(n, pki, cert="shardforge"), password="wrong")
            assert "connection requires a valid client certificate" in fails(
                dsn(n, pki), password="s3cret")
            assert "connection requires a valid client certificate" in fails(
                dsn(n, pki, sslmode="disable"), password="s3cret")
            assert ('certificate validation (clientcert=verify-full) failed for user '
                    '"shardforge"') in fails(dsn(n, pki, cert="alice"), password="s3cret")
            # The Unix socket has no TLS: client_auth_required is for TCP.
            r = subprocess.run(["psql", "-X", "-h", n.dir, "-p", str(n.sql_port), "-U",
                                "shardforge", "-d", "shardforge", "-Atc", "SELECT 7"],
                               capture_output=True, text=True, timeout=60, env=clean_env())
            assert r.returncode == 0 and r.stdout == "7\n", r.stderr
    finally:
        n.stop()


def test_config_errors(tmp_path, pki):
    d, certs = pki
    from harness import run
    r = run("init", "--single-node", "--data-dir", str(tmp_path / "a"), "--set",
            "security.client_auth_required=true")
    assert r.returncode != 0
    assert "security.tls_enabled" in r.stderr and "client_auth_required" in r.stderr, r.stderr
    crt, key = certs["server"]
    r = run("init", "--single-node", "--data-dir", str(tmp_path / "b"), "--set",
            "security.tls_enabled=true", "--set", f"security.certificate_path={crt}", "--set",
            f"security.private_key_path={key}", "--set", "security.auth_method=cert")
    assert r.returncode != 0
    assert "security.ca_certificate_path" in r.stderr, r.stderr


def test_pg_stat_ssl(tmp_path, pki):
    """pg_stat_ssl shows each session's TLS state: version, cipher and bits
    from the handshake, and the client certificate's subject, serial and
    issuer as PostgreSQL prints them; a plain connection has ssl = false."""
    d, certs = pki
    n = cert_node(tmp_path, pki, "--set",
                  "security.auth_rules=local all all trust,hostssl all all all cert,"
                  "host all all all trust")
    n.start()
    try:
        with time_limit(120):
            tls = psycopg.connect(dsn(n, pki, cert="shardforge"), autocommit=True)
            row = tls.execute("SELECT ssl, version, cipher, bits, client_dn, client_serial, "
                              "issuer_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()
            # psql reports the same negotiation for its own connection
            r = subprocess.run(["psql", "-X", "-c", r"\conninfo", dsn(n, pki, cert="shardforge")],
                               capture_output=True, text=True, timeout=30, env=clean_env())
            assert f"protocol: {row[1]}, cipher: {row[2]}" in r.stdout, (row, r.stdout, r.stderr)
            assert row[0] is True and row[3] in (128, 256), row
            assert row[4] == "/CN=shardforge" and row[6] == "/CN=ca", row
            serial = subprocess.run([OPENSSL, "x509", "-noout", "-serial", "-in",
                                     certs["shardforge"][0]], capture_output=True, text=True,
                                    timeout=30).stdout.strip().split("=")[1]
            assert row[5] == int(serial, 16), (row[5], serial)
            plain = psycopg.connect(dsn(n, pki, sslmode="disable"), autocommit=True)
            pid = plain.execute("SELECT pg_backend_pid()").fetchone()[0]
            assert tls.execute("SELECT ssl, version, client_dn FROM pg_stat_ssl "
                               "WHERE pid = %s", (pid,)).fetchone() == (False, None, None)
            assert tls.execute("SELECT count(*) FROM pg_stat_ssl").fetchone()[0] == 2
            plain.close()
            tls.close()
    finally:
        n.stop()
