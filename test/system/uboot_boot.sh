#!/bin/sh
# system/uboot-boot: OpenSBI fw_dynamic, then Debian's U-Boot for QEMU's
# virt board in S mode (package u-boot-qemu) as the -kernel. Waits for
# U-Boot's prompt (it autoboots first, finds nothing and stops), types
# `version` and `poweroff` on the UART, and checks what U-Boot printed
# and that the poweroff ended vm-run with status 0. No timing assertions:
# the commands are typed only once the prompt is there.
# usage: uboot_boot.sh VM_RUN
set -u
vm_run=$1
uboot=/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin
[ -f "$uboot" ] || { echo "FAIL: $uboot missing (package u-boot-qemu)"; exit 1; }
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkfifo "$work/in"
"$vm_run" --system -M virt -m 128M -kernel "$uboot" -nographic --timeout 120 \
    <"$work/in" >"$work/out" 2>"$work/err" &
pid=$!
exec 3>"$work/in" # keep the UART's input open

# wait_for TEXT: until the console shows it (or vm-run is gone).
wait_for() {
    i=0
    while ! grep -q "$1" "$work/out"; do
        kill -0 "$pid" 2>/dev/null || return 1
        i=$((i + 1)); [ $i -gt 1200 ] && return 1 # 120 s
        sleep 0.1
    done
}
if ! wait_for '^=> '; then echo "FAIL: no U-Boot prompt"; cat "$work/out" "$work/err"; exit 1; fi
printf 'version\n' >&3
if ! wait_for '^GNU ld'; then echo "FAIL: no answer to 'version'"; cat "$work/out"; exit 1; fi
printf 'poweroff\n' >&3
status=0
wait "$pid" || status=$?
pid=
exec 3>&-
tr -d '\r' <"$work/out" >"$work/console"
fails=0
for must in 'OpenSBI v' 'Domain0 Next Address      : 0x0000000080200000' \
            '^U-Boot 20' '^Model: riscv-virtio,qemu' '^DRAM:  128 MiB' \
            '^In:    serial@10000000' '^=> version' '^riscv64-linux-gnu-gcc' \
            '^=> poweroff'; do
    grep -q "$must" "$work/console" || { echo "FAIL: console lacks '$must'"; fails=1; }
done
[ $status -eq 0 ] || { echo "FAIL: vm-run exited with $status after poweroff"; cat "$work/err"; fails=1; }
[ $fails -eq 0 ] || { cat "$work/console"; exit 1; }
echo "PASS: U-Boot booted on OpenSBI, answered 'version', powered off"
