#!/bin/sh
# linux_boot.sh — builds a tiny Linux 6.1 (Debian's linux-source-6.1,
# tinyconfig + linux.config, a built-in initramfs holding init.c) and boots
# it under vm-run --system -M virt on OpenSBI, then under
# qemu-system-riscv64 for reference. Passes when vm-run prints the init's
# marker and exits 0 after the guest's poweroff.
# Not in ctest: the kernel build takes ~8 minutes on two cores; the image
# is kept in WORK and reused.
# usage: linux_boot.sh VM_RUN WORK
# needs: linux-source-6.1 flex bison bc (apt), the riscv64 cross compiler.
set -eu
vm_run=$1
work=$2
here=$(cd "$(dirname "$0")" && pwd)
src=/usr/src/linux-source-6.1.tar.xz
cross="ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu-"
mkdir -p "$work"
image=$work/build/arch/riscv/boot/Image
if [ ! -f "$image" ]; then
    [ -f "$src" ] || { echo "FAIL: $src missing (apt-get install linux-source-6.1)"; exit 1; }
    [ -d "$work/linux-source-6.1" ] || tar xJf "$src" -C "$work"
    riscv64-linux-gnu-gcc -static -O2 "$here/init.c" -o "$work/init"
    printf 'dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\ndir /proc 0755 0 0\nfile /init %s 0755 0 0\n' \
        "$work/init" >"$work/initramfs.list"
    sed "s|@INITRAMFS_LIST@|$work/initramfs.list|" "$here/linux.config" >"$work/frag.config"
    make -C "$work/linux-source-6.1" $cross O="$work/build" tinyconfig >/dev/null
    "$work/linux-source-6.1/scripts/kconfig/merge_config.sh" -m -O "$work/build" \
        "$work/build/.config" "$work/frag.config" >/dev/null
    make -C "$work/linux-source-6.1" $cross O="$work/build" olddefconfig >/dev/null
    make -C "$work/linux-source-6.1" $cross O="$work/build" -j2 Image >/dev/null
fi
status=0
"$vm_run" --system -M virt -kernel "$image" -append "console=ttyS0" --timeout 300 \
    </dev/null >"$work/vm.out" 2>&1 || status=$?
grep -a "Linux version\|Run /init\|vm-init\|Power down" "$work/vm.out" || true
[ $status -eq 0 ] || { echo "FAIL: vm-run exited with $status"; tail -20 "$work/vm.out"; exit 1; }
grep -q "^vm-init: hello from user space, pid 1" "$work/vm.out" ||
    { echo "FAIL: no init marker"; tail -20 "$work/vm.out"; exit 1; }
if command -v qemu-system-riscv64 >/dev/null; then
    timeout 300 qemu-system-riscv64 -M virt -nographic -kernel "$image" -append "console=ttyS0" \
        -bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin </dev/null >"$work/qemu.out" 2>&1 || true
    grep -q "^vm-init: hello from user space, pid 1" "$work/qemu.out" &&
        echo "qemu-system-riscv64 boots the same image to the same marker"
fi
echo "PASS: Linux booted to /init and powered off under vm-run"
