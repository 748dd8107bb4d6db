#!/bin/sh
# build_initramfs.sh — OUT/initramfs.cpio (newc, uncompressed, for
# -initrd): busybox and its applet links, /init, the workloads in tests/,
# and guest C programs from test/guest built static; rebuilt only when
# one of these or this script change. Needs build_kernel.sh's source tree
# (for gen_init_cpio) and build_busybox.sh's output.
# usage: build_initramfs.sh OUT GUEST_C_DIR PROGRAM...
set -eu
mkdir -p "$1"
out=$(cd "$1" && pwd)
guest_c=$2
shift 2
. "$(dirname "$0")/guest_lib.sh"
need ${cross}gcc cc
progs=
for p in "$@"; do progs="$progs $guest_c/$p.c"; done
ihash=$(hash "$0" "$here/init" "$here"/tests/* "$here/guest_lib.sh" \
        "$out/busybox" "$out/busybox.links" "$guest_c/guest_util.h" \
        "$guest_c/litmus.h" $progs)
fresh initramfs "$ihash" && exit 0
t0=$(date +%s)
rm -f "$out/initramfs.stamp"
mkdir -p "$out/progs"
list=$out/initramfs.list
{
    for d in /bin /sbin /usr /usr/bin /usr/sbin /dev /proc /sys /tmp /tests; do
        echo "dir $d 0755 0 0"
    done
    echo "nod /dev/console 0600 0 0 c 5 1"
    echo "file /bin/busybox $out/busybox 0755 0 0"
    echo "file /init $here/init 0755 0 0"
    for t in "$here"/tests/*; do
        echo "file /tests/${t##*/} $t 0755 0 0"
    done
    # one link per applet busybox was built with
    grep -v '^/bin/busybox$' "$out/busybox.links" |
        sed 's|.*|slink & /bin/busybox 0777 0 0|'
} >"$list"
for p in "$@"; do
    # The flags of test/guest (CMakeLists.txt: GUEST_C_FLAGS).
    ${cross}gcc -static -O2 -D_GNU_SOURCE -I"$guest_c" "$guest_c/$p.c" \
        -o "$out/progs/$p" -lm
    echo "file /usr/bin/$p $out/progs/$p 0755 0 0" >>"$list"
done
# The kernel's own list-to-cpio tool: device nodes without being root.
cc -O2 -o "$out/gen_init_cpio" "$out/linux-source-6.1/usr/gen_init_cpio.c"
"$out/gen_init_cpio" "$list" >"$out/initramfs.cpio.tmp"
mv "$out/initramfs.cpio.tmp" "$out/initramfs.cpio"
echo "$ihash" >"$out/initramfs.stamp"
elapsed initramfs "$t0"
