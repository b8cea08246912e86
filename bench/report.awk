# report.awk: turns the RESULT lines of bench/run.sh into the table and the JSON.
function val(line, key,    i, n, parts, kv) {
  n = split(line, parts, " ")
  for (i = 1; i <= n; i++) { split(parts[i], kv, "="); if (kv[1] == key) return kv[2] }
  return 0
}
{ name[NR] = $1; line[NR] = $0; rps[NR] = (val($0, "seconds") > 0) ? val($0, "requests") / val($0, "seconds") : 0
  if ($1 == "pgbench_S") { pg = val($0, "tps"); rps[NR] = pg }
  if ($1 == "pgbench_tpcb") rps[NR] = val($0, "tps")
  if ($1 == "nginx_static") nx = rps[NR]
  if ($1 == "nginx_page") nxp = rps[NR]
  if ($1 == "feed_page") fp = rps[NR] }
END {
  printf "\n%-18s %12s %9s %9s %8s %10s %10s\n", "scenario", "requests/s", "p50 ms", "p99 ms", "errors", "x pgbench", "x nginx"
  for (i = 1; i <= NR; i++) {
    err = val(line[i], "errors") + val(line[i], "unexpected")
    printf "%-18s %12.0f %9.3f %9.3f %8d %10.2f %10.2f\n", name[i], rps[i], val(line[i], "p50_ms"), val(line[i], "p99_ms"), err, (pg > 0 ? rps[i] / pg : 0), (nx > 0 ? rps[i] / nx : 0)
  }
  printf "(pgbench_tpcb: p50 column is its average latency; it is the durable write baseline)\n"
  if (nxp > 0) printf "feed_page: %.2f x nginx serving the same page from a file (nginx_page)\n", fp / nxp
  printf "\nresident size: %d kB at start, %d kB before the long run, %d kB after (%s)\n", rs, rb, ra, longreq
  printf "volume: %d cases; %d connections; %d service threads; %d cores\n", n, conns, threads, cores
  printf "{\"time\":\"%s\",\"cases\":%d,\"connections\":%d,\"threads\":%d,\"cores\":%d,\"rss_kb\":{\"start\":%d,\"before_long\":%d,\"after_long\":%d},\"scenarios\":[", stamp, n, conns, threads, cores, rs, rb, ra
  for (i = 1; i <= NR; i++) {
    printf "%s{\"name\":\"%s\",\"rps\":%.1f,\"p50_ms\":%.3f,\"p99_ms\":%.3f,\"errors\":%d,\"vs_pgbench\":%.3f,\"vs_nginx\":%.3f}", (i > 1 ? "," : ""), name[i], rps[i], val(line[i], "p50_ms"), val(line[i], "p99_ms"), val(line[i], "errors") + val(line[i], "unexpected"), (pg > 0 ? rps[i] / pg : 0), (nx > 0 ? rps[i] / nx : 0)
  }
  printf "]}\n"
}
