#!/bin/sh
# bench/run.sh BINARY PG_BINDIR [--smoke]: the benchmark of the hot paths against the
# machine's own limits. Starts a throwaway PostgreSQL (durable: fsync and synchronous
# commit on), seeds realistic volume, starts the service, runs each scenario with wrk at
# 64 connections after a warm-up, measures pgbench -S, a static nginx file and a feed page
# served by nginx the same way, and prints one table (also bench/results/<time>.json). Every response's status is
# checked: a fast error never counts. --smoke: small volume, seconds per scenario (CI).
set -eu
bin=$1 bindir=$2 mode=${3:-full}
top=$(pwd)
if [ "$mode" = --smoke ]; then
  N=${BENCH_N:-2000} FREE=${BENCH_FREE:-30000} DURATION=${BENCH_SECONDS:-2} WARMUP=1 LONG=${BENCH_LONG:-20000}
  TABLE_ROWS=${BENCH_TABLE_ROWS:-1000} MEMBERS=${BENCH_MEMBERS:-1000}
else
  N=${BENCH_N:-100000} FREE=${BENCH_FREE:-200000} DURATION=${BENCH_SECONDS:-15} WARMUP=${BENCH_WARMUP:-5} LONG=${BENCH_LONG:-1000000}
  TABLE_ROWS=${BENCH_TABLE_ROWS:-10000} MEMBERS=${BENCH_MEMBERS:-10000}
fi
CONNS=${BENCH_CONNECTIONS:-64}
PORT=${BENCH_PORT:-18181}
NGINX_PORT=$((PORT + 1))
THREADS=${THREADS:-0}   # 0: the service's default, twice the cores (chosen by measurement)
work=$(mktemp -d /tmp/bankruptcyd-bench.XXXXXX)
chmod 755 "$work"
server=""
nginx_pid=""
cleanup() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null
  tests/tools/pg-cluster.sh stop "$work/pg" "$bindir"
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

say() { printf '%s\n' "$*" >&2; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

say "== PostgreSQL (durable) and $N cases of seed data"
export PGPORT_PRIVATE=$((PORT + 2))
# BENCH_PG_MODE=fast turns fsync off: for diagnosis only (how much of a figure is the wait for
# the disk); the figures the README reports are durable.
conninfo=$(tests/tools/pg-cluster.sh start "$work/pg" "$bindir" "${BENCH_PG_MODE:-durable}")
sock="$work/pg/sock"
export DATABASE_URL="$conninfo" JWT_SECRET="bench-secret-0123456789abcdef0123456789" MIGRATIONS_DIR="$top/migrations" SQL_DIR="$top/sql"
"$bin" migrate >/dev/null 2>&1
as_pg "$bindir/psql" -q -h "$sock" -p "$PGPORT_PRIVATE" -U postgres -d bankruptcy -v n="$N" -v free="$FREE" -f "$top/bench/seed.sql" >/dev/null
q() { as_pg "$bindir/psql" -qAt -h "$sock" -p "$PGPORT_PRIVATE" -U postgres -d bankruptcy -c "$1"; }
# the polling creditor (claims_304): a claim in each of 20 cases, each with its declaration
q "WITH c AS (INSERT INTO claims (case_id, source, creditor_role, creditor_subject, creditor_name,
     declared_on, timing, principal_fen, claimed_class, content)
   SELECT id, 'declared', 'creditor', 'bench-claimant', 'Bench Claimant', accepted_on + 10,
     'in_period', 5000000 + seq, 'ordinary', '{}' FROM applications WHERE status = 'accepted'
   ORDER BY seq LIMIT 20 RETURNING id, declared_on)
 INSERT INTO claim_events (claim_id, status, what, on_date) SELECT id, 'declared', 'declared',
   declared_on FROM c" >/dev/null
q "VACUUM ANALYZE"   # what seeding left to the background is done before measuring
q "CHECKPOINT"
q "SELECT id FROM applications ORDER BY random() LIMIT 10000" > "$work/app_ids"
q "SELECT json_build_object('name', d.name, 'id_number', d.id_number) FROM debtors d WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.debtor_id = d.id) ORDER BY d.seq" > "$work/free_debtors"
chmod 644 "$work"/app_ids "$work"/free_debtors
say "   $(q 'SELECT count(*) FROM applications') applications, $(q 'SELECT count(*) FROM restriction_changes') restriction changes"

say "== bankruptcyd (THREADS=$THREADS; 0 = twice the cores)"
# Every request of at least BENCH_SLOW_MS (default 100) is logged (SLOW_REQUEST_MS), and each
# scenario reports how many of its measured requests those were and the slowest, with its
# route: a p99 that wrk's correction for coordinated omission inflates from one stall shows
# as one slow request, steady slowness as many.
SLOW_MS=${BENCH_SLOW_MS:-100}
PORT=$PORT THREADS=$THREADS LOG_LEVEL=warn SLOW_REQUEST_MS=$SLOW_MS PER_IP_CONNECTIONS=0 METRICS_TOKEN=bench-metrics-token-0123456789 \
  "$bin" serve 2>"$work/server.log" &
server=$!
for i in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
court=$("$bin" token --role court --sub bench-judge --ttl 86400)
agency=$("$bin" token --role agency --sub bench-airline --ttl 86400)
bank=$("$bin" token --role creditor --sub bench-bank --ttl 86400)
etag=$(curl -sI "http://127.0.0.1:$PORT/v1/restrictions/changes?limit=1" -H "Authorization: Bearer $agency" | tr -d '\r' | sed -n 's/^ETag: //Ip')
head=$(q "SELECT max(seq) FROM restriction_changes")
claimant=$("$bin" token --role creditor --sub bench-claimant --ttl 86400)
claims_etag=$(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT/v1/claims" -H "Authorization: Bearer $claimant" | tr -d '\r' | sed -n 's/^ETag: //Ip')
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
rss_start=$(rss)

results="$work/results.txt"
: > "$results"
: > "$work/slow.txt"
run_wrk() { # name script url args...
  name=$1 script=$2 url=$3; shift 3
  cat "$top/bench/common.lua" "$top/bench/$script" > "$work/$script"
  wrk -t2 -c"$CONNS" -d"${WARMUP}s" -s "$work/$script" "$url" -- "$@" >/dev/null 2>&1 || true
  log_from=$(($(wc -l < "$work/server.log") + 1))
  out=$(wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "$work/$script" "$url" -- "$@" 2>&1)
  line=$(printf '%s\n' "$out" | grep '^RESULT' || echo "RESULT requests=0 seconds=1 p50_ms=0 p99_ms=0 errors=1 unexpected=1")
  echo "$name $line" >> "$results"
  say "   $name: $(echo "$line" | cut -d' ' -f2-)"
  slow_of "$name" "$log_from"
}
slow_of() { # name first-log-line: the slow requests the service logged since that line
  tail -n +"$2" "$work/server.log" | grep '"slow":true' | awk -v name="$1" -v ms="$SLOW_MS" '
    function num(key,    m) { return match($0, "\"" key "\":[0-9]+") ? substr($0, RSTART + length(key) + 3, RLENGTH - length(key) - 3) + 0 : -1 }
    { n++; d = num("duration_us"); if (d > top) { top = d; ans = num("answered_us");
        route = match($0, /"route":"[^"]*"/) ? substr($0, RSTART + 9, RLENGTH - 10) : "?" } }
    END { if (n) printf "%s: %d requests of %d ms or more in the service, the slowest %.0f ms (%s; answer queued after %.0f ms, the rest was its sending)\n", name, n, ms, top / 1000, route, ans / 1000;
          else printf "%s: no request of %d ms or more in the service\n", name, ms }' >> "$work/slow.txt"
  say "   $(tail -1 "$work/slow.txt")"
}

say "== scenarios: ${DURATION}s each after ${WARMUP}s warm-up, $CONNS connections"
run_wrk get_application get_application.lua "http://127.0.0.1:$PORT" "$work/app_ids" "$court"
run_wrk feed_304 get_304.lua "http://127.0.0.1:$PORT" "$agency" "$etag" "/v1/restrictions/changes?limit=100&after=$head"
# The feed's final blocks are read from PostgreSQL the first time a page needs them
# (feedpages.c) and kept; an instance that has run a while holds them. Until every final
# block is kept, random pages wait on those reads (a fill holds its thread), so the warm-up
# of feed_page goes on, ${WARMUP}s at a time, until they are all kept (at most 12 rounds),
# and the time that took is reported: feed_page measures pages served, not the first fill.
metric() {
  curl -s "http://127.0.0.1:$PORT/metrics" -H "Authorization: Bearer bench-metrics-token-0123456789" |
    awk -v m="$1" '$1 == m {v = $2} END {print v + 0}'
}
cat "$top/bench/common.lua" "$top/bench/feed_page.lua" > "$work/feed_fill.lua"
fill_start=$(date +%s) fill_rounds=0 fill_log_from=$(($(wc -l < "$work/server.log") + 1))
while [ "$fill_rounds" -lt 12 ] && [ "$(metric bankruptcyd_feed_memory_blocks)" -lt $((head / 256)) ]; do
  wrk -t2 -c"$CONNS" -d"${WARMUP}s" -s "$work/feed_fill.lua" "http://127.0.0.1:$PORT" -- "$agency" "$head" >/dev/null 2>&1 || true
  fill_rounds=$((fill_rounds + 1))
done
fill_line="first fill of the feed's $((head / 256)) final blocks: $(metric bankruptcyd_feed_memory_blocks) kept after $(($(date +%s) - fill_start)) s of random pages ($fill_rounds rounds of ${WARMUP}s)"
say "   $fill_line"
slow_of feed_fill "$fill_log_from"
run_wrk feed_page feed_page.lua "http://127.0.0.1:$PORT" "$agency" "$head"
# where those pages came from (feedpages.c: final blocks kept in memory, FEED_MEMORY_MB)
curl -s "http://127.0.0.1:$PORT/metrics" -H "Authorization: Bearer bench-metrics-token-0123456789" |
  awk '/^bankruptcyd_feed_pages_total\{source="memory"/ {m = $2} /^bankruptcyd_feed_pages_total\{source="database"/ {d = $2}
       /^bankruptcyd_feed_memory_bytes/ {b = $2} /^bankruptcyd_feed_memory_blocks/ {k = $2}
       END {printf "feed pages (warm-up included): %d from memory, %d from PostgreSQL; %d blocks, %.1f MB kept\n", m, d, k, b / 1048576}' \
  > "$work/feed_memory.txt"
say "   $(cat "$work/feed_memory.txt")"

# Creditors' meetings (bench/meeting.sql seeds them): a creditor polling its vote status with
# the ETag it holds, and the live tally of an item of $MEMBERS voting members, each with a
# ballot (bench/meeting_ballots.sql), read one request at a time.
say "== meetings: vote status polled with If-None-Match; the tally of $MEMBERS members"
mq() { as_pg "$bindir/psql" -qAt -h "$sock" -p "$PGPORT_PRIVATE" -U postgres -d bankruptcy "$@"; }
meetings=$(mq -v members="$MEMBERS" -v admin=bench-chair -f "$top/bench/meeting.sql")
big_item=$(echo "$meetings" | sed -n 1p)
small_meeting=$(echo "$meetings" | sed -n 2p | cut -d' ' -f1)
small_item=$(echo "$meetings" | sed -n 2p | cut -d' ' -f2)
chair=$("$bin" token --role administrator --sub bench-chair --ttl 86400)
for item in "$big_item" "$small_item"; do
  curl -s -o /dev/null -X POST "http://127.0.0.1:$PORT/v1/meeting-items/$item/opening" -H "Authorization: Bearer $chair"
  mq -v item="$item" -f "$top/bench/meeting_ballots.sql" >/dev/null
done
voter=$("$bin" token --role creditor --sub bench-voter-3-1 --ttl 86400)
vs_path="/v1/meetings/$small_meeting/vote-status"
vs_etag=$(curl -s -D - -o /dev/null "http://127.0.0.1:$PORT$vs_path" -H "Authorization: Bearer $voter" | tr -d '\r' | sed -n 's/^ETag: //Ip')
run_wrk vote_status_304 get_304.lua "http://127.0.0.1:$PORT" "$voter" "$vs_etag" "$vs_path"
tally_url="http://127.0.0.1:$PORT/v1/meeting-items/$big_item/tally"
for i in 1 2 3; do curl -s -o /dev/null "$tally_url" -H "Authorization: Bearer $chair"; done
for i in $(seq 1 11); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$tally_url" -H "Authorization: Bearer $chair"
done > "$work/tally.times"
tally_ms=$(awk '{printf "%.1f\n", $2 * 1000}' "$work/tally.times" | sort -n | sed -n 6p)
tally_line="meeting tally: $MEMBERS voting members with a ballot each, median of 11 requests ${tally_ms} ms (target: under 50 ms for 10,000)"
say "   $tally_line"
if awk '$1 != 200 {bad = 1} END {exit !bad}' "$work/tally.times"; then
  say "the tally was not served: $(head -3 "$work/tally.times")"
  echo "meeting_tally RESULT requests=0 seconds=1 p50_ms=0 p99_ms=0 errors=1 unexpected=1" >> "$work/long.txt"
fi
run_wrk claims_304 claims_304.lua "http://127.0.0.1:$PORT" "$claimant" "$claims_etag"
# The long run measures the service's memory, before the writes and the baselines leave
# PostgreSQL its background work (checkpoints, vacuum) to do.
say "== memory: resident size before and after $LONG requests"
rss_before=$(rss)
long_seconds=$(awk -v n="$LONG" -v f="$(awk '$1 == "get_application" {for (i = 2; i <= NF; i++) if ($i ~ /^requests=/) {split($i, a, "="); r = a[2]} else if ($i ~ /^seconds=/) {split($i, b, "="); s = b[2]}} END {if (s > 0) print r / s; else print 1000}' "$results")" 'BEGIN {d = int(n / (f > 1 ? f : 1)) + 1; print d}')
cat "$top/bench/common.lua" "$top/bench/get_application.lua" > "$work/long.lua"
long=$(wrk -t2 -c"$CONNS" -d"${long_seconds}s" -s "$work/long.lua" "http://127.0.0.1:$PORT" -- "$work/app_ids" "$court" 2>&1 | grep '^RESULT' || true)
rss_after=$(rss)
say "   $long"
# where the reads of one application were answered (appcache.c, APPLICATION_CACHE_MB)
app_line="application reads (warm-ups and the long run included): $(metric bankruptcyd_application_cache_hits_total) from memory, $(metric bankruptcyd_application_cache_misses_total) from PostgreSQL"
say "   $app_line"
echo "long_run ${long:-RESULT requests=0 seconds=1 p50_ms=0 p99_ms=0 errors=1 unexpected=1}" >> "$work/long.txt"

WARMUP_SAVED=$WARMUP; WARMUP=0 # every write uses a fresh debtor: no warm-up to spend them on
run_wrk post_application post_application.lua "http://127.0.0.1:$PORT" "$work/free_debtors" "$bank"
WARMUP=$WARMUP_SAVED

# One request carrying a whole claim table, beside PostgreSQL's own COPY of the same rows
# into a bare table (bench/claim_table.sql seeds the case and writes both files).
say "== claim table: $TABLE_ROWS rows in one request, and COPY of the same rows"
threads_n=$THREADS; [ "$threads_n" -eq 0 ] && threads_n=$((2 * $(nproc)))
mkdir -p "$work/ct"
[ "$(id -u)" -eq 0 ] && chown postgres "$work/ct"
table_case=$(cd "$work/ct" && as_pg "$bindir/psql" -qAt -h "$sock" -p "$PGPORT_PRIVATE" -U postgres -d bankruptcy \
  -v rows="$TABLE_ROWS" -v admin=bench-administrator -f "$top/bench/claim_table.sql" | tail -1)
administrator=$("$bin" token --role administrator --sub bench-administrator --ttl 86400)
# the warm-up checks the same table without writing (validate_only), on every service
# connection, as the other scenarios warm up before they are measured
warmups=""
for i in $(seq 1 "$threads_n"); do
  curl -s -m 120 -o /dev/null -X POST "http://127.0.0.1:$PORT/v1/applications/$table_case/claim-table?validate_only=true" \
    -H "Authorization: Bearer $administrator" -H 'Content-Type: application/json' --data-binary "@$work/ct/claim_table.json" &
  warmups="$warmups $!"
done
for p in $warmups; do wait "$p" || true; done  # not a bare wait: the service is a child too
table=$(curl -s -m 120 -o "$work/table.out" -w '%{http_code} %{time_total}' -X POST \
  "http://127.0.0.1:$PORT/v1/applications/$table_case/claim-table" -H "Authorization: Bearer $administrator" \
  -H 'Content-Type: application/json' --data-binary "@$work/ct/claim_table.json")
table_ms=$(echo "$table" | awk '{printf "%.1f", $2 * 1000}')
copy_ms=$(cd "$work/ct" && printf '\\timing on\n\\copy bench_copy_rows FROM claim_table.csv CSV HEADER\n' |
  as_pg "$bindir/psql" -qAt -h "$sock" -p "$PGPORT_PRIVATE" -U postgres -d bankruptcy | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p')
table_line=$(awk -v r="$TABLE_ROWS" -v t="$table_ms" -v c="${copy_ms:-0}" \
  'BEGIN {printf "claim table: %d rows in one request %.1f ms; COPY of the same rows %.1f ms; ratio %.1f", r, t, c, (c > 0 ? t / c : 0)}')
say "   $table_line (status ${table%% *})"
[ "${table%% *}" = 201 ] || { say "the claim table was not accepted: $(head -c 300 "$work/table.out")"; echo "claim_table RESULT requests=0 seconds=1 p50_ms=0 p99_ms=0 errors=1 unexpected=1" >> "$work/long.txt"; }

say "== baselines on the same machine"
as_pg "$bindir/createdb" -h "$sock" -p "$PGPORT_PRIVATE" -U postgres pgbench
as_pg "$bindir/pgbench" -q -i -s 10 -h "$sock" -p "$PGPORT_PRIVATE" -U postgres pgbench >/dev/null 2>&1
mkdir -p "$work/pgb"
[ "$(id -u)" -eq 0 ] && chown postgres "$work/pgb"
(cd "$work/pgb" && as_pg "$bindir/pgbench" -S -M prepared -c "$CONNS" -j 2 -T "$DURATION" -l --log-prefix="$work/pgb/log" \
   -h "$sock" -p "$PGPORT_PRIVATE" -U postgres pgbench > "$work/pgbench.out" 2>&1) || cat "$work/pgbench.out" >&2
tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/pgbench.out" | head -1)
cat "$work"/pgb/log.* 2>/dev/null | awk '{print $3}' | sort -n > "$work/pgb.lat"
count=$(wc -l < "$work/pgb.lat")
p50=$(awk -v n="$count" 'NR == int(n * 0.50) + 1 {printf "%.3f", $1 / 1000}' "$work/pgb.lat")
p99=$(awk -v n="$count" 'NR == int(n * 0.99) + 1 {printf "%.3f", $1 / 1000}' "$work/pgb.lat")
echo "pgbench_S RESULT requests=$count seconds=$DURATION p50_ms=${p50:-0} p99_ms=${p99:-0} errors=0 unexpected=0 tps=${tps:-0}" >> "$results"
say "   pgbench -S -M prepared: ${tps:-?} tps"
# the database's own durable write limit here: pgbench's TPC-B-like transaction (5 statements)
(cd "$work/pgb" && as_pg "$bindir/pgbench" -M prepared -c "$CONNS" -j 2 -T "$DURATION" \
   -h "$sock" -p "$PGPORT_PRIVATE" -U postgres pgbench > "$work/pgbench-w.out" 2>&1) || cat "$work/pgbench-w.out" >&2
wtps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' "$work/pgbench-w.out" | head -1)
wlat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$work/pgbench-w.out" | head -1)
echo "pgbench_tpcb RESULT requests=0 seconds=$DURATION p50_ms=${wlat:-0} p99_ms=0 errors=0 unexpected=0 tps=${wtps:-0}" >> "$results"
say "   pgbench TPC-B-like (durable writes): ${wtps:-?} tps"

mkdir -p "$work/www" "$work/nginx"
printf '{"status":"ok"}' > "$work/www/static.json"
# a page of the feed as the service sends it (100 changes, about 40 KB): what nginx makes of
# the same bytes from a file is the HTTP limit of feed_page on this machine
curl -s -o "$work/www/page.json" "http://127.0.0.1:$PORT/v1/restrictions/changes?limit=100&after=$((head / 2))" \
  -H "Authorization: Bearer $agency"
chmod 644 "$work/www/"*
cat > "$work/nginx/nginx.conf" <<NGINX
daemon off; worker_processes 2; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 1024; }
http { access_log off; keepalive_requests 1000000;
       server { listen 127.0.0.1:$NGINX_PORT; root $work/www; } }
NGINX
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" 2>/dev/null &
nginx_pid=$!
sleep 0.5
run_wrk nginx_static static.lua "http://127.0.0.1:$NGINX_PORT/static.json"
run_wrk nginx_page static.lua "http://127.0.0.1:$NGINX_PORT/page.json"

mkdir -p "$top/bench/results"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
threads=$THREADS; [ "$threads" -eq 0 ] && threads=$((2 * $(nproc)))
awk -v stamp="$stamp" -v n="$N" -v conns="$CONNS" -v threads="$threads" -v cores="$(nproc)" \
    -v rs="$rss_start" -v rb="$rss_before" -v ra="$rss_after" -v longreq="$long" -f "$top/bench/report.awk" "$results" \
    > "$work/report.txt"
sed -n '/^{/,$p' "$work/report.txt" > "$top/bench/results/$stamp.json"
cp "$work/server.log" "$top/bench/results/$stamp.log" # the service's warnings, slow requests among them
sed '/^{/,$d' "$work/report.txt"
echo "$table_line"
echo "$tally_line"
cat "$work/feed_memory.txt"
echo "$app_line"
echo "$fill_line"
cat "$work/slow.txt"
say "(JSON: bench/results/$stamp.json; the service's log: bench/results/$stamp.log)"
bad=$(cat "$results" "$work/long.txt" | awk '{for (i = 2; i <= NF; i++) if ($i ~ /^(errors|unexpected)=/) {split($i, a, "="); s += a[2]}} END {print s + 0}')
if [ "$bad" -gt 0 ]; then say "some responses had an unexpected status or failed: see above"; exit 1; fi
