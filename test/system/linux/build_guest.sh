#!/bin/sh
# build_guest.sh — the Linux guest of the system/linux-* tests, in OUT
# (build/system-guest): OUT/Image and OUT/initramfs.cpio, each part
# rebuilt only when its inputs changed (see the three scripts it runs).
# usage: build_guest.sh OUT GUEST_C_DIR PROGRAM...
set -eu
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)
shift
"$here/build_kernel.sh" "$out"
"$here/build_busybox.sh" "$out"
"$here/build_initramfs.sh" "$out" "$@"
echo "build_guest: $out/Image and $out/initramfs.cpio are up to date"
