# jamdeploy - build, test, demo, deps, asan, bench.
#
#   make          build ./jamdeploy (needs the -dev packages: `make deps`)
#   make test     install what is missing, build, run every test; ends "N passed, N failed"
#   make demo     install what is missing, build, push examples/site to a local directory twice
#   make asan     the unit and integration tests under AddressSanitizer + UBSan
#   make fuzz     libFuzzer harnesses (tests/fuzz/) for FUZZ_SECONDS each (default 60), with clang
#   make bench    benchmarks under bench/ (peers side by side, ratios printed)

CC      ?= cc
PKGS     = libcurl openssl libwebp libpng libjpeg zlib jansson yaml-0.1 libbrotlienc libdeflate
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN     = -Wall -Wextra -Werror -Wshadow -Wswitch-enum -Wno-unused-parameter
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -I. $(WARN) $(CFLAGS) $(PKG_CFLAGS)
LDLIBS   = $(PKG_LIBS) -lm -lpthread

# Debian packages: what building needs, and what the tests add (servers, browser, checkers).
DEB_BUILD = pkg-config gcc make libcurl4-openssl-dev libssl-dev libwebp-dev libpng-dev \
            libjpeg62-turbo-dev zlib1g-dev libjansson-dev libyaml-dev libbrotli-dev libdeflate-dev
DEB_TEST  = python3-botocore python3-pil python3-html5lib ca-certificates curl awscli brotli \
            python3-brotli pre-commit chromium hugo varnish valgrind time
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

O        ?= build
LIB_SRC  := $(sort $(wildcard lib/*.c minify/*.c images/*.c site/*.c manifests/*.c check/*.c upload/*.c pipeline/*.c))
CMD_SRC  := $(sort $(wildcard cmd/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(O)/%.o)
CMD_OBJ  := $(CMD_SRC:%.c=$(O)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(O)/tests/%)
BIN      ?= jamdeploy

.PHONY: all deps test-deps test unit integration demo asan fuzz clean bench
all: $(BIN)

$(BIN): $(CMD_OBJ) $(O)/libjamdeploy.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(O)/libjamdeploy.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/tests/%: tests/unit/%.c $(O)/libjamdeploy.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(O)/libjamdeploy.a $(LDLIBS)

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)

deps:
	@missing=$$(for p in $(DEB_BUILD); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing" $$missing; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test-deps: deps
	@missing=$$(for p in $(DEB_TEST); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "make test-deps: installing" $$missing; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
	@tests/npm-deps.sh

test: test-deps
	@$(MAKE) --no-print-directory all tests-built
	@JAMDEPLOY=$(CURDIR)/$(BIN) TEST_BIN_DIR=$(CURDIR)/$(O)/tests tests/run

tests-built: $(TEST_BIN)

asan: test-deps
	@$(MAKE) --no-print-directory O=build/asan BIN=build/asan/jamdeploy \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		build/asan/jamdeploy asan-tests-built
	@ASAN_OPTIONS=detect_leaks=1 JAMDEPLOY=$(CURDIR)/build/asan/jamdeploy \
		TEST_BIN_DIR=$(CURDIR)/build/asan/tests tests/run

asan-tests-built: $(TEST_BIN)

# The fuzzers need clang and its libFuzzer runtime (Debian: clang, libclang-rt-dev).
FUZZ_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer
FUZZ_BIN  := $(patsubst tests/fuzz/%.c,build/fuzz/%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz: deps
	@command -v clang >/dev/null && ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a \
		>/dev/null 2>&1 || { echo "make fuzz: installing clang"; $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-dev >/dev/null; }
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory O=build/fuzz CC=clang CFLAGS="$(FUZZ_FLAGS) -fsanitize=fuzzer-no-link" \
		$(FUZZ_BIN)
	@tests/fuzz/run.sh

build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c build/fuzz/libjamdeploy.a
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libjamdeploy.a $(LDLIBS)

demo: deps
	@$(MAKE) --no-print-directory all
	@rm -rf .jamdeploy/demo-target
	@echo "== first push: every file is new"
	./$(BIN) push examples/site --to .jamdeploy/demo-target
	@echo "== second push of the same site: nothing is sent"
	./$(BIN) push examples/site --to .jamdeploy/demo-target
	@echo "== the target now serves the site from .jamdeploy/demo-target"

bench: all
	@for b in bench/*.sh; do echo "== $$b"; bash $$b || exit 1; done

clean:
	rm -rf build $(BIN)
