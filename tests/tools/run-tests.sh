#!/bin/sh
# run-tests.sh BUILD PG_BINDIR: the unit suites, then the integration suites against a
# throwaway PostgreSQL cluster (removed afterwards) and the real server. Prints each
# suite's Check summary and a closing "N passed, N failed" line; exits non-zero on failure.
# SUITES="test_plans test_debtors" runs only the suites named (make check SUITES=...).
set -u
build=$1 bindir=$2
top=$(pwd)
failed_suites=""
total_pass=0 total_fail=0

count() { # adds the Check summary of a log to the totals
  line=$(grep -E '^[0-9]+%: Checks: [0-9]+' "$1" | tail -1)
  [ -n "$line" ] || return 0
  checks=$(echo "$line" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
  fails=$(echo "$line" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2/')
  f=$(( $(echo "$fails" | cut -d' ' -f1) + $(echo "$fails" | cut -d' ' -f2) ))
  total_pass=$(( total_pass + checks - f ))
  total_fail=$(( total_fail + f ))
}

chosen() { # name: whether SUITES (if set) names the suite
  [ -z "${SUITES:-}" ] && return 0
  case " $SUITES " in *" $1 "*) return 0 ;; esac
  return 1
}

run_suite() { # name binary
  log=$(mktemp)
  if "$2" >"$log" 2>&1; then status=ok; else status=FAILED; failed_suites="$failed_suites $1"; fi
  if [ "$status" = ok ]; then grep -E '^[0-9]+%: Checks' "$log"; else cat "$log"; fi
  grep -qE '^[0-9]+%: Checks' "$log" || { echo "$1: no Check summary (crashed?)"; total_fail=$((total_fail + 1)); }
  count "$log"
  rm -f "$log"
}

echo "== unit suites"
for t in "$build"/tests/unit/test_*; do
  [ -x "$t" ] && chosen "$(basename "$t")" || continue
  printf '%s: ' "$(basename "$t")"
  run_suite "$(basename "$t")" "$t"
done

echo "== shell suites"
export BUILD_DIR="$build"
for t in tests/shell/test_*.sh; do
  [ -f "$t" ] || continue
  printf '%s: ' "$(basename "$t")"
  run_suite "$(basename "$t")" "$t"
done

echo "== integration suites (throwaway PostgreSQL cluster)"
pgdir=$(mktemp -d /tmp/bankruptcyd-test.XXXXXX)
chmod 755 "$pgdir"
trap 'tests/tools/pg-cluster.sh stop "$pgdir" "$bindir"; rm -rf "$pgdir"' EXIT INT TERM
PGPORT_PRIVATE=$((20000 + $$ % 20000)) export PGPORT_PRIVATE
if ! conninfo=$(tests/tools/pg-cluster.sh start "$pgdir" "$bindir" fast); then
  echo "could not start PostgreSQL"; exit 1
fi
export TEST_PG_ADMIN="$(echo "$conninfo" | sed 's/dbname=bankruptcy/dbname=postgres/')"
export TEST_PG_BINDIR="$bindir" BANKRUPTCYD_BIN="${BANKRUPTCYD_BIN:-$top/$build/bankruptcyd}" TEST_MIGRATIONS="$top/migrations" TEST_SQL="$top/sql"
for t in "$build"/tests/integration/test_*; do
  [ -x "$t" ] && chosen "$(basename "$t")" || continue
  printf '%s: ' "$(basename "$t")"
  run_suite "$(basename "$t")" "$t"
done

echo
echo "$total_pass passed, $total_fail failed"
if [ -n "$failed_suites" ] || [ "$total_fail" -gt 0 ]; then
  echo "failing suites:$failed_suites"
  exit 1
fi
