#!/bin/sh
# system/linux-virtio-blk: the guest's virtio-blk workload (tests/
# virtio-blk) under vm-run and qemu-system-riscv64, each on its own copy
# of an ext4 image the host made with mke2fs -d, plus a read-only copy.
# Beyond linux_workload.sh's comparison of the consoles: the file the
# guest wrote, read out of each image with debugfs, is the same and not
# empty; both images pass e2fsck; the read-only images are unchanged.
# usage: linux_virtio_blk.sh VM_RUN GUEST_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in mke2fs debugfs e2fsck; do
    command -v $tool >/dev/null ||
        { echo "FAIL: $tool missing (e2fsprogs, scripts/install-deps.sh)"; exit 1; }
done
mkdir "$work/root"
echo "hello from the host: this file was put in the image by mke2fs -d" \
    >"$work/root/hello.txt"
mke2fs -q -t ext4 -d "$work/root" "$work/rw.img" 8M >/dev/null
cp "$work/rw.img" "$work/ro.img"
ro_sum=$(sha256sum <"$work/ro.img")

LINUX_DRIVES="$work/rw.img $work/ro.img,readonly=on" \
    "$here/linux_workload.sh" "$1" "$2" virtio-blk

for run in vm qemu; do
    if ! e2fsck -fn "$work/rw.img.$run" >"$work/fsck.$run" 2>&1; then
        echo "FAIL: e2fsck finds errors in the image $run wrote:"
        tail -20 "$work/fsck.$run"
        exit 1
    fi
    debugfs -R 'cat /cubes.txt' "$work/rw.img.$run" >"$work/cubes.$run" 2>/dev/null
    [ "$(sha256sum <"$work/ro.img.$run")" = "$ro_sum" ] ||
        { echo "FAIL: the read-only image changed under $run"; exit 1; }
done
[ -s "$work/cubes.qemu" ] ||
    { echo "FAIL: no /cubes.txt in qemu-system-riscv64's image"; exit 1; }
if ! cmp "$work/cubes.qemu" "$work/cubes.vm"; then
    echo "FAIL: /cubes.txt differs (debugfs of each image)"
    diff "$work/cubes.qemu" "$work/cubes.vm" | head
    exit 1
fi
echo "PASS: /cubes.txt ($(wc -c <"$work/cubes.vm") bytes) as QEMU wrote it;" \
    "both images fsck clean; the read-only ones unchanged"
