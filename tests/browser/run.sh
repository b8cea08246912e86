#!/bin/sh
# tests/browser/run.sh BINARY PG_BINDIR: the pages of the binary in a real browser (headless
# Chromium, Debian's package). The reference (/docs) must render every operation of the
# document; the clerk's console, served from ANOTHER origin that CORS_ORIGINS allows, must
# load the deadline dashboard with a token and show a case. Screenshots are kept under
# tests/browser/artifacts/ (not committed). Prints "N passed, N failed"; exits non-zero on
# a failure.
set -u
bin=$1 bindir=$2
top=$(pwd)
art="$top/tests/browser/artifacts"
mkdir -p "$art"
work=$(mktemp -d /tmp/bankruptcyd-browser.XXXXXX)
chmod 755 "$work"
server="" static=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null
  [ -n "$static" ] && kill "$static" 2>/dev/null
  tests/tools/pg-cluster.sh stop "$work/pg" "$bindir"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
pass=0 fail=0
check() { # name, then a command that succeeds when the check holds
  name=$1; shift
  if "$@"; then pass=$((pass + 1)); echo "ok   $name"; else fail=$((fail + 1)); echo "FAIL $name"; fi
}

PGPORT_PRIVATE=$((21000 + $$ % 20000)) export PGPORT_PRIVATE
conninfo=$(tests/tools/pg-cluster.sh start "$work/pg" "$bindir" fast) || { echo "no PostgreSQL"; exit 1; }
port=$((30000 + $$ % 20000)) sport=$((port + 1))
api="http://127.0.0.1:$port" origin="http://127.0.0.1:$sport"
export DATABASE_URL="$conninfo" JWT_SECRET="browser-test-secret-0123456789abcdef" PORT=$port \
  CORS_ORIGINS="$origin" MIGRATIONS_DIR="$top/migrations" SQL_DIR="$top/sql" BANKRUPTCYD_DEV=1 \
  TODAY=2026-12-01 LOG_LEVEL=warn
"$bin" serve --migrate 2>"$work/server.log" &
server=$!
for i in $(seq 1 100); do curl -sf "$api/healthz" >/dev/null && break; sleep 0.1; done

# A case with deadlines and restrictions: the court registers the person, a creditor
# petitions by name and number, the court accepts.
court=$("$bin" token --role court --sub clerk-1)
bank=$("$bin" token --role creditor --sub bank-browser)
post() { curl -s -X POST "$api$1" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "$3"; }
post /v1/debtors "$court" '{"name":"Wang Fang","id_number":"440305198001011235","sez_resident":true,"social_insurance_years":6}' >/dev/null
case_id=$(post /v1/applications "$bank" '{"debtor":{"name":"Wang Fang","id_number":"440305198001011235"},
  "procedure":"liquidation","claims":[{"amount":"600000.00","due_date":"2025-06-30"}],
  "materials":[{"kind":"application","reference":"b1"},{"kind":"claim_proof","reference":"b2"}]}' \
  | sed -n 's/^{"id":"\([^"]*\)".*/\1/p')
number=$(post "/v1/applications/$case_id/decision" "$court" '{"outcome":"accept"}' \
  | grep -o '"case_number":"[^"]*"' | cut -d'"' -f4)
check "a case to show ($number)" test -n "$number"

chrome() { # out, url, then more flags
  out=$1 url=$2; shift 2
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --window-size=1280,2000 --virtual-time-budget=20000 "$@" \
    "$url" >"$out" 2>"$work/chromium.log"
}

# The reference renders every operation of the document.
chrome "$work/docs.html" "$api/docs" --dump-dom
chrome /dev/null "$api/docs" --screenshot="$art/docs.png"
sed -n '/^paths:/,/^components:/p' openapi/openapi.yaml | grep -E '^      summary: ' | sed -e 's/^      summary: //' -e 's/^"\(.*\)"$/\1/' \
  -e "s/^'\(.*\)'\$/\1/" | sort -u > "$work/summaries"
missing=0
while IFS= read -r s; do
  esc=$(printf '%s' "$s" | sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g')
  grep -qF -- "$esc" "$work/docs.html" || { missing=$((missing + 1)); echo "   not rendered: $s"; }
done < "$work/summaries"
check "the reference renders all $(wc -l < "$work/summaries") operation summaries" test "$missing" -eq 0

# The console from another origin: the dashboard and the case.
(cd web && exec python3 -m http.server "$sport" --bind 127.0.0.1 >/dev/null 2>&1) &
static=$!
for i in $(seq 1 50); do curl -sf "$origin/console.html" >/dev/null && break; sleep 0.1; done
page="$origin/console.html?api=$api&case=$case_id#token=$court"
chrome "$work/console.html" "$page" --dump-dom
chrome /dev/null "$page" --screenshot="$art/console.png"
check "the console shows the case number" grep -qF "$number" "$work/console.html"
check "the console lists the case's deadlines" grep -q 'SZ-[A-Z-]*' "$work/console.html"
check "the console's dashboard loaded (no error)" sh -c "! grep -q 'deadlines: [0-9]' '$work/console.html'"
check "the console shows the case's timeline" grep -q 'id="timeline"' "$work/console.html"
check "screenshots kept" test -s "$art/docs.png" -a -s "$art/console.png"

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
