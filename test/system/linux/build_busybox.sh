#!/bin/sh
# build_busybox.sh — OUT/busybox: a static riscv64 busybox cross-built from
# Debian's busybox source package (allnoconfig + busybox.config), and
# OUT/busybox.links, its applets; rebuilt only when the fragment or this
# script change.
# usage: build_busybox.sh OUT
set -eu
mkdir -p "$1"
out=$(cd "$1" && pwd)
. "$(dirname "$0")/guest_lib.sh"
need ${cross}gcc make apt-get dpkg-source
bhash=$(hash "$here/busybox.config" "$here/guest_lib.sh")
fresh busybox "$bhash" && exit 0
t0=$(date +%s)
rm -rf "$out/busybox-build" "$out/busybox" "$out/busybox.stamp"
if ! ls -d "$out"/busybox-src/busybox-*/ >/dev/null 2>&1; then
    rm -rf "$out/busybox-src"
    mkdir -p "$out/busybox-src"
    # Upstream's tarball with Debian's patches applied by dpkg-source;
    # needs a deb-src line in apt's sources (scripts/install-deps.sh).
    (cd "$out/busybox-src" && apt-get source -q busybox >apt-source.log 2>&1) ||
        { cat "$out/busybox-src/apt-source.log"; echo "FAIL: apt-get source busybox"; exit 1; }
fi
bsrc=$(ls -d "$out"/busybox-src/busybox-*/ | head -1)
mkdir -p "$out/busybox-build"
bmake() { make -C "$bsrc" O="$out/busybox-build" CROSS_COMPILE=$cross "$@"; }
bmake allnoconfig >/dev/null
# The fragment's values replace allnoconfig's; oldconfig settles the rest
# (new dependencies at their defaults).
cfg=$out/busybox-build/.config
grep -o '^CONFIG_[A-Z0-9_]*' "$here/busybox.config" | while read -r sym; do
    sed -i "/^$sym=/d; /^# $sym is not set/d" "$cfg"
done
sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=n$/# \1 is not set/p; /^CONFIG_.*=[^n]/p' \
    "$here/busybox.config" >>"$cfg"
yes "" | bmake oldconfig >/dev/null
check_config "$here/busybox.config" "$out/busybox-build/.config" busybox
bmake -j$jobs busybox busybox.links >"$out/busybox-build.log" 2>&1 ||
    { tail -30 "$out/busybox-build.log"; echo "FAIL: busybox build"; exit 1; }
cp "$out/busybox-build/busybox" "$out/busybox-build/busybox.links" "$out/"
echo "$bhash" >"$out/busybox.stamp"
elapsed busybox "$t0"
