#!/bin/sh
# run-local.sh BINARY PG_BINDIR: what `make run` does after building. Serves on
# 127.0.0.1:$PORT (8080) with every setting of the README's Configuration list taken from
# the environment (`JWT_SECRET=... CORS_ORIGINS=http://localhost:3000 make run`). What is
# not given is made up for a development setup:
#   DATABASE_URL     a PostgreSQL 15 cluster started (or reused) under .run/pg; its data
#                    survives restarts
#   JWT_SECRET_FILE  .run/jwt_secret, made once, when no JWT_SECRET, JWT_SECRET_FILE or
#                    JWT_PUBLIC_KEY_FILE is given
#   MIGRATIONS_DIR, SQL_DIR  the checkout's; BANKRUPTCYD_DEV  1
# A second `make run` from the same checkout says so and stops. RUN_DIR moves .run.
set -eu
bin=$1 bindir=$2
top=$(pwd)
run="${RUN_DIR:-$top/.run}"
mkdir -p "$run"
export PORT="${PORT:-8080}"

exec 9>"$run/run.lock"
if ! flock -n 9; then
  echo "bankruptcyd is already running from this checkout (pid $(cat "$run/server.pid" 2>/dev/null || echo '?')); stop it first." >&2
  exit 1
fi

if [ -n "${JWT_SECRET:-}" ] && [ -n "${JWT_SECRET_FILE:-}" ]; then
  echo "JWT_SECRET and JWT_SECRET_FILE are both set: set one of them" >&2
  exit 1
fi
if [ -n "${JWT_SECRET:-}" ]; then
  token_env="JWT_SECRET=..."
elif [ -n "${JWT_SECRET_FILE:-}" ]; then
  token_env="JWT_SECRET_FILE=$JWT_SECRET_FILE"
elif [ -n "${JWT_PUBLIC_KEY_FILE:-}" ]; then
  token_env="" # tokens come from the identity provider that holds the private key
else
  if [ ! -s "$run/jwt_secret" ]; then
    (umask 077; head -c 48 /dev/urandom | od -An -v -tx1 | tr -d ' \n' > "$run/jwt_secret")
  fi
  export JWT_SECRET_FILE="$run/jwt_secret"
  token_env="JWT_SECRET_FILE=$JWT_SECRET_FILE"
fi

own_cluster=""
if [ -z "${DATABASE_URL:-}" ]; then
  DATABASE_URL=$(PGPORT_PRIVATE=5432 tests/tools/pg-cluster.sh start "$run/pg" "$bindir")
  own_cluster=1
fi
cleanup() {
  [ -n "${server:-}" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -f "$run/server.pid"
  [ -z "$own_cluster" ] || tests/tools/pg-cluster.sh stop "$run/pg" "$bindir"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

export DATABASE_URL BANKRUPTCYD_DEV="${BANKRUPTCYD_DEV:-1}"
export MIGRATIONS_DIR="${MIGRATIONS_DIR:-$top/migrations}" SQL_DIR="${SQL_DIR:-$top/sql}"
host=${BIND_ADDRESS:-127.0.0.1}
cat <<MSG

bankruptcyd: http://$host:$PORT   (OpenAPI: http://$host:$PORT/openapi.yaml)
database:    $DATABASE_URL
MSG
if [ -n "$token_env" ]; then
  cat <<MSG
a token:     TOKEN=\$($token_env $bin token --role court --sub judge-1)
             curl -H "Authorization: Bearer \$TOKEN" http://$host:$PORT/v1/applications
MSG
fi
[ -z "$own_cluster" ] || echo "Ctrl-C stops the service and the database; the data stays in $run/pg."
echo
"$bin" serve --migrate &
server=$!
echo "$server" > "$run/server.pid"
wait "$server"
