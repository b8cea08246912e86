#!/bin/sh
# run-local.sh BINARY PG_BINDIR: what `make run` does after building. Starts (or reuses) a
# PostgreSQL 15 cluster under .run/ in the checkout, applies the migrations and serves on
# 127.0.0.1:$PORT (8080). Data survives restarts; a second `make run` says so and stops.
set -eu
bin=$1 bindir=$2
top=$(pwd)
run="$top/.run"
mkdir -p "$run"
export PORT="${PORT:-8080}"

exec 9>"$run/run.lock"
if ! flock -n 9; then
  echo "bankruptcyd is already running from this checkout (pid $(cat "$run/server.pid" 2>/dev/null || echo '?')); stop it first." >&2
  exit 1
fi

if [ ! -s "$run/jwt_secret" ]; then
  (umask 077; head -c 48 /dev/urandom | od -An -v -tx1 | tr -d ' \n' > "$run/jwt_secret")
fi

conninfo=$(PGPORT_PRIVATE=5432 tests/tools/pg-cluster.sh start "$run/pg" "$bindir")
cleanup() {
  [ -n "${server:-}" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -f "$run/server.pid"
  tests/tools/pg-cluster.sh stop "$run/pg" "$bindir"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

export DATABASE_URL="$conninfo" JWT_SECRET_FILE="$run/jwt_secret" BANKRUPTCYD_DEV=1
export MIGRATIONS_DIR="$top/migrations" SQL_DIR="$top/sql"
cat <<MSG

bankruptcyd: http://127.0.0.1:$PORT   (OpenAPI: http://127.0.0.1:$PORT/openapi.yaml)
database:    $conninfo
a token:     TOKEN=\$(JWT_SECRET_FILE=.run/jwt_secret $bin token --role court --sub judge-1)
             curl -H "Authorization: Bearer \$TOKEN" http://127.0.0.1:$PORT/v1/applications
Ctrl-C stops the service and the database; the data stays in .run/pg.

MSG
"$bin" serve --migrate &
server=$!
echo "$server" > "$run/server.pid"
wait "$server"
