#!/bin/sh
# system/linux-*: boots the test guest (build_guest.sh's Image and
# initramfs.cpio) with the workload NAME (tests/NAME, run by /init between
# marker lines) under vm-run --system -M virt on OpenSBI, and the same
# kernel and initramfs under qemu-system-riscv64 -M virt; passes when both
# power off and the workload's output, cut out of the console between the
# markers, is the same and ends in status 0.
# usage: linux_workload.sh VM_RUN GUEST_DIR NAME [NAME=VALUE...]
#   NAME=VALUE words go on the kernel command line (init's environment).
# Environment: VM_MODE, vm-run's --mode (default interp); VM_OPTIONS, more
# options for vm-run alone; VM_EXPECT_REGIONS=1: vm-run's --stats must show
# tier-2 regions installed and run (tiered mode really used LLVM code). The
# virtio tests:
# LINUX_DEVICES, options both emulators
# take as they are (-device virtio-rng-device); LINUX_DRIVES, words
# IMAGE[,OPTION...]: each run gets its own copy, IMAGE.vm and IMAGE.qemu
# (left for the caller to inspect), as -drive file=COPY,format=raw,
# if=none,id=dN[,OPTION...] -device virtio-blk-device,drive=dN: QEMU's
# if=virtio would be virtio-blk-pci on its virt board (the kernel has no
# PCI), this spelling is virtio-mmio on both.
set -eu
vm_run=$1
guest=$2
name=$3
shift 3
bios=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
command -v qemu-system-riscv64 >/dev/null ||
    { echo "FAIL: qemu-system-riscv64 missing (scripts/install-deps.sh)"; exit 1; }
for f in "$guest/Image" "$guest/initramfs.cpio" "$bios"; do
    [ -f "$f" ] || { echo "FAIL: $f missing (system/linux-guest-build)"; exit 1; }
done
append="console=ttyS0 loglevel=1 vmtest=$name $*"

# drives TAG: the -drive options of run TAG, on fresh copies.
drives() {
    n=0
    for d in ${LINUX_DRIVES:-}; do
        image=${d%%,*}
        opts=${d#"$image"}
        cp "$image" "$image.$1"
        printf '%s\n' -drive "file=$image.$1,format=raw,if=none,id=d$n$opts" \
            -device "virtio-blk-device,drive=d$n"
        n=$((n + 1))
    done
}

# run TAG COMMAND...: the console in work/TAG.out, the status and seconds
# taken in work/TAG.status and work/TAG.time.
run() {
    tag=$1
    shift
    # One option word per line: image paths come from mktemp (no spaces).
    extra=$(drives "$tag")
    t0=$(date +%s.%N)
    s=0
    # shellcheck disable=SC2086 # LINUX_DEVICES and extra are word lists
    "$@" -kernel "$guest/Image" -initrd "$guest/initramfs.cpio" \
        -append "$append" ${LINUX_DEVICES:-} $extra \
        </dev/null >"$work/$tag.out" 2>&1 || s=$?
    echo "$s" >"$work/$tag.status"
    echo "$(date +%s.%N) - $t0" | bc >"$work/$tag.time"
}
stats=
[ -z "${VM_EXPECT_REGIONS:-}" ] || stats=--stats
# shellcheck disable=SC2086 # VM_OPTIONS is a word list
run vm "$vm_run" --system --mode "${VM_MODE:-interp}" ${VM_OPTIONS:-} $stats \
    -M virt -nographic --timeout 600
run qemu timeout 600 qemu-system-riscv64 -M virt -nographic -bios "$bios"

# The workload's lines: from the begin marker to the end marker.
cut_out() {
    tr -d '\r' <"$work/$1.out" |
        sed -n "/^=== vm-test $name begin ===\$/,/^=== vm-test $name end: /p" \
            >"$work/$1.txt"
}
cut_out vm
cut_out qemu
# QEMU's own run is the reference, and it too can be off on a loaded host:
# Linux gives a secondary hart 1 s to come online, and with -smp 4 on two
# host cores QEMU's once missed it ("online: 0,2-3"). When the two
# differ, QEMU runs once more and the comparison uses that run (vm-run's
# run is never repeated).
if ! cmp -s "$work/qemu.txt" "$work/vm.txt"; then
    run qemu timeout 600 qemu-system-riscv64 -M virt -nographic -bios "$bios"
    cut_out qemu
fi
printf 'vm-run %.1f s, qemu-system-riscv64 %.1f s\n' \
    "$(cat "$work/vm.time")" "$(cat "$work/qemu.time")"
if ! grep -q "^=== vm-test $name end: status 0 ===\$" "$work/qemu.txt" ||
   [ "$(cat "$work/qemu.status")" != 0 ]; then
    echo "FAIL: the reference run under qemu-system-riscv64 did not pass" \
         "(status $(cat "$work/qemu.status"))"
    tail -20 "$work/qemu.out"
    exit 1
fi
if [ "$(cat "$work/vm.status")" != 0 ]; then
    echo "FAIL: vm-run exited with $(cat "$work/vm.status")"
    tail -20 "$work/vm.out"
    exit 1
fi
if ! diff -u "$work/qemu.txt" "$work/vm.txt"; then
    echo "FAIL: $name's output differs from qemu-system-riscv64's (- qemu, + vm)"
    exit 1
fi
if [ -n "$stats" ]; then
    # "tier 2: S regions selected, I installed, ...; R region runs; ..."
    t2=$(grep "stats: tier 2:" "$work/vm.out" | tr -d '\r')
    echo "$t2"
    installed=$(echo "$t2" | sed -n 's/.* \([0-9]*\) installed.*/\1/p')
    runs=$(echo "$t2" | sed -n 's/.* \([0-9]*\) region runs.*/\1/p')
    if [ "${installed:-0}" -eq 0 ] || [ "${runs:-0}" -eq 0 ]; then
        echo "FAIL: no tier-2 region installed and run (VM_EXPECT_REGIONS)"
        exit 1
    fi
fi
sed -n '2,4p' "$work/vm.txt" | cut -c1-72
echo "PASS: $name: $(($(wc -l <"$work/vm.txt") - 2)) lines as under qemu-system-riscv64"
