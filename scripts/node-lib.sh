# node-lib.sh — sourced by the suite drivers (run-regress.sh,
# run-isolation.sh, run-slt.sh): one real shardforge node on free ports in a
# temporary directory, always stopped when the driver exits.
#   node_boot LABEL   init + start $BIN (BIN, PY and OUT must be set), logs
#                     in $OUT; exports PGHOST/PGPORT/PGUSER for psql and
#                     sets SQL_PORT; prints why and returns 1 on failure
#   start_node        (re)start the initialised node; 0 once /ready answers
#   stop_node         SIGTERM, then SIGKILL after 15 s

free_port() { $PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

stop_node() {
  [ -n "$PID" ] || return 0
  if kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null
    for _ in $(seq 1 150); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$PID" 2>/dev/null && kill -KILL "$PID" 2>/dev/null
  fi
  wait "$PID" 2>/dev/null
  PID=
}

node_cleanup() { stop_node; rm -rf "$DATA"; }

start_node() { # -> 0 when /ready answers within 30 s
  "$BIN" start --config "$DATA/node/shardforge.toml" >>"$OUT/node.stdout" 2>>"$OUT/node.stderr" &
  PID=$!
  for _ in $(seq 1 300); do
    kill -0 "$PID" 2>/dev/null || return 1
    if curl -s -o /dev/null -m 1 -w '%{http_code}' "http://127.0.0.1:$HTTP_PORT/ready" | grep -q 200; then
      return 0
    fi
    sleep 0.1
  done
  return 1
}

node_boot() {
  local label=$1
  DATA=$(mktemp -d "/tmp/sf-$label-node.XXXXXX")
  SQL_PORT=$(free_port); HTTP_PORT=$(free_port); RAFT_PORT=$(free_port)
  PID=
  trap node_cleanup EXIT
  trap 'exit 130' INT TERM
  if ! timeout 60 "$BIN" init --single-node --data-dir "$DATA/node" \
       --http-listen "127.0.0.1:$HTTP_PORT" --sql-listen "127.0.0.1:$SQL_PORT" \
       --listen "127.0.0.1:$RAFT_PORT" >"$OUT/init.log" 2>&1; then
    cat "$OUT/init.log" >&2
    echo "$label: shardforge init failed"
    return 1
  fi
  if ! start_node; then
    tail -n 20 "$OUT/node.stderr" >&2
    echo "$label: shardforge did not start"
    return 1
  fi
  export PGHOST=127.0.0.1 PGPORT=$SQL_PORT PGUSER=shardforge PGCONNECT_TIMEOUT=10
  unset PGDATABASE PGOPTIONS PGTZ PGDATESTYLE PGCLIENTENCODING PGPASSWORD
}
