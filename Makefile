# wagerecon: `make demo` and `make test` work from a fresh Debian 12 clone;
# each first installs what is missing (apt-get when root).
CC      ?= cc
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -D_GNU_SOURCE -Wall -Wextra -Iinclude
LDLIBS  = -lzstd -lxxhash -lcsv -ljemalloc
PREFIX  ?= /usr/local
DEB_PACKAGES = build-essential pkg-config zstd libzstd-dev libxxhash-dev libcsv-dev libjemalloc-dev python3

LIB_SRC = $(filter-out src/cli/%,$(wildcard src/*/*.c))
LIB_OBJ = $(LIB_SRC:src/%.c=build/obj/%.o)
UNIT_SRC = $(wildcard tests/unit/*_test.c)
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=build/tests/%)

.PHONY: all deps demo test install clean
all: build/wagerecon build/gen

deps:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then echo "installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing packages; run: sudo apt-get install -y$$missing"; exit 1; fi; fi

build/obj/%.o: src/%.c $(wildcard include/wagerecon/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

build/libwagerecon.a: $(LIB_OBJ)
	ar rcs $@ $^

build/wagerecon: src/cli/main.c build/libwagerecon.a
	$(CC) $(CFLAGS) $< build/libwagerecon.a $(LDLIBS) -o $@

build/gen: bench/gen.c
	@mkdir -p build
	$(CC) -O2 -std=c11 -Wall -Wextra $< -lxxhash -o $@

build/tests/%: tests/unit/%.c build/libwagerecon.a tests/unit/check.h
	@mkdir -p build/tests
	$(CC) $(CFLAGS) -Isrc $< build/libwagerecon.a $(LDLIBS) -o $@

demo: deps build/wagerecon
	@mkdir -p build/demo-out
	@cd testdata/sample && ../../build/wagerecon run $$(cat args) --out ../../build/demo-out; \
	  rc=$$?; echo "exit code $$rc (3 = high-severity flags found); outputs in build/demo-out/"; \
	  [ $$rc = 0 ] || [ $$rc = 3 ]

test: deps build/wagerecon build/gen $(UNIT_BIN)
	@bash tests/run_all.sh

install: build/wagerecon build/libwagerecon.a
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/wagerecon
	install -m 755 build/wagerecon $(DESTDIR)$(PREFIX)/bin/
	install -m 644 build/libwagerecon.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/wagerecon/*.h $(DESTDIR)$(PREFIX)/include/wagerecon/
	sed 's|@PREFIX@|$(PREFIX)|' scripts/wagerecon.pc.in > $(DESTDIR)$(PREFIX)/lib/pkgconfig/wagerecon.pc

clean:
	rm -rf build
