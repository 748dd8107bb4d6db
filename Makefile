# vm — the two commands are `make demo` and `make test` (see README.md).
BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
PREFIX     ?= /usr/local
DESTDIR    ?=

.PHONY: all build asan deps demo test test-release test-asan clean bench \
        install package fuzz

all: build

deps:
	@scripts/install-deps.sh

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DVM_SANITIZE=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j$(JOBS)

demo: deps
	$(MAKE) build
	$(BUILD)/bin/vm-run $(BUILD)/test/guest/hello "from vm"
	$(BUILD)/bin/vm-run $(BUILD)/test/guest-x86_64/dynamic/hello "from vm (x86-64 guest)"

test: deps
	$(MAKE) test-release
	$(MAKE) test-asan

test-release: build
	ctest --test-dir $(BUILD) --output-on-failure

# Unit tests, interpreter runs of the guest suites and the gdb stub's
# sessions under ASan + UBSan.
test-asan: asan
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ctest --test-dir $(ASAN_BUILD) --output-on-failure \
	  -R '^(unit|guest|gdb)/|^x86/(asm|guest)-interp'

# libFuzzer targets (test/fuzz/README.md), built with clang-19 in
# $(FUZZ_BUILD), each run for FUZZ_SECONDS; what they find stays there.
FUZZ_BUILD   ?= build-fuzz
FUZZ_SECONDS ?= 60
fuzz: deps
	test/fuzz/run_fuzz.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

# Speed against native and qemu-riscv64 (bench/README.md); never part of `make test`.
bench: deps
	$(MAKE) build
	python3 bench/run.py --vm $(BUILD)/bin/vm-run --out $(BUILD)/bench

# vm-run, vm-aot, lib/vm/vm_llvm.so, lib/binfmt.d/vm-riscv64.conf and the
# docs under $(DESTDIR)$(PREFIX) (README.md: "Install, Debian package,
# binfmt_misc").
# Only the installed targets are built (not the tests and guest programs).
INSTALLED = vm-run vm-aot vm_llvm

install:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j$(JOBS) --target $(INSTALLED)
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

# The Debian package (prefix /usr) as $(BUILD)/vm_<version>_amd64.deb.
package:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build $(BUILD) -j$(JOBS) --target $(INSTALLED)
	cd $(BUILD) && cpack -G DEB

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
