#!/bin/sh
# pg-cluster.sh start|stop|status DIR PG_BINDIR [fast]
# A private PostgreSQL cluster under DIR: data in DIR/data, the unix socket in DIR/sock,
# no TCP. As root it runs as the `postgres` user (PostgreSQL refuses to run as root).
# `start` prints the conninfo to use. "fast" turns off fsync (throwaway test clusters only).
set -eu
cmd=$1 dir=$2 bindir=$3 mode=${4:-durable}
port=${PGPORT_PRIVATE:-5432}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  mkdir -p "$dir/sock"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir" "$dir/sock"; chmod 700 "$dir/sock"; fi
  if [ ! -s "$dir/data/PG_VERSION" ]; then
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    {
      echo "listen_addresses = ''"
      echo "unix_socket_directories = '$dir/sock'"
      echo "port = $port"
      echo "max_connections = 200"
      echo "shared_buffers = 256MB"
      echo "timezone = 'UTC'"
      if [ "$mode" = fast ]; then echo "fsync = off"; echo "synchronous_commit = off"; echo "full_page_writes = off"; fi
    } | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
  fi
  if ! as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start >/dev/null \
      || { tail -20 "$dir/postgres.log" >&2; exit 1; }
  fi
  as_owner "$bindir/psql" -h "$dir/sock" -p "$port" -U postgres -d postgres -qAtc \
    "SELECT 1 FROM pg_database WHERE datname = 'bankruptcy'" | grep -q 1 \
    || as_owner "$bindir/createdb" -h "$dir/sock" -p "$port" -U postgres bankruptcy
  echo "host=$dir/sock port=$port user=postgres dbname=bankruptcy"
  ;;
stop)
  [ -d "$dir/data" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  ;;
status)
  as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
  ;;
*)
  echo "usage: $0 start|stop|status DIR PG_BINDIR [fast]" >&2; exit 2 ;;
esac
