# bankruptcyd: make | make run | make check | make check-sanitize | make bench | make clean
# | make format | make format-check
# ./configure runs by itself when config.mk is missing; deploy/install-deps.sh
# installs the Debian packages first when run as root.

BUILD ?= build
ifeq ($(SANITIZE),1)
BUILD := build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
OPT := -O1
else
OPT ?= -O2
endif

-include config.mk

# `make fuzz`: the libFuzzer targets of tests/fuzz over the library built by clang with
# ASan and UBSan in build-fuzz (FUZZ=1); see the fuzz target below.
ifeq ($(FUZZ),1)
BUILD := build-fuzz
CC := clang
SANFLAGS := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
  -fno-sanitize-recover=all
OPT := -O1
endif

CFLAGS_BASE := -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -Wshadow -Wformat=2 \
  -Wno-format-nonliteral -Wno-missing-field-initializers -g $(OPT) -Iinclude -I$(BUILD)/gen -MMD -MP $(SANFLAGS)
CFLAGS_ALL := $(CFLAGS_BASE) $(DEPS_CFLAGS) $(CFLAGS)
LDLIBS_ALL := $(DEPS_LIBS) -lpthread -lm $(SANFLAGS)

LIB_SRC := $(sort $(wildcard src/*/*.c))
# Files compiled into the binary (include/embedded.h): the rule catalogue, the OpenAPI
# document, and the browser pages of /docs and /console with the vendored viewer.
EMBED_catalogue := src/rules/catalogue.json
EMBED_openapi := openapi/openapi.yaml
EMBED_docs_html := web/docs.html
EMBED_redoc_js := web/vendor/redoc/redoc.standalone.js
EMBED_console_html := web/console.html
EMBED_console_js := web/console.js
EMBEDS := catalogue openapi docs_html redoc_js console_html console_js
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(EMBEDS:%=$(BUILD)/gen/embedded_%.o) $(BUILD)/gen/build_info.o
LIB := $(BUILD)/libbankruptcy.a
BIN := $(BUILD)/bankruptcyd

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
IT_SRC := $(sort $(wildcard tests/integration/test_*.c))
IT_BIN := $(IT_SRC:tests/integration/%.c=$(BUILD)/tests/integration/%)
IT_HARNESS := $(BUILD)/tests/integration/harness.o $(BUILD)/tests/integration/openapi_check.o

.PHONY: FORCE all deps run check check-browser check-sanitize unit integration bench bench-smoke clean format \
  format-check fuzz
all: $(BIN)

deps:
	@deploy/install-deps.sh

config.mk: configure.ac config.mk.in
	@deploy/install-deps.sh
	autoreconf -i >/dev/null 2>&1 || autoreconf -i
	./configure -q

$(BUILD)/%.o: %.c config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

# Each embedded file is assembled as it is (.incbin), NUL-terminated, with its length.
.SECONDEXPANSION:
$(BUILD)/gen/embedded_%.o: $$(EMBED_$$*) config.mk
	@mkdir -p $(dir $@)
	@printf '\t.section .rodata\n\t.balign 16\n\t.global embedded_%s\nembedded_%s:\n\t.incbin "%s"\nembedded_%s_end:\n\t.byte 0\n\t.balign 8\n\t.global embedded_%s_len\nembedded_%s_len:\n\t.quad embedded_%s_end - embedded_%s\n\t.section .note.GNU-stack,"",@progbits\n' \
	  $* $* $(abspath $(EMBED_$*)) $* $* $* $* $* > $(BUILD)/gen/embedded_$*.S
	$(CC) -c $(BUILD)/gen/embedded_$*.S -o $@

# What `bankruptcyd --version`, /readyz and the build-info metric say: the version of
# configure.ac, the commit (`git describe`, "unknown" outside a git checkout; GIT_COMMIT=...
# overrides it, e.g. in a container build without .git) and the schema this tree expects
# (its last migration). Rewritten only when one of them changes, so a commit relinks
# but recompiles nothing else.
GIT_COMMIT ?= $(shell git describe --always --dirty 2>/dev/null || echo unknown)
SCHEMA_EXPECTED := $(notdir $(lastword $(sort $(wildcard migrations/*.sql))))
$(BUILD)/gen/build_info.c: FORCE
	@mkdir -p $(dir $@)
	@printf 'const char build_version[] = "%s";\nconst char build_commit[] = "%s";\nconst char build_schema[] = "%s";\n' \
	  '$(VERSION)' '$(GIT_COMMIT)' '$(SCHEMA_EXPECTED)' > $@.tmp
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv $@.tmp $@; fi

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(BUILD)/src/main.o $(LIB)
	$(CC) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/src/main.o: src/main.c config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(LIB) config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CHECK_CFLAGS) -Itests -o $@ $< $(LIB) $(CHECK_LIBS) $(LDLIBS_ALL)

# The harness and its OpenAPI checker; only they use libyaml (the server does not).
# -rdynamic lets a suite name a route's handler (dladdr) to compare it with operationId.
$(IT_HARNESS): $(BUILD)/tests/integration/%.o: tests/integration/%.c config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CHECK_CFLAGS) $(CURL_CFLAGS) $(YAML_CFLAGS) -Itests -c $< -o $@

$(BUILD)/tests/integration/%: tests/integration/%.c $(IT_HARNESS) $(LIB) config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(CHECK_CFLAGS) $(CURL_CFLAGS) -Itests -rdynamic -o $@ $< $(IT_HARNESS) \
	  $(LIB) $(CHECK_LIBS) $(CURL_LIBS) $(YAML_LIBS) $(LDLIBS_ALL)

# The test command of the README: unit suites, then the integration suites
# against a throwaway PostgreSQL cluster and the real server.
check: deps $(BIN) $(UNIT_BIN) $(IT_BIN)
	@tests/tools/run-tests.sh $(BUILD) "$(PG_BINDIR)"

# The pages of the binary (/docs, /console) in headless Chromium (tests/browser/run.sh).
check-browser: deps $(BIN)
	@BROWSER=1 deploy/install-deps.sh
	@tests/browser/run.sh $(BIN) "$(PG_BINDIR)"

# deploy/kubernetes/ against the Kubernetes schemas bundled in the pinned npm packages of
# tests/k8s (no downloads at test time beyond `npm ci`), plus broken copies that must fail.
.PHONY: check-deploy
check-deploy:
	@DEPLOY=1 deploy/install-deps.sh
	@cd tests/k8s && npm ci --no-audit --no-fund --loglevel=error
	@node tests/k8s/validate.mjs --self-test

check-sanitize:
	@$(MAKE) --no-print-directory check SANITIZE=1

run: deps $(BIN)
	@deploy/run-local.sh $(BIN) "$(PG_BINDIR)"

bench: deps
	@BENCH=1 deploy/install-deps.sh
	@$(MAKE) --no-print-directory build-bench/bankruptcyd BUILD=build-bench OPT="-O3 -DNDEBUG"
	@bench/run.sh build-bench/bankruptcyd "$(PG_BINDIR)"

# A few seconds of each scenario on a small volume: CI checks the harness still works.
bench-smoke: deps
	@BENCH=1 deploy/install-deps.sh
	@$(MAKE) --no-print-directory build-bench/bankruptcyd BUILD=build-bench OPT="-O3 -DNDEBUG"
	@bench/run.sh build-bench/bankruptcyd "$(PG_BINDIR)" --smoke

# Coverage-guided fuzzing (libFuzzer; clang and its runtime are installed with FUZZ=1): each
# target of tests/fuzz runs FUZZ_SECONDS from its seed corpus tests/fuzz/corpus/NAME; a crash,
# leak, sanitizer report or failed assertion fails the run and leaves its input in
# build-fuzz/fuzz-artifacts/NAME/.
FUZZ_SECONDS ?= 60
FUZZ_BIN := $(patsubst tests/fuzz/%.c,build-fuzz/tests/fuzz/%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))

$(BUILD)/tests/fuzz/%: tests/fuzz/%.c $(LIB) config.mk
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fsanitize=fuzzer -o $@ $< $(LIB) $(LDLIBS_ALL) -fsanitize=fuzzer

fuzz: deps
	@FUZZ=1 deploy/install-deps.sh
	@$(MAKE) --no-print-directory FUZZ=1 $(FUZZ_BIN)
	@tests/tools/run-fuzz.sh build-fuzz $(FUZZ_SECONDS)

# The C style is .clang-format's: `make format` applies it, `make format-check` fails
# (naming each file and line) where a file differs from it.
FORMAT_SRC := $(LIB_SRC) src/main.c $(sort $(wildcard include/*.h tests/*/*.c tests/*/*.h))
format:
	clang-format -i $(FORMAT_SRC)

format-check: deps
	clang-format --dry-run --Werror $(FORMAT_SRC)

clean:
	rm -rf build build-san build-bench build-fuzz

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
