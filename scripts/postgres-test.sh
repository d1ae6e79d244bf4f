#!/usr/bin/env bash
# The authority's storage suite (and the service on top of it) against PostgreSQL:
# installs PostgreSQL from Debian when it is missing, starts a throwaway cluster in a
# temporary folder on a free loopback port, runs the suite with VNEID_TEST_POSTGRES_URL set,
# and stops the cluster (also on failure).
#   bash scripts/postgres-test.sh            # the suite
#   bash scripts/postgres-test.sh -- --nocapture   # extra arguments go to the test binary
# Without VNEID_TEST_POSTGRES_URL, `cargo test` runs the same suite on SQLite only and says
# that the PostgreSQL half was skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
BIN=$(find_bin)
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "==> installing PostgreSQL (Debian)"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  BIN=$(find_bin)
fi
[ -x "$BIN/initdb" ] || { echo "no initdb under /usr/lib/postgresql" >&2; exit 1; }

TMP=$(mktemp -d /tmp/vneid-pg.XXXXXX)
DATA="$TMP/data"
# initdb refuses to run as root: the cluster belongs to the postgres user then.
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
  chown postgres "$TMP"
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  as_pg "$BIN/pg_ctl" -D "$DATA" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$TMP"
}
trap stop EXIT

as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$BIN/pg_ctl" -D "$DATA" -l "$TMP/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PORT -k $TMP -c fsync=off -c max_connections=200" \
  start >/dev/null
echo "==> PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PORT (throwaway, $TMP)"

export VNEID_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
cargo test -p vneid-authority --test storage "$@"
