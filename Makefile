# recist - tumour response by RECIST 1.1 and mRECIST, rules as data.
# GNU make.  `make` builds build/recist, build/librecist.a and build/librecist.so; `make check`
# runs every test; `make sanitize` runs them under ASan and UBSan;
# `make install PREFIX=... DESTDIR=...` installs.
#
# SPDX-License-Identifier: MIT

PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
LIBDIR     ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR     ?= $(PREFIX)/share/man
DATADIR    ?= $(PREFIX)/share/recist
PKG_CONFIG ?= pkg-config
CC         ?= cc
AR         ?= ar

B          ?= build
VERSION     = $(shell sed -n 's/^#define RECIST_VERSION "\(.*\)"/\1/p' include/recist/recist.h)
CFLAGS     ?= -O2 -g
WARNINGS    = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
              -Wwrite-strings -Wformat=2 -Wvla -Wpointer-arith -Wcast-qual \
              -Wundef -Wnull-dereference
ifdef DEVELOPER
WARNINGS   += -Werror
endif
ifdef SANITIZE
SAN         = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

# Dependencies come from pkg-config; a missing package is installed first
# (tools/deps.sh).  The deps check runs once per make invocation.
DEPS_OK    := $(shell sh tools/deps.sh $(if $(filter check sanitize valgrind coverage lint installcheck difftest hostile,$(MAKECMDGOALS)),check,build) >&2 && echo ok)
ifneq ($(DEPS_OK),ok)
$(error missing build dependencies (see above))
endif
DEP_CFLAGS := $(shell $(PKG_CONFIG) --cflags libcjson yaml-0.1 nettle gsl)
# libcsv and ReadStat come without pkg-config files (src/input/table_*.c).
DEP_LIBS   := $(shell $(PKG_CONFIG) --libs libcjson yaml-0.1 nettle gsl) -lcsv -lreadstat -lpthread
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags criterion 2>/dev/null)
TEST_LIBS   = $(shell $(PKG_CONFIG) --libs criterion 2>/dev/null)

ALL_CFLAGS  = -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc -I$(B)/gen \
              $(WARNINGS) $(SAN) $(DEP_CFLAGS) -fPIC -fvisibility=hidden $(CFLAGS)
ALL_LDFLAGS = $(SAN) $(LDFLAGS)

# The library, layer by layer from the bottom (src/README): one line per
# file, each with one purpose; a file calls only into its own layer or below.
LIB_SRCS = \
	src/base/arena.c \
	src/base/buffer.c \
	src/base/date.c \
	src/base/diag.c \
	src/base/digest.c \
	src/base/file.c \
	src/base/names.c \
	src/base/ratio.c \
	src/base/stats.c \
	src/base/text.c \
	src/rules/expr.c \
	src/rules/flags_compile.c \
	src/rules/quantity.c \
	src/rules/rules_compile.c \
	src/rules/rules_load.c \
	src/rules/rules_yaml.c \
	src/rules/ruleset.c \
	src/rules/vocab.c \
	src/rules/yaml_check.c \
	src/input/case.c \
	src/input/case_read.c \
	src/input/history_csv.c \
	src/input/json_scan.c \
	src/input/sdtm_case.c \
	src/input/sdtm_columns.c \
	src/input/sdtm_history.c \
	src/input/sdtm_once.c \
	src/input/sdtm_read.c \
	src/input/sdtm_rows.c \
	src/input/sdtm_twice.c \
	src/input/sdtm_terms.c \
	src/input/table_ahead.c \
	src/input/table_csv.c \
	src/input/table_xpt.c \
	src/score/bor.c \
	src/score/bor_reasons.c \
	src/score/engine.c \
	src/score/flags_eval.c \
	src/score/result.c \
	src/score/validate.c \
	src/output/columns.c \
	src/output/fields.c \
	src/output/format_bor.c \
	src/output/format_cdisc.c \
	src/output/format_csv.c \
	src/output/format_findings.c \
	src/output/format_json.c \
	src/output/format_text.c \
	src/output/text_lesions.c \
	src/output/provenance.c \
	src/output/write.c \
	src/output/summary.c \
	src/output/summary_stats.c \
	src/output/summary_text.c \
	src/output/summary_write.c \
	src/output/plot.c \
	src/output/plot_svg.c \
	src/output/plot_table.c \
	src/output/svg.c \
	src/batch/scorer.c
# The command-line client: one file per command (batch has three helpers).
CLI_SRCS = \
	src/cli/main.c \
	src/cli/cli.c \
	src/cli/batch_input.c \
	src/cli/batch_output.c \
	src/cli/batch_pool.c \
	src/cli/cmd_batch.c \
	src/cli/cmd_bor.c \
	src/cli/cmd_evaluate.c \
	src/cli/cmd_import.c \
	src/cli/cmd_plot.c \
	src/cli/cmd_rules.c \
	src/cli/cmd_summary.c \
	src/cli/cohort_input.c \
	src/cli/cmd_validate.c \
	src/cli/walk.c
TEST_SRCS = $(sort $(wildcard tests/test_*.c)) tests/util.c
RULES     = rules/recist1.1.yaml rules/mrecist.yaml
# Built in, but applied only when named (--criteria irecist): the default
# set, and recist_builtin_count(), stay RULES.
RULES_OPTIN = rules/irecist.yaml
FLAGS     = rules/flags.yaml

LIB_OBJS  = $(LIB_SRCS:%.c=$(B)/%.o) $(B)/gen/builtin_rules.o $(B)/gen/builtin_flags.o
CLI_OBJS  = $(CLI_SRCS:%.c=$(B)/%.o)
TEST_OBJS = $(TEST_SRCS:%.c=$(B)/%.o)
MANS      = man/recist.1 man/recist-case.5 man/recist-rules.5 man/recist-sdtm.5 man/librecist.3 \
            man/recist-tutorial.7

.PHONY: all check test lint difftest hostile sanitize valgrind coverage fuzz bench cluster-test demo golden install installcheck \
        uninstall clean
all: $(B)/recist $(B)/librecist.a $(B)/librecist.so

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(B)/tests/%.o: tests/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -MMD -MP -c $< -o $@

$(B)/tools/embed: tools/embed.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -o $@ $<

$(B)/gen/builtin_rules.c: $(B)/tools/embed $(RULES) $(RULES_OPTIN) Makefile
	@mkdir -p $(@D)
	$(B)/tools/embed $@ builtin_rules $(RULES) $(RULES_OPTIN)
	printf 'const size_t builtin_rules_default_count = %s;\n' $(words $(RULES)) >>$@

$(B)/gen/builtin_flags.c: $(B)/tools/embed $(FLAGS)
	@mkdir -p $(@D)
	$(B)/tools/embed $@ builtin_flags $(FLAGS)

$(B)/gen/%.o: $(B)/gen/%.c
	$(CC) $(ALL_CFLAGS) -c $< -o $@

# The static library is one object, linked from all of the library's and
# then stripped of every name but the API's (objcopy --localize-hidden: the
# internals are hidden, recist.h's RECIST_API functions are not), so that
# no internal name such as arena_alloc or date_parse meets a host
# program's.  The shared library exports the same names, under a soname
# whose number changes when the ABI does.
SOMAJOR   = 0
SONAME    = librecist.so.$(SOMAJOR)
OBJCOPY  ?= objcopy
$(B)/librecist.o: $(LIB_OBJS)
	$(CC) -r -nostdlib -o $@ $(LIB_OBJS)
	$(OBJCOPY) --localize-hidden $@

$(B)/librecist.a: $(B)/librecist.o
	rm -f $@
	$(AR) rcs $@ $(B)/librecist.o

$(B)/librecist.so.$(VERSION): $(LIB_OBJS)
	$(CC) $(ALL_LDFLAGS) -shared -Wl,-soname,$(SONAME) -Wl,-z,defs -o $@ $(LIB_OBJS) $(DEP_LIBS)

$(B)/librecist.so: $(B)/librecist.so.$(VERSION)
	ln -sf librecist.so.$(VERSION) $(B)/$(SONAME)
	ln -sf librecist.so.$(VERSION) $@

$(B)/recist: $(CLI_OBJS) $(B)/librecist.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(B)/librecist.a $(DEP_LIBS)

# The pkg-config file is written at install time, so that it names the
# PREFIX of that install.  `pkg-config --libs librecist` links the shared
# library, `pkg-config --static --libs librecist` adds what the static one
# needs (its dependencies are private: the API does not show them).
define PC_FILE
prefix=$(PREFIX)
libdir=$(LIBDIR)
includedir=$(INCLUDEDIR)

Name: librecist
Description: tumour response rule engine (RECIST 1.1, mRECIST)
Version: $(VERSION)
Requires.private: libcjson yaml-0.1 nettle gsl
Libs: -L$${libdir} -lrecist
Libs.private: -lcsv -lreadstat -lpthread
Cflags: -I$${includedir}
endef
export PC_FILE

# The unit tests reach the internals, so they link the objects themselves.
$(B)/test_runner: $(TEST_OBJS) $(LIB_OBJS)
	$(CC) $(ALL_LDFLAGS) -o $@ $(TEST_OBJS) $(LIB_OBJS) $(DEP_LIBS) $(TEST_LIBS)

# The differential test (tests/difftest/README): recist against an evaluator
# written separately from the clinical rules, in Python, on random
# corner-seeking cases (deterministic for a seed), with the shipped settings
# and with a set of other best-response and rule settings.
DIFFTEST          = python3 tests/difftest/difftest.py --recist $(B)/recist
DIFFTEST_SETTINGS = continuing_pr=1,accept_sd=1,max_ne_between=2,confirm_days=56,sd_min_days=56
# iRECIST too (opt-in, so named), on the same seeds with iRECIST's cases and keys added
# (gen.py --irecist).
DIFFTEST_IRECIST  = --criteria recist1.1,mrecist,irecist
DIFFTEST_N       ?= 100000
DIFFTEST_SEED    ?= 1

# make check: unit and golden tests (Criterion; RECIST_LDFLAGS lets the
# docs test link librecist(3)'s example against this build's library), the
# man-page lint, the library's layers (tools/layers.py: no upward call or
# include), the reference evaluator against the hand-worked fixtures, the
# study cohort (fixtures/study, tools/study.py: regenerated byte for byte and
# scored to the study's table), and a few thousand differential cases, again
# with iRECIST.
check test: $(B)/recist $(B)/test_runner lint
	RECIST=$(B)/recist RECIST_LDFLAGS='$(ALL_LDFLAGS)' $(B)/test_runner --jobs 2
	python3 tools/layers.py $(B)
	python3 tests/difftest/check_fixtures.py
	python3 tools/study.py check fixtures/study $(B)/recist
	python3 tests/hostile/run.py --recist $(B)/recist
	$(DIFFTEST) --seed 1 --count 3000
	$(DIFFTEST) --seed 1 --count 3000 $(DIFFTEST_IRECIST)
	$(DIFFTEST) --seed 2 --count 1000 --settings $(DIFFTEST_SETTINGS)
	$(DIFFTEST) --seed 2 --count 1000 --settings $(DIFFTEST_SETTINGS) $(DIFFTEST_IRECIST)

# Hostile and huge inputs (tests/hostile): the fast ones in make check, all
# of them here, under AddressSanitizer and UndefinedBehaviorSanitizer.
hostile:
	$(MAKE) --no-print-directory B=build-san SANITIZE=1 CFLAGS='-O1 -g' build-san/recist
	python3 tests/hostile/run.py --recist build-san/recist --huge

# The long differential run: DIFFTEST_N cases (both rule sets, the flags and
# the best responses), a fifth as many with the other settings, and the
# engine's rule hit counts; then the same with iRECIST.
difftest: $(B)/recist
	$(DIFFTEST) --seed $(DIFFTEST_SEED) --count $(DIFFTEST_N) --hits
	$(DIFFTEST) --seed $$(($(DIFFTEST_SEED) + 1)) --count $$(($(DIFFTEST_N) / 5)) \
	  --settings $(DIFFTEST_SETTINGS) --hits
	$(DIFFTEST) --seed $(DIFFTEST_SEED) --count $(DIFFTEST_N) --hits $(DIFFTEST_IRECIST)
	$(DIFFTEST) --seed $$(($(DIFFTEST_SEED) + 1)) --count $$(($(DIFFTEST_N) / 5)) \
	  --settings $(DIFFTEST_SETTINGS) --hits $(DIFFTEST_IRECIST)

# The man pages lint clean at mandoc's strictest level, style included.
# Only what depends on this machine is let through: manuals referenced but
# not installed here, and a mandoc.db that is out of date.
LINT_ENV = -e 'referenced manual not found' -e 'outdated mandoc\.db'
lint:
	@echo mandoc -Tlint -Wstyle $(MANS)
	@out=$$(mandoc -Tlint -Wstyle $(MANS) 2>&1 | grep -v $(LINT_ENV)); \
	if [ -n "$$out" ]; then printf '%s\n' "$$out" >&2; exit 1; fi

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
sanitize:
	$(MAKE) B=build-san SANITIZE=1 CFLAGS='-O1 -g' check

# valgrind (memcheck): the unit tests in-process (their children, the
# CLI tests' recist runs, natively), then recist itself over every fixture.
valgrind: $(B)/recist $(B)/test_runner $(B)/bench/gen
	sh tools/deps.sh valgrind
	RECIST=$(B)/recist valgrind -q --error-exitcode=99 --leak-check=full $(B)/test_runner --jobs 1 \
	  --filter '!(golden|cli|client|docs|rules)/*'
	sh tools/valgrind.sh $(B)/recist

# Line and branch coverage of the library (src/ without the CLI; neither
# the tests nor the generated build-cov/gen count) by the unit, golden and
# CLI tests, the fast hostile inputs and a short differential run, built
# with gcov instrumentation in build-cov.  gcovr prints each file's lines,
# then each file's branches and the totals, and fails under COVERAGE_FAIL
# (COVERAGE_FAIL= reports only); build-cov/coverage/index.html shows the
# lines and branches never taken.  Branches the compiler proved unreachable
# are not counted.  (gcovr checks that it can write an output file by
# creating and deleting it: never name /dev/null as one.)
COVERAGE_FAIL ?= --fail-under-line 90 --fail-under-branch 80
GCOVR = gcovr --root . --filter 'src/' --exclude 'src/cli/' --exclude 'build-cov/gen/' \
        --exclude-unreachable-branches --exclude-throw-branches
coverage:
	sh tools/deps.sh coverage
	$(MAKE) --no-print-directory B=build-cov CFLAGS='-O0 -g --coverage -fprofile-update=atomic' LDFLAGS=--coverage \
	  build-cov/recist build-cov/test_runner
	find build-cov -name '*.gcda' -delete
	RECIST=build-cov/recist RECIST_LDFLAGS=--coverage build-cov/test_runner --jobs 2
	python3 tests/hostile/run.py --recist build-cov/recist
	python3 tests/difftest/difftest.py --recist build-cov/recist --seed 1 --count 1000
	python3 tests/difftest/difftest.py --recist build-cov/recist --seed 2 --count 500 --settings $(DIFFTEST_SETTINGS)
	python3 tests/difftest/difftest.py --recist build-cov/recist --seed 1 --count 1000 $(DIFFTEST_IRECIST)
	$(GCOVR) --json build-cov/coverage.json build-cov
	rm -rf build-cov/coverage && mkdir -p build-cov/coverage
	gcovr --add-tracefile build-cov/coverage.json --html-details build-cov/coverage/index.html
	gcovr --add-tracefile build-cov/coverage.json --txt
	gcovr --add-tracefile build-cov/coverage.json --txt --branches --print-summary $(COVERAGE_FAIL)

# Fuzz the case reader and the rule loader with libFuzzer (clang), under
# ASan and UBSan, from the fixtures and the hostile inputs of tests/hostile
# as seed corpus.  FUZZ_RUNS inputs each, with a fixed seed so that a run is
# repeatable; inputs up to FUZZ_MAX_LEN bytes, room for the nesting and size
# limits of recist-case(5) and recist-rules(5) to be reached.
FUZZ_RUNS ?= 20000
FUZZ_MAX_LEN ?= 65536
FUZZ_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all
fuzz:
	sh tools/deps.sh fuzz
	$(MAKE) --no-print-directory B=build-fuzz CC=clang CFLAGS='$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link' \
	  build-fuzz/librecist.a
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -Iinclude fuzz/fuzz_case.c build-fuzz/librecist.a $(DEP_LIBS) -o build-fuzz/fuzz_case
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -Iinclude fuzz/fuzz_rules.c build-fuzz/librecist.a $(DEP_LIBS) -o build-fuzz/fuzz_rules
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -Iinclude fuzz/fuzz_history.c build-fuzz/librecist.a $(DEP_LIBS) -o build-fuzz/fuzz_history
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -Iinclude fuzz/fuzz_sdtm.c build-fuzz/librecist.a $(DEP_LIBS) -o build-fuzz/fuzz_sdtm
	rm -rf build-fuzz/corpus && mkdir -p build-fuzz/corpus/case build-fuzz/corpus/rules build-fuzz/corpus/history \
	  build-fuzz/corpus/sdtm
	for f in fixtures/*/*.json; do cp "$$f" "build-fuzz/corpus/case/$$(echo $$f | tr / _)"; done
	cp rules/*.yaml fixtures/bad-rules/*.yaml build-fuzz/corpus/rules/
	cp fixtures/bor/*.jsonl fixtures/bor/*.csv build-fuzz/corpus/history/
	for d in fixtures/sdtm/*/; do n=$$(basename $$d); for t in tu tr rs dm; do \
	  if [ -f $$d$$t.csv ]; then cat $$d$$t.csv; fi; printf '\036'; done >build-fuzz/corpus/sdtm/$$n; done
	python3 tests/hostile/run.py --seeds build-fuzz/corpus --max-len $(FUZZ_MAX_LEN)
	build-fuzz/fuzz_case -seed=1 -runs=$(FUZZ_RUNS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 build-fuzz/corpus/case
	build-fuzz/fuzz_rules -seed=1 -runs=$(FUZZ_RUNS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 build-fuzz/corpus/rules
	build-fuzz/fuzz_history -seed=1 -runs=$(FUZZ_RUNS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 build-fuzz/corpus/history
	build-fuzz/fuzz_sdtm -seed=1 -runs=$(FUZZ_RUNS) -max_len=$(FUZZ_MAX_LEN) -timeout=10 build-fuzz/corpus/sdtm

# The benchmark (never a test): BENCH_N paper-shaped cases through the
# cJSON parse floor and recist batch on 1 thread, on 2 and on all, the
# Slurm array's figures of the last make cluster-test, then one thread's
# time stage by stage (bench/run.sh).
BENCH_N ?= 200000
bench: $(B)/recist $(B)/bench/gen $(B)/bench/parse_floor $(B)/bench/peak $(B)/bench/stages
	BENCH_BASELINE=$(BENCH_BASELINE) sh bench/run.sh $(B) $(BENCH_N)

$(B)/bench/%: bench/%.c
	@mkdir -p $(@D)
	$(CC) -O2 -std=c11 $(DEP_CFLAGS) -o $@ $< $(DEP_LIBS)

# stages times the library's own calls, so it links librecist.a.
$(B)/bench/stages: bench/stages.c $(B)/librecist.a
	@mkdir -p $(@D)
	$(CC) -O2 -std=c11 -Iinclude $(DEP_CFLAGS) -o $@ $< $(B)/librecist.a $(DEP_LIBS)

# recist batch on a real scheduler (tools/cluster/run-test.sh, as root): a
# one-node Slurm cluster started on this machine and stopped at the end,
# tools/cluster/recist-array.sbatch as an array of 4 shards over
# CLUSTER_N generated cases, the parts checked against one machine's
# output; then recist(1)'s GNU parallel recipe, run as written.
CLUSTER_N ?= 100000
cluster-test: $(B)/recist $(B)/bench/gen $(B)/bench/peak
	sh tools/deps.sh cluster
	sh tools/cluster/run-test.sh $(B) $(CLUSTER_N)

# make demo, README's first command: a quiet build on every processor
# (unless make was given -j), then the seed study (tools/demo.sh).
demo:
	@echo "building $(B)/recist"
	@$(MAKE) -s --no-print-directory $(if $(filter -j%,$(MAKEFLAGS)),,-j$$(getconf _NPROCESSORS_ONLN)) $(B)/recist
	@sh tools/demo.sh $(B)

# Regenerate the golden outputs of fixtures/ (review the diff before committing).
golden: $(B)/recist
	sh tests/golden.sh $(B)/recist

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/recist \
	  $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	  $(DESTDIR)$(DATADIR)/rules
	install -m 755 $(B)/recist $(DESTDIR)$(BINDIR)/recist
	install -m 644 $(B)/librecist.a $(DESTDIR)$(LIBDIR)/librecist.a
	install -m 755 $(B)/librecist.so.$(VERSION) $(DESTDIR)$(LIBDIR)/librecist.so.$(VERSION)
	ln -sf librecist.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf librecist.so.$(VERSION) $(DESTDIR)$(LIBDIR)/librecist.so
	printf '%s\n' "$$PC_FILE" >$(DESTDIR)$(LIBDIR)/pkgconfig/librecist.pc
	install -m 644 include/recist/*.h $(DESTDIR)$(INCLUDEDIR)/recist/
	install -m 644 man/recist.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/librecist.3 $(DESTDIR)$(MANDIR)/man3/
	install -m 644 man/recist-case.5 man/recist-rules.5 man/recist-sdtm.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/recist-tutorial.7 $(DESTDIR)$(MANDIR)/man7/
	install -m 644 $(RULES) $(RULES_OPTIN) $(FLAGS) $(DESTDIR)$(DATADIR)/rules/
	install -m 755 tools/cluster/recist-array.sbatch $(DESTDIR)$(DATADIR)/

# Install into a staging directory; build examples/score.c against it with
# pkg-config, once on the shared library and once on the static one, and
# check that both score a case as build/recist does and that both libraries
# show the API's names only.
STAGE_PC = PKG_CONFIG_PATH=$(CURDIR)/$(B)/stage/usr/lib/pkgconfig PKG_CONFIG_SYSROOT_DIR=$(CURDIR)/$(B)/stage
installcheck: all
	rm -rf $(B)/stage
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/$(B)/stage PREFIX=/usr
	$(STAGE_PC) sh -c '$(CC) -std=c11 examples/score.c $$($(PKG_CONFIG) --cflags --libs librecist) -o $(B)/score-shared'
	$(STAGE_PC) sh -c '$(CC) -std=c11 examples/score.c $$($(PKG_CONFIG) --cflags librecist) \
	  $$($(PKG_CONFIG) --static --libs librecist | sed "s/-lrecist/-Wl,-Bstatic -lrecist -Wl,-Bdynamic/") -o $(B)/score-static'
	readelf -d $(B)/score-shared | grep -q 'NEEDED.*\[$(SONAME)\]'
	! readelf -d $(B)/score-static | grep -q 'NEEDED.*librecist'
	$(B)/recist evaluate --format json --criteria recist1.1 fixtures/examples/hace_new_lesion.json >$(B)/score.want
	LD_LIBRARY_PATH=$(CURDIR)/$(B)/stage/usr/lib $(B)/score-shared fixtures/examples/hace_new_lesion.json | cmp - $(B)/score.want
	$(B)/score-static fixtures/examples/hace_new_lesion.json | cmp - $(B)/score.want
	sh tools/exports.sh $(B)/stage/usr/lib/librecist.a $(B)/stage/usr/lib/librecist.so
	@echo "installcheck: ok"

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/recist $(DESTDIR)$(LIBDIR)/librecist.a $(DESTDIR)$(LIBDIR)/librecist.so* \
	  $(DESTDIR)$(LIBDIR)/pkgconfig/librecist.pc $(DESTDIR)$(MANDIR)/man1/recist.1 \
	  $(DESTDIR)$(MANDIR)/man3/librecist.3 $(DESTDIR)$(MANDIR)/man5/recist-case.5 \
	  $(DESTDIR)$(MANDIR)/man5/recist-rules.5 $(DESTDIR)$(MANDIR)/man5/recist-sdtm.5 \
	  $(DESTDIR)$(MANDIR)/man7/recist-tutorial.7
	rm -rf $(DESTDIR)$(INCLUDEDIR)/recist $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-fuzz build-cov build-dev

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d) $(TEST_OBJS:.o=.d)
