#!/bin/sh
# Installs the Debian 12 packages the build, `make run`, `make check` (nginx too) and
# `make format-check` need (BENCH=1: and `make bench`; BROWSER=1: and `make check-browser`;
# DEPLOY=1: and `make check-deploy`, node and npm, from Debian unless both are on PATH;
# FUZZ=1: and `make fuzz`).
# Does nothing when they are all present; as root it installs what is missing,
# otherwise it prints the command to run.
set -eu
PKGS="gcc make autoconf automake pkg-config libmicrohttpd-dev libjansson-dev libpq-dev
libjwt-dev libssl-dev zlib1g-dev check libsubunit-dev libcurl4-openssl-dev libyaml-dev clang-format postgresql-15
postgresql-client-15 nginx-light"
# nginx: `make check` runs two instances behind it (tests/integration/test_instances.c)
[ "${BENCH:-0}" = 1 ] && PKGS="$PKGS wrk curl"
[ "${BROWSER:-0}" = 1 ] && PKGS="$PKGS chromium python3 curl"
# a node from elsewhere (e.g. NodeSource, whose nodejs conflicts with Debian's npm) is kept
[ "${DEPLOY:-0}" = 1 ] && { command -v node >/dev/null && command -v npm >/dev/null || PKGS="$PKGS nodejs npm"; }
# `make fuzz`: clang with libFuzzer and the sanitizer runtimes (-fsanitize=fuzzer)
[ "${FUZZ:-0}" = 1 ] && PKGS="$PKGS clang libclang-rt-14-dev"
missing=""
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "missing packages:$missing" >&2
  echo "run: sudo apt-get update && sudo apt-get install -y$missing" >&2
  exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
