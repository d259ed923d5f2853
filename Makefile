# jamdeploy - build, test, demo, deps, asan, bench.
#
#   make          build ./jamdeploy (needs the -dev packages: `make deps`)
#   make test     install what is missing, build, run every test; ends "N passed, N failed, N skipped"
#   make unit     build and run the C unit tests, the banned.h check and the fuzz crasher replay;
#                 installs nothing (seconds, not minutes)
#   make integration   install the test packages, build, run only tests/integration/*.sh
#   ONLY="test_url s3_push.sh"   with test, unit or integration: only the named unit programs,
#                 integration scripts and fuzz replays (fuzz_minify), with or without test_/.sh;
#                 only what the named integration scripts need is installed (unit names: nothing)
#   make demo     install what is missing, build, push examples/site to a local directory twice
#   make asan     the unit and integration tests under AddressSanitizer + UBSan
#   make fuzz     libFuzzer harnesses (tests/fuzz/) for FUZZ_SECONDS each (default 60), with clang
#   make bench    benchmarks under bench/ (peers side by side, ratios printed)
#   make install  the binary, the jamdeploy(1) man page and bash/zsh/fish completions under PREFIX
#                 (default /usr/local), below DESTDIR when set; make uninstall removes them

CC      ?= cc
PKGS     = libcurl openssl libwebp libpng libjpeg zlib jansson yaml-0.1 libbrotlienc libdeflate
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
WARN     = -Wall -Wextra -Werror -Wshadow -Wswitch-enum -Wno-unused-parameter
CFLAGS  ?= -O2 -g
# banned.h reaches every C file, including those that never include lib/util.h (tests, fuzz
# harnesses).  It includes the system headers that declare the banned functions before it
# defines its macros, so a system header a file includes afterwards is already parsed (include
# guards) and the macros cannot break it; see lib/banned.h and tests/unit/banned.sh.
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -I. -include lib/banned.h $(WARN) $(CFLAGS) $(PKG_CFLAGS)
LDLIBS   = $(PKG_LIBS) -lm -lpthread

# Debian and Ubuntu packages: what building needs, and what the tests add (servers, browser,
# checkers).  Every name in DEB_BUILD and DEB_TEST exists in Debian 12/13 and Ubuntu 22.04/24.04
# (libjpeg-dev, not Debian's libjpeg62-turbo-dev); DEB_TEST_DEBIAN are packaged by Debian only
# (Ubuntu ships chromium as a snap and dropped awscli in 24.04): installed where apt has them.
DEB_BUILD = pkg-config gcc make libcurl4-openssl-dev libssl-dev libwebp-dev libpng-dev \
            libjpeg-dev zlib1g-dev libjansson-dev libyaml-dev libbrotli-dev libdeflate-dev
DEB_TEST  = python3-botocore python3-pil python3-html5lib ca-certificates curl brotli \
            python3-brotli pre-commit hugo varnish valgrind time man-db groff-base mandoc zsh fish
DEB_TEST_DEBIAN = chromium awscli
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

O        ?= build
# The library is every .c file in every top-level folder except the commands, the tests, the
# benchmarks, the examples and build output: a new folder (site/, check/, ...) is picked up.
NOT_LIB  := cmd/ tests/ bench/ examples/ docs/ build/ $(firstword $(subst /, ,$(O)))/
LIB_DIRS := $(filter-out $(NOT_LIB),$(sort $(dir $(wildcard */*.c))))
LIB_SRC  := $(sort $(wildcard $(addsuffix *.c,$(LIB_DIRS))))
CMD_SRC  := $(sort $(wildcard cmd/*.c))
TEST_SRC := $(sort $(wildcard tests/unit/test_*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(O)/%.o)
CMD_OBJ  := $(CMD_SRC:%.c=$(O)/%.o)
TEST_BIN := $(TEST_SRC:tests/unit/%.c=$(O)/tests/%)
# make unit replays tests/fuzz/crashers/NAME/ and tests/fuzz/seeds/NAME/ through each harness,
# linked with tests/fuzz/replay.c instead of libFuzzer (the normal CC, no clang needed).
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN := $(FUZZ_NAMES:%=$(O)/tests/replay_%)
BIN      ?= jamdeploy

# ONLY="a b": the integration scripts it names decide what is installed (none: nothing).
ONLY_WORDS := $(patsubst %.sh,%,$(patsubst integration/%,%,$(ONLY)))
INT_NAMES  := $(patsubst tests/integration/%.sh,%,$(wildcard tests/integration/*.sh))
INT_SEL    := $(if $(strip $(ONLY)),$(filter $(ONLY_WORDS),$(INT_NAMES)),$(INT_NAMES))
# The builds that make test/unit/integration start use every CPU unless make was given -j.
JOBS = $$(case "$$MAKEFLAGS" in *--jobserver*) ;; *) echo -j$$(nproc 2>/dev/null || echo 2) ;; esac)
# What tests/run needs to know to compile the banned.h probe with the project's flags.
RUN_ENV     = JAMDEPLOY=$(CURDIR)/$(BIN) TEST_BIN_DIR=$(CURDIR)/$(O)/tests \
              JD_CC="$(CC)" JD_CFLAGS="$(ALL_CFLAGS)"

.PHONY: all deps test-deps apt-test-deps integration-deps test unit integration demo asan fuzz clean bench \
	tests-built install uninstall
all: $(BIN)

$(BIN): $(CMD_OBJ) $(O)/libjamdeploy.a
	$(CC) $(ALL_CFLAGS) -o $@ $^ $(LDLIBS)

$(O)/libjamdeploy.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/tests/test_%: tests/unit/test_%.c tests/unit/test.h $(O)/libjamdeploy.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(O)/libjamdeploy.a $(LDLIBS)

$(O)/tests/replay_%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c $(O)/libjamdeploy.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DREPLAY_NAME='"fuzz_$*"' -o $@ tests/fuzz/replay.c tests/fuzz/fuzz_$*.c \
		$(O)/libjamdeploy.a $(LDLIBS)

-include $(LIB_OBJ:.o=.d) $(CMD_OBJ:.o=.d)

deps:
	@missing=$$(for p in $(DEB_BUILD); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing" $$missing; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

test-deps: deps apt-test-deps
	@tests/npm-deps.sh

apt-test-deps: deps
	@missing=$$(for p in $(DEB_TEST); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	maybe=$$(for p in $(DEB_TEST_DEBIAN); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing$$maybe" ]; then \
		$(SUDO) apt-get update -qq || exit 1; \
		for p in $$maybe; do \
			if apt-cache policy $$p 2>/dev/null | grep -q 'Candidate: [^(]'; then missing="$$missing $$p"; \
			else echo "make test-deps: $$p is not packaged here: the tests that need it fail"; fi; \
		done; \
	fi; \
	if [ -n "$$(echo $$missing)" ]; then \
		echo "make test-deps: installing" $$missing; \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# The packages of the selected integration scripts: all of them without ONLY, none when ONLY
# names no integration script (only the npm areas the named scripts use otherwise).
integration-deps: $(if $(INT_SEL),deps apt-test-deps)
	@$(if $(INT_SEL),tests/npm-deps.sh $(if $(strip $(ONLY)),$(INT_SEL:%=integration/%.sh)))

test: integration-deps
	@$(MAKE) --no-print-directory $(JOBS) all tests-built
	@$(RUN_ENV) tests/run

# No package is installed: the build needs the -dev packages (`make deps`) and nothing else.
unit:
	@pkg-config --exists $(PKGS) 2>/dev/null || { echo "make unit: -dev packages missing: run make deps" >&2; exit 2; }
	@$(MAKE) --no-print-directory $(JOBS) tests-built
	@$(RUN_ENV) tests/run --unit

integration: integration-deps
	@$(MAKE) --no-print-directory $(JOBS) all tests-built
	@$(RUN_ENV) tests/run --integration

tests-built: $(TEST_BIN) $(REPLAY_BIN)
	@:

asan: test-deps
	@$(MAKE) --no-print-directory O=build/asan BIN=build/asan/jamdeploy \
		CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
		build/asan/jamdeploy asan-tests-built
	@ASAN_OPTIONS=detect_leaks=1 JAMDEPLOY=$(CURDIR)/build/asan/jamdeploy \
		TEST_BIN_DIR=$(CURDIR)/build/asan/tests JD_CC="$(CC)" JD_CFLAGS="$(ALL_CFLAGS)" tests/run

asan-tests-built: $(TEST_BIN) $(REPLAY_BIN)
	@:

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

# make install, GNU style: PREFIX (default /usr/local), DESTDIR (a staging root for packages).
# The man page and the completion scripts are written by the built binary from its command
# tables (`help --man`, `completion SHELL`), so they say what this binary does.  Each is
# written beside its destination and renamed: whole or not at all.
PREFIX     ?= /usr/local
bindir      = $(PREFIX)/bin
man1dir     = $(PREFIX)/share/man/man1
bashcompdir = $(PREFIX)/share/bash-completion/completions
zshcompdir  = $(PREFIX)/share/zsh/site-functions
fishcompdir = $(PREFIX)/share/fish/vendor_completions.d
INSTALL    ?= install
# $(call jd_generate,ARGS,FILE): FILE is what `jamdeploy ARGS` prints
jd_generate = echo "jamdeploy $(1) > $(2)"; "$(abspath $(BIN))" $(1) >"$(2).tmp" && chmod 644 "$(2).tmp" && mv -f "$(2).tmp" "$(2)" \
	|| { rm -f "$(2).tmp"; exit 1; }

install: $(BIN)
	$(INSTALL) -d -m 755 "$(DESTDIR)$(bindir)" "$(DESTDIR)$(man1dir)" "$(DESTDIR)$(bashcompdir)" \
		"$(DESTDIR)$(zshcompdir)" "$(DESTDIR)$(fishcompdir)"
	$(INSTALL) -m 755 "$(BIN)" "$(DESTDIR)$(bindir)/jamdeploy"
	@$(call jd_generate,help --man,$(DESTDIR)$(man1dir)/jamdeploy.1)
	@$(call jd_generate,completion bash,$(DESTDIR)$(bashcompdir)/jamdeploy)
	@$(call jd_generate,completion zsh,$(DESTDIR)$(zshcompdir)/_jamdeploy)
	@$(call jd_generate,completion fish,$(DESTDIR)$(fishcompdir)/jamdeploy.fish)

uninstall:
	rm -f "$(DESTDIR)$(bindir)/jamdeploy" "$(DESTDIR)$(man1dir)/jamdeploy.1" \
		"$(DESTDIR)$(bashcompdir)/jamdeploy" "$(DESTDIR)$(zshcompdir)/_jamdeploy" \
		"$(DESTDIR)$(fishcompdir)/jamdeploy.fish"

bench: all
	@for b in bench/*.sh; do echo "== $$b"; bash $$b || exit 1; done

clean:
	rm -rf build $(BIN)
