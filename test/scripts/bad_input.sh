#!/usr/bin/env bash
# Bad input: every case must give one clear "vm-run:" line on stderr (or the
# Linux behaviour) and the documented exit status; never a host crash/hang.
#   usage: bad_input.sh VM-RUN
set -u
vm=$1
cc=riscv64-linux-gnu-gcc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0

# expect NAME STATUS STDERR-REGEX -- COMMAND...
expect() {
  local name=$1 want=$2 pattern=$3
  shift 4
  timeout 20 "$@" >"$work/out" 2>"$work/err"
  local got=$?
  local lines
  lines=$(wc -l <"$work/err")
  local stderr_ok
  if [ -z "$pattern" ]; then
    [ "$lines" -eq 0 ] && stderr_ok=1  # nothing of vm-run's own
  else
    grep -Eq "$pattern" "$work/err" && [ "$lines" -eq 1 ] && stderr_ok=1
  fi
  if [ "$got" -eq "$want" ] && [ -n "${stderr_ok:-}" ]; then
    pass=$((pass + 1))
    echo "PASS $name"
  else
    fail=$((fail + 1))
    echo "FAIL $name: status $got (want $want), stderr:"
    sed 's/^/    /' "$work/err"
  fi
}

# Guest programs to break.
cat >"$work/hello.c" <<'EOF'
#include <stdio.h>
int main(void) { puts("hello"); return 0; }
EOF
$cc -O2 -static "$work/hello.c" -o "$work/hello"
$cc -O2 "$work/hello.c" -o "$work/hello-dyn"
printf '.globl _start\n_start:\n  .word 0xffffffff\n' >"$work/ill.S"
$cc -nostdlib -static "$work/ill.S" -o "$work/ill"

# Patch helper: python3 rewrites fields of the ELF headers.
patch_elf() { # FILE PYTHON-STATEMENTS (h = bytearray of the file)
  python3 - "$1" "$2" <<'EOF'
import struct, sys
path, code = sys.argv[1], sys.argv[2]
h = bytearray(open(path, 'rb').read())
phoff, = struct.unpack_from('<Q', h, 32)
def ph(i, field, fmt, value):
    offs = {'type': 0, 'flags': 4, 'offset': 8, 'vaddr': 16, 'filesz': 32,
            'memsz': 40}
    struct.pack_into(fmt, h, phoff + 56 * i + offs[field], value)
def load_index(n):
    found = [i for i in range(struct.unpack_from('<H', h, 56)[0])
             if struct.unpack_from('<I', h, phoff + 56 * i)[0] == 1]
    return found[n]
exec(code)
open(path, 'wb').write(h)
EOF
}

echo "not an elf" >"$work/text"
expect "not an ELF" 126 '^vm-run: .*not an ELF file$' -- "$vm" "$work/text"

head -c 40 "$work/hello" >"$work/trunc-header"
expect "truncated header" 126 '^vm-run: .*corrupt ELF header' -- "$vm" "$work/trunc-header"

head -c 5000 "$work/hello" >"$work/trunc-body"
expect "segments beyond the file" 126 '^vm-run: .*bad segment' -- "$vm" "$work/trunc-body"

cp "$work/hello" "$work/bad-phoff"
patch_elf "$work/bad-phoff" "struct.pack_into('<Q', h, 32, len(h) - 10)"
expect "program headers beyond the file" 126 '^vm-run: .*program header' -- "$vm" "$work/bad-phoff"

cp "$work/hello" "$work/overlap"
patch_elf "$work/overlap" "ph(load_index(1), 'vaddr', '<Q', struct.unpack_from('<Q', h, phoff + 56 * load_index(0) + 16)[0])"
expect "overlapping segments" 126 '^vm-run: .*overlapping segments' -- "$vm" "$work/overlap"

cp "$work/hello" "$work/filesz"
patch_elf "$work/filesz" "ph(load_index(1), 'filesz', '<Q', 1 << 40)"
expect "filesz > memsz" 126 '^vm-run: .*bad segment' -- "$vm" "$work/filesz"

# x86-64 and AArch64 ELFs are guests too; PowerPC64 (21) is not (yet).
cp "$work/hello" "$work/ppc64"
patch_elf "$work/ppc64" "struct.pack_into('<H', h, 18, 21)"
expect "another machine" 126 '^vm-run: .*ELF machine 21 is not riscv64' -- "$vm" "$work/ppc64"

cp "$work/hello-dyn" "$work/no-interp"
python3 - "$work/no-interp" <<'EOF'
import sys
p = sys.argv[1]; h = open(p, 'rb').read()
old = b'/lib/ld-linux-riscv64-lp64d.so.1'
assert old in h
open(p, 'wb').write(h.replace(old, b'/lib/ld-missing-riscv64-xx.so.1\0'[:len(old)]))
EOF
expect "missing interpreter" 127 '^vm-run: .*cannot load interpreter' -- "$vm" "$work/no-interp"
mkdir -p "$work/fakeroot/lib"
echo "not a linker" >"$work/fakeroot/lib/ld-linux-riscv64-lp64d.so.1"
expect "interpreter is not ELF" 126 '^vm-run: .*cannot load interpreter .*not an ELF' -- \
  "$vm" -L "$work/fakeroot" "$work/hello-dyn"

expect "missing program" 127 '^vm-run: .*No such file or directory$' -- "$vm" "$work/nothing"
expect "directory as program" 126 '^vm-run: .*not a regular file$' -- "$vm" "$work"

cp "$work/hello" "$work/unreadable"
chmod 000 "$work/unreadable"
chmod 755 "$work"
if [ "$(id -u)" -eq 0 ]; then
  expect "unreadable file" 126 '^vm-run: .*Permission denied$' -- \
    runuser -u nobody -- "$vm" "$work/unreadable"
else
  expect "unreadable file" 126 '^vm-run: .*Permission denied$' -- "$vm" "$work/unreadable"
fi

# Illegal instruction: the guest dies of SIGILL as on Linux (128+4), and
# vm-run adds nothing of its own on stderr.
expect "illegal instruction" 132 '' -- "$vm" "$work/ill"

expect "unknown option" 125 "^vm-run: unknown option '--bogus'" -- "$vm" --bogus "$work/hello"
expect "unknown mode" 125 "^vm-run: unknown mode 'fast'" -- "$vm" --mode fast "$work/hello"
expect "-E without =" 125 '^vm-run: -E needs VAR=VALUE' -- "$vm" -E NOVALUE "$work/hello"
expect "-L without value" 125 '^vm-run: -L needs a directory' -- "$vm" -L
expect "no program" 125 '^vm-run: no program given' -- "$vm"

echo "bad input: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
