#!/bin/sh
# build_kernel.sh — OUT/Image: Linux 6.1 from Debian's linux-source-6.1,
# tinyconfig + linux.config, cross-built for riscv64; rebuilt only when
# the fragment, the source package or this script change.
# usage: build_kernel.sh OUT
set -eu
mkdir -p "$1"
out=$(cd "$1" && pwd)
. "$(dirname "$0")/guest_lib.sh"
need ${cross}gcc make flex bison bc xz
[ -f "$tarball" ] || { echo "FAIL: $tarball missing (package linux-source-6.1)"; exit 1; }
khash=$(hash "$here/linux.config" "$here/guest_lib.sh" "$tarball")
fresh kernel "$khash" && exit 0
t0=$(date +%s)
rm -rf "$out/linux-build" "$out/Image" "$out/kernel.stamp"
src=$out/linux-source-6.1
if [ ! -f "$src/Makefile" ]; then
    rm -rf "$src"
    tar xJf "$tarball" -C "$out"
fi
kmake() { make -C "$src" ARCH=riscv CROSS_COMPILE=$cross O="$out/linux-build" "$@"; }
kmake tinyconfig >/dev/null
"$src/scripts/kconfig/merge_config.sh" -m -O "$out/linux-build" \
    "$out/linux-build/.config" "$here/linux.config" >/dev/null
kmake olddefconfig >/dev/null
check_config "$here/linux.config" "$out/linux-build/.config" kernel
kmake -j$jobs Image >"$out/linux-build.log" 2>&1 ||
    { tail -30 "$out/linux-build.log"; echo "FAIL: kernel build"; exit 1; }
cp "$out/linux-build/arch/riscv/boot/Image" "$out/Image"
echo "$khash" >"$out/kernel.stamp"
elapsed kernel "$t0"
