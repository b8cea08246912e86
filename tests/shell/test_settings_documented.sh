#!/bin/sh
# test_settings_documented.sh: every environment setting of src/util/settings.c's table is
# in the README's Configuration section and in `bankruptcyd serve --help` (a setting the
# operator cannot find does not exist for them). BUILD_DIR names the build (build).
# Prints a Check-style summary line for run-tests.sh.
set -u
bin="${BUILD_DIR:-build}/bankruptcyd"
help=$("$bin" serve --help) || { echo "test_settings_documented: $bin serve --help failed"; exit 1; }
config=$(sed -n '/^Configuration$/,/^Commands:/p' README)
checks=0 failures=0
for name in $(grep -o '^    {"[A-Z_]*"' src/util/settings.c | tr -d ' {"'); do
  checks=$((checks + 1))
  missing=""
  printf '%s\n' "$config" | grep -qw "$name" || missing="README's Configuration"
  printf '%s\n' "$help" | grep -qw "$name" || missing="${missing:+$missing and }serve --help"
  if [ -n "$missing" ]; then
    failures=$((failures + 1))
    echo "test_settings_documented: $name is not in $missing"
  fi
done
[ "$checks" -gt 20 ] || { echo "test_settings_documented: only $checks settings found"; exit 1; }
echo "$(( (checks - failures) * 100 / checks ))%: Checks: $checks, Failures: $failures, Errors: 0"
[ "$failures" -eq 0 ]
