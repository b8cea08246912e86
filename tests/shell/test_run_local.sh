#!/bin/sh
# test_run_local.sh: `make run` (deploy/run-local.sh) hands the settings of the environment
# to the server unchanged, makes a secret only when none is given, and refuses JWT_SECRET
# with JWT_SECRET_FILE. The server is a stand-in that records the environment it was
# started with; DATABASE_URL is given, so no cluster is started. Prints a Check-style
# summary line for run-tests.sh.
set -u
top=$(pwd)
work=$(mktemp -d /tmp/bankruptcyd-runlocal.XXXXXX)
trap 'rm -rf "$work"' EXIT
cat > "$work/fake-server" <<'SH'
#!/bin/sh
env > "$RECORD"
SH
chmod +x "$work/fake-server"
checks=0 failures=0

fail() { failures=$((failures + 1)); echo "test_run_local: $*"; }
# has FILE KEY=VALUE: the recorded environment holds exactly that entry
has() { grep -qxF "$2" "$1" || fail "$3: the server's environment lacks $2"; }
lacks() { ! grep -q "^$2=" "$1" || fail "$3: the server's environment has $2"; }

run_local() { # name, then KEY=VALUE... for the environment of run-local.sh
  name=$1; shift
  rm -rf "$work/run" "$work/$name.env"
  env -i PATH="$PATH" HOME="$work" RUN_DIR="$work/run" RECORD="$work/$name.env" \
    DATABASE_URL="dbname=given" "$@" sh deploy/run-local.sh "$work/fake-server" /nonexistent \
    >"$work/$name.out" 2>&1
}

# every documented setting passes through as given
checks=$((checks + 1))
run_local given JWT_SECRET=0123456789abcdef0123456789abcdef-given CORS_ORIGINS=http://localhost:3000 \
  THREADS=3 PORT=18081 BIND_ADDRESS=127.0.0.2 LOG_LEVEL=debug SHUTDOWN_GRACE=4 \
  METRICS_TOKEN=metrics-token-0123456789 PAGE_MAX=50 MIGRATIONS_DIR=/m SQL_DIR=/s \
  BANKRUPTCYD_DEV=0 JWT_ISSUER=iss IDEMPOTENCY_TTL=600
e="$work/given.env"
if [ ! -s "$e" ]; then fail "given: the server was not started: $(cat "$work/given.out")"; else
  for kv in JWT_SECRET=0123456789abcdef0123456789abcdef-given CORS_ORIGINS=http://localhost:3000 \
    THREADS=3 PORT=18081 BIND_ADDRESS=127.0.0.2 LOG_LEVEL=debug SHUTDOWN_GRACE=4 \
    METRICS_TOKEN=metrics-token-0123456789 PAGE_MAX=50 MIGRATIONS_DIR=/m SQL_DIR=/s \
    BANKRUPTCYD_DEV=0 JWT_ISSUER=iss IDEMPOTENCY_TTL=600 DATABASE_URL=dbname=given; do
    has "$e" "$kv" given
  done
  lacks "$e" JWT_SECRET_FILE given
  [ ! -e "$work/run/jwt_secret" ] || fail "given: a secret was made though JWT_SECRET was given"
fi

# a secret is made only when none is given; the development defaults apply
checks=$((checks + 1))
run_local none
e="$work/none.env"
if [ ! -s "$e" ]; then fail "none: the server was not started: $(cat "$work/none.out")"; else
  has "$e" "JWT_SECRET_FILE=$work/run/jwt_secret" none
  lacks "$e" JWT_SECRET none
  [ "$(wc -c < "$work/run/jwt_secret")" -ge 32 ] || fail "none: the secret made is short"
  has "$e" BANKRUPTCYD_DEV=1 none
  has "$e" PORT=8080 none
  has "$e" "MIGRATIONS_DIR=$top/migrations" none
fi

# a secret file given is used as it is
checks=$((checks + 1))
printf 'from-a-file-0123456789abcdef0123456789\n' > "$work/secret"
run_local file JWT_SECRET_FILE="$work/secret"
e="$work/file.env"
if [ ! -s "$e" ]; then fail "file: the server was not started: $(cat "$work/file.out")"; else
  has "$e" "JWT_SECRET_FILE=$work/secret" file
  [ ! -e "$work/run/jwt_secret" ] || fail "file: a secret was made though JWT_SECRET_FILE was given"
fi

# both: refused, naming both, and the server is not started
checks=$((checks + 1))
if run_local both JWT_SECRET=0123456789abcdef0123456789abcdef JWT_SECRET_FILE="$work/secret"; then
  fail "both: run-local.sh succeeded"
fi
[ ! -e "$work/both.env" ] || fail "both: the server was started"
grep -q "JWT_SECRET and JWT_SECRET_FILE" "$work/both.out" || fail "both: the message does not name both: $(cat "$work/both.out")"

echo "$(( (checks - failures) * 100 / checks ))%: Checks: $checks, Failures: $failures, Errors: 0"
[ "$failures" -eq 0 ]
