#!/bin/sh
# system/opensbi-boot: boots Debian's OpenSBI fw_dynamic on -M virt with a
# small S-mode payload (SBI console, SBI timer interrupt, SBI SRST
# shutdown) under vm-run and under qemu-system-riscv64, and compares the
# console. Lines that depend on the H extension, which vm does not model
# (base ISA, MHPM count, MIDELEG/MEDELEG), are left out of the comparison.
# usage: opensbi_boot.sh VM_RUN PAYLOAD_ELF
set -eu
vm_run=$1
elf=$2
bios=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for tool in qemu-system-riscv64 riscv64-linux-gnu-objcopy; do
    command -v $tool >/dev/null || { echo "FAIL: $tool missing (scripts/install-deps.sh)"; exit 1; }
done
[ -f "$bios" ] || { echo "FAIL: $bios missing (package opensbi)"; exit 1; }
# A flat image: both boards load it at 0x80200000.
riscv64-linux-gnu-objcopy -O binary "$elf" "$work/payload.bin"

status=0
"$vm_run" --system -M virt -bios default -kernel "$work/payload.bin" \
    -nographic --timeout 60 </dev/null >"$work/vm.out" 2>"$work/vm.err" || status=$?
if [ $status -ne 0 ]; then
    echo "FAIL: vm-run exited with $status"; cat "$work/vm.err"; tail -5 "$work/vm.out"; exit 1
fi
qstatus=0
timeout 60 qemu-system-riscv64 -M virt -bios "$bios" -kernel "$work/payload.bin" \
    -nographic -monitor none </dev/null >"$work/qemu.out" 2>&1 || qstatus=$?
if [ $qstatus -ne 0 ]; then
    echo "FAIL: the reference qemu-system-riscv64 exited with $qstatus"; exit 1
fi

filter() {
    tr -d '\r' <"$1" | grep -v -E '^Boot HART (Base ISA|MHPM Count|MIDELEG|MEDELEG)'
}
filter "$work/vm.out" >"$work/vm.txt"
filter "$work/qemu.out" >"$work/qemu.txt"
for must in 'OpenSBI v' 'Platform Name' 'Domain0 Next Address      : 0x0000000080200000' \
            'vm-payload: hello from S mode' 'vm-payload: timer interrupt taken'; do
    grep -q "$must" "$work/vm.txt" || { echo "FAIL: no '$must' in vm-run's console"; cat "$work/vm.out"; exit 1; }
done
if ! diff -u "$work/qemu.txt" "$work/vm.txt"; then
    echo "FAIL: console differs from qemu-system-riscv64 (- qemu, + vm)"; exit 1
fi
echo "PASS: OpenSBI banner and payload output match qemu ($(wc -l <"$work/vm.txt") lines)"
