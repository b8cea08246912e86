# bankruptcyd container image.
#   docker build -t bankruptcyd .
#   docker run --rm -e DATABASE_URL=... -e JWT_SECRET=... -p 127.0.0.1:8080:8080 bankruptcyd
# deploy/docker-compose.yml runs it with PostgreSQL and a one-shot migrate step.

# ---- build stage -----------------------------------------------------------
FROM debian:bookworm-slim AS build

ARG DEBIAN_FRONTEND=noninteractive

# The build dependencies of deploy/install-deps.sh. postgresql-15 is only here
# because ./configure insists on finding initdb (it is needed by `make check`,
# not by the binary), libyaml-dev because it finds the test harness's libyaml; neither
# reaches the runtime image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      gcc make autoconf automake pkg-config \
      libmicrohttpd-dev libjansson-dev libpq-dev libjwt-dev libssl-dev zlib1g-dev \
      check libsubunit-dev libcurl4-openssl-dev libyaml-dev \
      postgresql-15 postgresql-client-15 \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .
# .git stays out of the build context: pass the commit in for --version and /readyz
# (docker build --build-arg GIT_COMMIT=$(git describe --always --dirty) .).
ARG GIT_COMMIT=unknown

# Configure explicitly (the Makefile's config.mk rule would also run
# deploy/install-deps.sh), then build only the server binary.
RUN autoreconf -i \
 && ./configure -q \
 && make -j"$(nproc)" build/bankruptcyd GIT_COMMIT="$GIT_COMMIT" \
 && install -D -m 0755 -s build/bankruptcyd /out/usr/local/bin/bankruptcyd \
 && mkdir -p /out/usr/share/bankruptcyd \
 && cp -R migrations /out/usr/share/bankruptcyd/migrations \
 && cp -R sql /out/usr/share/bankruptcyd/sql

# ---- runtime stage ---------------------------------------------------------
FROM debian:bookworm-slim

ARG DEBIAN_FRONTEND=noninteractive

# Shared libraries the binary links against, plus curl for HEALTHCHECK:
# bookworm-slim has no HTTP client, and curl gives a real status-code check
# with a timeout for a few MB.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libmicrohttpd12 libjansson4 libpq5 libjwt0 libssl3 zlib1g ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 bankruptcyd \
 && useradd --system --uid 10001 --gid bankruptcyd \
      --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin bankruptcyd

COPY --from=build /out/ /

# Fail the build here, not at start-up, if a shared library is missing.
RUN ! ldd /usr/local/bin/bankruptcyd | grep 'not found'

ENV MIGRATIONS_DIR=/usr/share/bankruptcyd/migrations \
    SQL_DIR=/usr/share/bankruptcyd/sql \
    BIND_ADDRESS=0.0.0.0 \
    PORT=8080

USER 10001:10001
WORKDIR /
EXPOSE 8080
STOPSIGNAL SIGTERM

# Liveness only (/healthz): a database outage shows on /readyz, and should not
# make the container look broken or get it restarted.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD curl -fsS --max-time 3 -o /dev/null "http://127.0.0.1:${PORT:-8080}/healthz" || exit 1

ENTRYPOINT ["bankruptcyd"]
CMD ["serve"]
