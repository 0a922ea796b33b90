#!/usr/bin/env bash
# install-deps.sh — install every Debian package ShardForge's build and tests
# need (DESIGN.md §10). Idempotent: quiet when everything is present.
set -euo pipefail

PACKAGES=(
  # build
  build-essential cmake pkg-config clang clang-format libclang-rt-14-dev git
  # libraries
  libpg-query-dev libprotobuf-c-dev libraft-dev libuv1-dev librocksdb-dev
  libssl-dev libmicrohttpd-dev libjansson-dev libpq-dev libedit-dev
  liblz4-dev libzstd-dev libpcre2-dev
  # RocksDB's static archive (the server links it, CMakeLists.txt) needs these
  libsnappy-dev libbz2-dev zlib1g-dev
  # tests
  libcriterion-dev python3 python3-pytest python3-psycopg python3-psycopg2 python3-asyncpg python3-sqlalchemy python3-django ruby-activerecord ruby-pg
  python3-prometheus-client postgresql-client postgresql-15 openssl procps tzdata
  curl
  # JDBC client test (tests/cluster/test_jdbc.py): the JDK and Debian's pgjdbc
  default-jdk-headless libpostgresql-jdbc-java
  # Go driver test (tests/cluster/test_go.py): Go and Debian's pgx v4 and lib/pq,
  # built offline from /usr/share/gocode (GOPATH mode)
  golang-go golang-github-jackc-pgx-v4-dev golang-github-lib-pq-dev
  # Perl DBD::Pg test (tests/cluster/test_perl.py)
  libdbd-pg-perl
  # PHP PDO pgsql test (tests/cluster/test_php.py)
  php-cli php-pgsql
)

# node-pg test (tests/cluster/test_node_pg.py): the npm package pg goes into
# tests/tools/node (node_deps below). Debian's node-pg needs Debian's nodejs,
# which would replace a Node.js from elsewhere (with its own npm); Debian's
# nodejs and npm only where there is no npm at all.
if ! command -v npm >/dev/null 2>&1; then
  PACKAGES+=(nodejs npm)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

# node-pg for tests/cluster/test_node_pg.py, pinned by tests/tools/node/package-lock.json.
node_deps() {
  local dir
  dir="$(dirname "$0")/../tests/tools/node"
  if [ ! -f "$dir/node_modules/pg/package.json" ]; then
    echo "install-deps: npm ci in tests/tools/node (node-pg)"
    # without the npm registry only that test fails, not the install
    (cd "$dir" && npm ci --no-audit --no-fund --silent) ||
      echo "install-deps: WARNING: npm ci failed; tests/cluster/test_node_pg.py will fail" >&2
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  node_deps
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=sudo
  else
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run as root (or install sudo) to install them: apt-get install ${missing[*]}" >&2
    exit 1
  fi
else
  SUDO=
fi

echo "install-deps: installing ${#missing[@]} package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
node_deps
echo "install-deps: done"
