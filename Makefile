# wagerecon: `make demo` and `make test` work from a fresh Debian 12 clone;
# each first installs what is missing (apt-get when root).
CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Iinclude -I/usr/include/postgresql $(EXTRA_CFLAGS)
# Each object and test program depends on the headers it includes (the
# compiler writes them into a .d file beside it, read at the end of this
# file), not on every header. One without its .d (built before) is built
# again: its .d is a prerequisite that the empty rule below "makes".
DEPFLAGS = -MMD -MP
LDLIBS  = -lzstd -lxxhash -lcsv -lzip -lexpat -lfreexl -lsqlite3 -ljemalloc -ldl -pthread
PREFIX  ?= /usr/local
B       ?= build
SAN_FLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
# What `make demo` needs (build and run), and what `make test` adds (the
# suite's tools: valgrind, python3 checks, Chromium-rendered report tests).
DEMO_PACKAGES = build-essential pkg-config zstd libzstd-dev libxxhash-dev libcsv-dev libjemalloc-dev \
                libzip-dev libexpat1-dev libfreexl-dev libsqlite3-dev libpq-dev
TEST_PACKAGES = time valgrind xxhash python3 python3-openpyxl python3-xlwt \
                python3-jsonschema chromium fonts-wqy-microhei postgresql
DEB_PACKAGES = $(DEMO_PACKAGES) $(TEST_PACKAGES)

LIB_SRC = $(filter-out src/cli/%,$(wildcard src/*/*.c))
LIB_OBJ = $(LIB_SRC:src/%.c=$(B)/obj/%.o)
UNIT_SRC = $(wildcard tests/unit/*_test.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
# Fuzz targets, NAME:SOURCE, one a line (the source is built with
# -DFUZZ_TARGET='"NAME"'); each has its corpus in testdata/fuzz/NAME/.
FUZZ_TARGETS = \
  csvread:tests/fuzz/fuzz_csvread.c \
  infile:tests/fuzz/fuzz_infile.c \
  projects:tests/fuzz/fuzz_rows.c \
  contracts:tests/fuzz/fuzz_rows.c \
  attendance_day:tests/fuzz/fuzz_rows.c \
  attendance_punch:tests/fuzz/fuzz_rows.c \
  payments:tests/fuzz/fuzz_rows.c \
  min_wage:tests/fuzz/fuzz_rows.c \
  holidays:tests/fuzz/fuzz_rows.c \
  account_txns:tests/fuzz/fuzz_rows.c \
  formats:tests/fuzz/fuzz_formats.c \
  xlsx:tests/fuzz/fuzz_sheet.c \
  xls:tests/fuzz/fuzz_sheet.c \
  jobs:tests/fuzz/fuzz_jobs.c
fuzz_name = $(word 1,$(subst :, ,$1))
fuzz_src = $(word 2,$(subst :, ,$1))
FUZZ_NAMES = $(foreach t,$(FUZZ_TARGETS),$(call fuzz_name,$t))
REPLAY_BIN = $(FUZZ_NAMES:%=$(B)/fuzz/replay_%)
FUZZ_SECONDS ?= 60
# Longest input tried: the workbook seeds of xlsx and xls are 3-6 KB (a
# longer seed is cut to it, and a cut workbook is only a corrupt one).
FUZZ_MAX_LEN = 8192
FUZZ ?= $(FUZZ_NAMES)
FUZZ_B = build/fuzz-clang
FUZZ_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer

.PHONY: all deps deps-demo demo test check-layers check-sanitize check-tsan check-valgrind fuzz fuzz-clang fuzz-minimize bench install clean
all: $(B)/wagerecon $(B)/gen

deps-demo: PACKAGES = $(DEMO_PACKAGES)
deps: PACKAGES = $(DEB_PACKAGES)
deps deps-demo:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing packages; run: sudo apt-get install -y$$missing"; exit 1; fi; fi

$(B)/obj/%.o: src/%.c $(B)/obj/%.d
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

$(B)/libwagerecon.a: $(LIB_OBJ)
	ar rcs $@ $^

CLI_SRC = $(wildcard src/cli/*.c)
CLI_OBJ = $(CLI_SRC:src/%.c=$(B)/obj/%.o)
$(B)/wagerecon: $(CLI_OBJ) $(B)/libwagerecon.a
	$(CC) $(CFLAGS) $(CLI_OBJ) $(B)/libwagerecon.a $(LDLIBS) -o $@

$(B)/gen: bench/gen.c
	@mkdir -p build
	$(CC) -O2 -std=c11 -Wall -Wextra $< -lxxhash -o $@

# The reader bench/formats_bench.sh times; built by `make test` so it keeps compiling.
$(B)/formats_read: bench/formats_read.c $(B)/libwagerecon.a $(B)/formats_read.d
	$(CC) $(CFLAGS) $(DEPFLAGS) -MF $@.d -MT $@ $< $(B)/libwagerecon.a $(LDLIBS) -o $@

$(B)/tests/%: tests/unit/%.c $(B)/libwagerecon.a $(B)/tests/%.d
	@mkdir -p $(B)/tests
	$(CC) $(CFLAGS) $(DEPFLAGS) -MF $@.d -MT $@ -Isrc $< $(B)/libwagerecon.a $(LDLIBS) -o $@

demo: deps-demo $(B)/wagerecon
	@mkdir -p build/demo-out
	@cd testdata/sample && ../../build/wagerecon run $$(cat args) --out ../../build/demo-out; \
	  rc=$$?; echo "exit code $$rc (3 = high-severity flags found); outputs in build/demo-out/"; \
	  [ $$rc = 0 ] || [ $$rc = 3 ]

# Corpus replay: every saved fuzz input runs on each `make test`, through
# the same target source linked with replay_main.c instead of libFuzzer.
define fuzz_rules
$(B)/fuzz/$(call fuzz_name,$1).o: $(call fuzz_src,$1) $(B)/fuzz/$(call fuzz_name,$1).d
	@mkdir -p $(B)/fuzz
	$(CC) $(CFLAGS) $(DEPFLAGS) -DFUZZ_TARGET='"$(call fuzz_name,$1)"' -c $$< -o $$@
$(B)/fuzz/replay_$(call fuzz_name,$1): $(B)/fuzz/$(call fuzz_name,$1).o $(B)/fuzz/replay_main.o $(B)/libwagerecon.a
	$(CC) $(CFLAGS) $$^ $(LDLIBS) -o $$@
$(FUZZ_B)/fuzz_$(call fuzz_name,$1): $(call fuzz_src,$1) tests/fuzz/fuzz_common.h tests/fuzz/fuzz_outputs.h $(FUZZ_B)/libwagerecon.a
	clang -O2 -g -std=c11 -D_GNU_SOURCE -Iinclude -I/usr/include/postgresql -fsanitize=fuzzer $(FUZZ_FLAGS) -DFUZZ_TARGET='"$(call fuzz_name,$1)"' \
	  $(call fuzz_src,$1) $(FUZZ_B)/libwagerecon.a -lzstd -lxxhash -lcsv -lzip -lexpat -lfreexl -lsqlite3 -ldl -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call fuzz_rules,$t)))
$(B)/fuzz/replay_main.o: tests/fuzz/replay_main.c $(B)/fuzz/replay_main.d
	@mkdir -p $(B)/fuzz
	$(CC) $(CFLAGS) $(DEPFLAGS) -c $< -o $@

# Every end-to-end case under valgrind memcheck (errors or definite leaks fail).
check-valgrind: deps $(B)/wagerecon
	@WRAP="valgrind -q --error-exitcode=99 --soname-synonyms=somalloc=*jemalloc* --leak-check=full --errors-for-leak-kinds=definite" \
	  bash tests/e2e/run_cases.sh $(B)/wagerecon | tail -1 | grep -q ', 0 failed' && echo "check-valgrind: all e2e cases clean" || \
	  { echo "check-valgrind: FAILED (run the cases with WRAP=valgrind to see which)"; exit 1; }

# libFuzzer (clang, ASan+UBSan), FUZZ_SECONDS per target; `make fuzz
# FUZZ=csvread` runs one. New inputs land in testdata/fuzz/NAME, crashes in
# build/fuzz-clang/crash-NAME-* (copy each into the corpus once fixed).
# xls: each input's FreeXL fault is contained in a forked reader and its
# ASan report read for modules, not names; symbolising one took ~0.5 s,
# most of a unit's time (docs/RELIABILITY.md), so that target runs without.
FUZZ_ENV = $$( [ $$t = xls ] && echo env ASAN_OPTIONS=symbolize=0$${ASAN_OPTIONS:+:$$ASAN_OPTIONS})
fuzz-clang: deps
	@command -v clang >/dev/null && [ -d /usr/lib/llvm-14/lib/clang ] || \
	  { [ "$$(id -u)" = 0 ] && apt-get install -y -qq clang libclang-rt-14-dev >/dev/null; } || \
	  { echo "make fuzz needs: sudo apt-get install -y clang libclang-rt-14-dev"; exit 1; }
	@$(MAKE) -s B=$(FUZZ_B) CC=clang EXTRA_CFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_FLAGS)" \
	  $(FUZZ_B)/libwagerecon.a $(FUZZ:%=$(FUZZ_B)/fuzz_%)

fuzz: fuzz-clang
	@for t in $(FUZZ); do \
	  echo "fuzzing $$t for $(FUZZ_SECONDS) s"; mkdir -p testdata/fuzz/$$t; \
	  $(FUZZ_ENV) $(FUZZ_B)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$(FUZZ_MAX_LEN) -timeout=60 -print_final_stats=1 \
	    -artifact_prefix=$(FUZZ_B)/crash-$$t- testdata/fuzz/$$t 2>&1 | \
	    grep -E 'stat::number_of_executed_units|ERROR|SUMMARY|Test unit written'; \
	done

# Shrinks each corpus to the inputs that add coverage (libFuzzer -merge=1);
# inputs named regress_* (past crashes) and seed_* (hand-written edge
# cases, e.g. the formats target's typed-against-text values) are kept.
fuzz-minimize: fuzz-clang
	@for t in $(FUZZ); do d=testdata/fuzz/$$t m=$(FUZZ_B)/min-$$t; rm -rf $$m; mkdir -p $$m; \
	  $(FUZZ_ENV) $(FUZZ_B)/fuzz_$$t -merge=1 -max_len=$(FUZZ_MAX_LEN) $$m $$d >/dev/null 2>&1 || { echo "$$t: merge failed"; exit 1; }; \
	  find $$d -type f ! -name 'regress_*' ! -name 'seed_*' -delete; cp $$m/* $$d/; \
	  echo "$$t: $$(ls $$d | wc -l) inputs, $$(du -sk $$d | cut -f1) KB"; done

# The include graph of src/ runs one way (DECISIONS D130).
check-layers:
	@python3 tests/layers/check_layers.py

$(B)/fault_shim.so: tests/fault/fault_shim.c
	@mkdir -p $(B)
	$(CC) -O2 -shared -fPIC $< -ldl -o $@

test: deps check-layers $(B)/wagerecon $(B)/gen $(B)/formats_read $(UNIT_BIN) $(REPLAY_BIN) $(B)/fault_shim.so
	@B=$(B) EXTRA_CFLAGS="$(EXTRA_CFLAGS)" FUZZ_NAMES="$(FUZZ_NAMES)" bash tests/run_all.sh

# The scale-out on a local Slurm cluster (docs/SCALE_OUT.md); needs root
# (slurmd) and installs slurm-wlm and munge when missing.
.PHONY: test-cluster
test-cluster: deps $(B)/wagerecon $(B)/gen
	@bash tests/cluster/slurm_test.sh $(B)/wagerecon $(B)/gen

# The whole suite again under ASan+UBSan, in build/san.
check-sanitize: deps
	@$(MAKE) -s B=build/san EXTRA_CFLAGS="$(SAN_FLAGS)" test

# --jobs N under ThreadSanitizer (clang), in build/tsan: tests/e2e/
# jobs_test.sh (threads on every e2e case, generator data, cuts of every
# size) and the jobs fuzz target's corpus (D466); a race stops the run
# (exit 66), which the script counts as FAIL; counted by tests/runner.sh
# (its plan too: a "FAIL runner" line fails).
TSAN_FLAGS = -fsanitize=thread -fno-omit-frame-pointer
check-tsan: deps
	@command -v clang >/dev/null && [ -d /usr/lib/llvm-14/lib/clang ] || \
	  { [ "$$(id -u)" = 0 ] && apt-get install -y -qq clang libclang-rt-14-dev >/dev/null; } || \
	  { echo "make check-tsan needs: sudo apt-get install -y clang libclang-rt-14-dev"; exit 1; }
	@$(MAKE) -s B=build/tsan CC=clang EXTRA_CFLAGS="$(TSAN_FLAGS)" build/tsan/wagerecon build/tsan/gen \
	  build/tsan/tests/outfile_commit_test build/tsan/fuzz/replay_jobs
	@TSAN_OPTIONS="halt_on_error=1 exitcode=66" bash -c '. tests/runner.sh; \
	  run_script jobs_test bash tests/e2e/jobs_test.sh build/tsan/wagerecon build/tsan/gen; \
	  if out=$$(build/tsan/tests/outfile_commit_test 2>&1); then \
	    echo "ok unit outfile_commit_test under TSan, its flusher (D464) ($$out)"; \
	  else echo "FAIL unit outfile_commit_test under TSan"; echo "$$out" | sed "s/^/    /"; fi; \
	  if out=$$(build/tsan/fuzz/replay_jobs testdata/fuzz/jobs 2>&1); then \
	    echo "ok fuzz-replay jobs under TSan, threads against one (D466) ($$out)"; \
	  else echo "FAIL fuzz-replay jobs under TSan"; echo "$$out" | tail -20 | sed "s/^/    /"; fi' \
	  | tee build/tsan/jobs_test.log; \
	  ! grep -q '^FAIL' build/tsan/jobs_test.log && grep -q '^ok' build/tsan/jobs_test.log

# The bench (not in `make test`): data under bench/data/, the DuckDB peer,
# timings and bench/RESULTS.md. See bench/run_bench.sh.
bench: deps $(B)/wagerecon $(B)/gen
	@B=$(B) bash bench/run_bench.sh

install: $(B)/wagerecon $(B)/libwagerecon.a
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/wagerecon
	install -m 755 $(B)/wagerecon $(DESTDIR)$(PREFIX)/bin/
	install -m 644 $(B)/libwagerecon.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/wagerecon/*.h $(DESTDIR)$(PREFIX)/include/wagerecon/
	sed 's|@PREFIX@|$(PREFIX)|' scripts/wagerecon.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/wagerecon.pc

clean:
	rm -rf build

# The headers each object and program was built from (DEPFLAGS); absent
# before the first build, when everything is built anyway.
# Named here, so that a missing one is not an intermediate file make skips.
DEP_FILES = $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(UNIT_BIN:=.d) $(B)/formats_read.d \
            $(FUZZ_NAMES:%=$(B)/fuzz/%.d) $(B)/fuzz/replay_main.d
-include $(wildcard $(DEP_FILES))
$(DEP_FILES):
