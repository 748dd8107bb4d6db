#!/bin/bash
# make install and the Debian package, checked from the outside:
#  1. cmake --install into a scratch DESTDIR (prefix /usr/local): the files
#     are there, the binfmt.d file names the installed vm-run, and the
#     installed vm-run prints what the build tree's prints (tiered mode,
#     static and dynamic hello; llvm mode, a libc-free program).
#  2. --mode llvm loads tier 2 from the installed lib/vm/vm_llvm.so: its
#     --stats count compiled regions and no "backend unavailable", while a
#     lone copy of the same vm-run (no module beside it, and none of the
#     build tree's within its reach) counts the fallback: the check can
#     fail. With strace, the openat of the installed module is seen too.
#  3. cpack -G DEB: package vm, Depends on the runtime libraries, the files
#     and maintainer scripts; unpacked with dpkg -x, its vm-run runs and
#     loads its own module.
# usage: install_test.sh BUILD_DIR
set -u
build=$(cd "$1" && pwd)
guests=$build/test/guest
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { # expect DESCRIPTION COMMAND...: the command succeeds
    local what=$1; shift
    if "$@"; then ok; else bad "$what"; fi
}

# 1. make install's files.
root=$tmp/root
prefix=/usr/local
if ! DESTDIR=$root cmake --install "$build" --prefix $prefix >"$tmp/install.log" 2>&1; then
    cat "$tmp/install.log"
    echo "FAIL: cmake --install"
    exit 1
fi
inst=$root$prefix
for f in bin/vm-run bin/vm-aot lib/vm/vm_llvm.so lib/binfmt.d/vm-riscv64.conf \
         share/doc/vm/README.md; do
    expect "installed $f" test -s "$inst/$f"
done
expect "vm-run executable" test -x "$inst/bin/vm-run"
expect "binfmt.d names $prefix/bin/vm-run" \
    grep -q "^:vm-riscv64:M:0:.*:$prefix/bin/vm-run:FPC\$" "$inst/lib/binfmt.d/vm-riscv64.conf"
expect "installed --version" sh -c '"$0" --version >/dev/null' "$inst/bin/vm-run"

# The same output and status from the build tree's and the installed vm-run.
same_run() { # same_run MODE PROG ARGS...
    local mode=$1; shift
    "$build/bin/vm-run" --mode "$mode" "$@" >"$tmp/a.out" 2>&1
    local ra=$?
    "$inst/bin/vm-run" --mode "$mode" "$@" >"$tmp/b.out" 2>&1
    local rb=$?
    if [ $ra = $rb ] && cmp -s "$tmp/a.out" "$tmp/b.out" && [ -s "$tmp/a.out" ]; then
        ok
    else
        bad "installed vm-run --mode $mode $* (status $ra vs $rb)"
        diff "$tmp/a.out" "$tmp/b.out" | head -5
    fi
}
same_run tiered "$guests/hello" one two
same_run tiered "$guests/dynamic/hello" three
same_run llvm "$guests/asm_nolibc"

# 2. Where tier 2 came from.
stat_of() { # stat_of KEY STDERR_FILE: from its --stats=json line
    python3 -c 'import json,sys
lines = [l for l in open(sys.argv[2]) if l.startswith("{")]
print(json.loads(lines[-1])[sys.argv[1]])' "$1" "$2" 2>/dev/null || echo missing
}
"$inst/bin/vm-run" --mode llvm --stats=json "$guests/asm_nolibc" \
    >/dev/null 2>"$tmp/inst.json"
compiled=$(stat_of tier2_regions_compiled "$tmp/inst.json")
unavail=$(stat_of tier2_fallback_unavailable "$tmp/inst.json")
expect "installed module compiles (regions $compiled, unavailable $unavail)" \
    test "$compiled" != missing -a "$compiled" != 0 -a "$unavail" = 0
mkdir -p "$tmp/lone/bin"
cp "$inst/bin/vm-run" "$tmp/lone/bin/"
"$tmp/lone/bin/vm-run" --mode llvm --stats=json "$guests/asm_nolibc" \
    >/dev/null 2>"$tmp/lone.json"
unavail=$(stat_of tier2_fallback_unavailable "$tmp/lone.json")
expect "a vm-run without its module counts the fallback ($unavail)" \
    test "$unavail" != missing -a "$unavail" != 0
if command -v strace >/dev/null; then
    strace -f -e trace=openat -o "$tmp/strace.log" \
        "$inst/bin/vm-run" --mode llvm "$guests/asm_nolibc" >/dev/null 2>&1
    expect "strace: the installed module opened" \
        grep -Eq "openat\(.*\"$inst/bin/\.\./lib/vm/vm_llvm\.so\".* = [0-9]+\$" "$tmp/strace.log"
    expect "strace: no build-tree module opened" \
        bash -c "! grep -q '$build/lib/vm_llvm.so' '$tmp/strace.log'"
fi

# 3. The Debian package.
if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$tmp/pkg" \
        >"$tmp/cpack.log" 2>&1; then
    cat "$tmp/cpack.log"
    echo "FAIL: cpack -G DEB"
    exit 1
fi
deb=$(ls "$tmp"/pkg/vm_*_amd64.deb 2>/dev/null | head -1)
expect "a vm_*_amd64.deb" test -n "$deb"
dpkg-deb -I "$deb" >"$tmp/info" 2>&1
dpkg-deb -c "$deb" >"$tmp/contents" 2>&1
expect "Package: vm" grep -q '^ Package: vm$' "$tmp/info"
for lib in libc6 libelf1 libllvm19 libzydis4 libfdt1; do
    expect "Depends on $lib" grep -Eq "^ Depends: .*\\b$lib" "$tmp/info"
done
for s in postinst prerm; do
    expect "maintainer script $s" grep -Eq "^ +[0-9]+ bytes.* $s " "$tmp/info"
done
for f in usr/bin/vm-run usr/bin/vm-aot usr/lib/vm/vm_llvm.so \
         usr/lib/binfmt.d/vm-riscv64.conf usr/share/doc/vm/README.md; do
    expect "package ships /$f" grep -q " \./$f\$" "$tmp/contents"
done
dpkg-deb -x "$deb" "$tmp/x"
expect "package binfmt.d names /usr/bin/vm-run" \
    grep -q '^:vm-riscv64:M:0:.*:/usr/bin/vm-run:FPC$' "$tmp/x/usr/lib/binfmt.d/vm-riscv64.conf"
"$tmp/x/usr/bin/vm-run" --mode llvm --stats=json "$guests/asm_nolibc" \
    >"$tmp/x.out" 2>"$tmp/x.json"
compiled=$(stat_of tier2_regions_compiled "$tmp/x.json")
expect "unpacked package runs with its own module (regions $compiled)" \
    test "$compiled" != missing -a "$compiled" != 0 -a -s "$tmp/x.out"

echo "install: $pass passed, $fail failed"
[ $fail = 0 ]
