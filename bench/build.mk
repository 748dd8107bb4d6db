# Builds the bench programs for each target in TARGETS, from the Debian sources that
# fetch-sources.sh unpacked into SRC and the kernels in bench/. Every target gets the
# same flags: -O2, and -ffp-contract=off so that no target fuses a*b+c into one rounding
# (riscv64 would, x86-64 without -march cannot) and floating-point outputs compare exactly.
#   make -f bench/build.mk OUT=build/bench TARGETS="x86_64 riscv64" -j2
OUT     ?= build/bench
SRC     ?= $(OUT)/src
TARGETS ?= x86_64 riscv64
BENCH   := $(dir $(lastword $(MAKEFILE_LIST)))

CC_x86_64  ?= gcc
CC_riscv64 ?= riscv64-linux-gnu-gcc
CC_aarch64 ?= aarch64-linux-gnu-gcc
CFLAGS  := -O2 -ffp-contract=off
STATIC  := -static

BZIP2_DIR  := $(firstword $(wildcard $(SRC)/bzip2-[0-9]*))
ZLIB_DIR   := $(firstword $(wildcard $(SRC)/zlib-[0-9]*))
LUA_DIR    := $(firstword $(wildcard $(SRC)/lua5.4-[0-9]*))
SQLITE_DIR := $(firstword $(wildcard $(SRC)/sqlite3-[0-9]*))

# A source package fetch-sources.sh could not fetch leaves its directory missing: the
# programs built from it fail with one line (missing-source-NAME) and run.py skips them;
# the other programs still build (run.py builds each program on its own).
src_or_missing = $(if $(1),$(2),missing-source-$(3))
BZIP2_C  := $(call src_or_missing,$(BZIP2_DIR),$(addprefix $(BZIP2_DIR)/,blocksort.c \
            huffman.c crctable.c randtable.c compress.c decompress.c bzlib.c bzip2.c),bzip2)
ZLIB_C   := $(call src_or_missing,$(ZLIB_DIR),$(addprefix $(ZLIB_DIR)/,adler32.c compress.c \
            crc32.c deflate.c infback.c inffast.c inflate.c inftrees.c trees.c uncompr.c \
            zutil.c),zlib)
LUA_C    := $(call src_or_missing,$(LUA_DIR),$(filter-out %/luac.c,$(wildcard \
            $(LUA_DIR)/src/*.c)),lua5.4)
SPEEDTEST1 := $(call src_or_missing,$(SQLITE_DIR),$(SQLITE_DIR)/test/speedtest1.c,sqlite3)
SQLITE_CONFIGURE := $(call src_or_missing,$(SQLITE_DIR),$(SQLITE_DIR)/configure,sqlite3)
GEN      := $(OUT)/gen

PROGRAMS := bzip2 zlib_bench lua sqlite_speedtest1 hash_sort matmul strings \
            hello-static hello-dynamic

.PHONY: all
all: $(OUT)/measure_exec $(foreach t,$(TARGETS),$(addprefix $(OUT)/$(t)/,$(PROGRAMS)))

# Third-party code is compiled as its authors wrote it: its warnings are not ours to fix.
$(OUT)/%/bzip2: $(BZIP2_C)
	@mkdir -p $(@D)
	$(CC_$*) $(CFLAGS) -w -D_FILE_OFFSET_BITS=64 -o $@ $^ $(STATIC)

$(OUT)/%/zlib_bench: $(BENCH)drivers/zlib_bench.c $(ZLIB_C)
	@mkdir -p $(@D)
	$(CC_$*) $(CFLAGS) -w -I$(ZLIB_DIR) -o $@ $^ $(STATIC)

$(OUT)/%/lua: $(LUA_C) $(OUT)/%/include/lua5.4-deb-multiarch.h
	$(CC_$*) $(CFLAGS) -w -DLUA_USE_POSIX -I$(OUT)/$*/include -o $@ $(LUA_C) -lm $(STATIC)

# Debian's lua patch names the module directories after the multiarch triplet; its
# packaging generates this header, and so do we.
$(OUT)/%/include/lua5.4-deb-multiarch.h:
	@mkdir -p $(@D)
	echo '#define DEB_HOST_MULTIARCH "'$$($(CC_$*) -dumpmachine)'"' >$@

$(OUT)/%/sqlite_speedtest1: $(SPEEDTEST1) $(GEN)/sqlite3.c
	@mkdir -p $(@D)
	$(CC_$*) $(CFLAGS) -w -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -I$(GEN) \
	  -o $@ $^ -lm $(STATIC)

# The amalgamation is generated on the host (lemon, tclsh), once for all targets.
$(GEN)/sqlite3.c: $(SQLITE_CONFIGURE)
	@mkdir -p $(@D)
	cd $(GEN) && $(abspath $<) >configure.log 2>&1 && \
	  $(MAKE) sqlite3.c >make.log 2>&1

# Our own code is held to the project's warning flags.
OWN_CC = @mkdir -p $(@D) && $(CC_$*) $(CFLAGS) -Wall -Wextra -Werror -o $@ $<
$(OUT)/%/hash_sort: $(BENCH)kernels/hash_sort.c ; $(OWN_CC) $(STATIC)
$(OUT)/%/matmul: $(BENCH)kernels/matmul.c ; $(OWN_CC) $(STATIC)
$(OUT)/%/strings: $(BENCH)kernels/strings.c ; $(OWN_CC) $(STATIC)
$(OUT)/%/hello-static: $(BENCH)drivers/hello.c ; $(OWN_CC) $(STATIC)
$(OUT)/%/hello-dynamic: $(BENCH)drivers/hello.c ; $(OWN_CC)

.SECONDARY:

missing-source-%:
	@echo "build.mk: no $* source under $(SRC) (fetch-sources.sh could not fetch it)" >&2
	@exit 1

# The runner's helper that times a command and reads its rusage; runs on the host.
$(OUT)/measure_exec: $(BENCH)drivers/measure_exec.c
	@mkdir -p $(@D)
	$(CC_x86_64) -O2 -Wall -Wextra -Werror -o $@ $<
