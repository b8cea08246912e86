#!/bin/sh
# run-fuzz.sh BUILD SECONDS: runs each libFuzzer target BUILD/tests/fuzz/fuzz_NAME for
# SECONDS from its seed corpus tests/fuzz/corpus/NAME (only read: what the fuzzer finds new
# goes to BUILD/fuzz-corpus/NAME, kept between runs), prints the executions of each, and
# exits non-zero when any target crashed, leaked, hung (10 s on one input), tripped a
# sanitizer or failed an assertion; the input that did it is left in
# BUILD/fuzz-artifacts/NAME/ and the log's end is printed.
set -u
build=$1 seconds=$2
failed=""
for t in "$build"/tests/fuzz/fuzz_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t" | sed 's/^fuzz_//')
  work="$build/fuzz-corpus/$name" art="$build/fuzz-artifacts/$name/" log="$build/fuzz-$name.log"
  mkdir -p "$work" "$art"
  if "$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$art" "$work" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
    result=ok
  else
    result=FAILED failed="$failed $name"
  fi
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
  per_s=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
  echo "fuzz $name: $result, ${execs:-?} executions in $seconds s (${per_s:-?}/s)"
  [ "$result" = ok ] || tail -40 "$log"
done
[ -z "$failed" ] || { echo "fuzz targets that failed:$failed"; exit 1; }
