#!/bin/sh
# net_rate.sh — TCP throughput through virtio-net and slirp, guest to host
# and host to guest, under vm-run (VM_MODE, default tier1) and
# qemu-system-riscv64 (the workload tests/net-rate; a measurement for
# README, not a test). The host side times each transfer from accept to
# end of stream.
# usage: net_rate.sh VM_RUN GUEST_DIR [MIB]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
vm_run=$1
guest=$2
mib=${3:-8}
bios=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
for run in vm qemu; do
    python3 - "$mib" "$run" "$vm_run" "$guest" "$bios" "${VM_MODE:-tier1}" <<'PY'
import socket, subprocess, sys, threading, time
mib, run, vm_run, guest, bios, mode = sys.argv[1:]
size = int(mib) << 20
def listener():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    return s
sink, source = listener(), listener()
rates = {}
def take():
    c, _ = sink.accept()
    n, t0 = 0, time.monotonic()
    while (b := c.recv(1 << 16)):
        n += len(b)
    rates["guest to host"] = (n, time.monotonic() - t0)
def give():
    c, _ = source.accept()
    t0 = time.monotonic()
    c.sendall(bytes(size))
    c.close()
    rates["host to guest"] = (size, time.monotonic() - t0)
for f in (take, give):
    threading.Thread(target=f, daemon=True).start()
append = (f"console=ttyS0 loglevel=1 vmtest=net-rate vmcount={size >> 16} "
          f"vmport={sink.getsockname()[1]} vmport2={source.getsockname()[1]}")
common = ["-kernel", f"{guest}/Image", "-initrd", f"{guest}/initramfs.cpio",
          "-append", append, "-netdev", "user,id=n0",
          "-device", "virtio-net-device,netdev=n0"]
cmd = ([vm_run, "--system", "--mode", mode, "-M", "virt", "-nographic"]
       if run == "vm" else
       ["qemu-system-riscv64", "-M", "virt", "-nographic", "-bios", bios])
out = subprocess.run(cmd + common, stdin=subprocess.DEVNULL,
                     capture_output=True, text=True, timeout=600).stdout
got = [l for l in out.splitlines() if l.startswith("received:")]
print(run, got[0] if got else "no 'received' line")
for k, (n, t) in sorted(rates.items()):
    print(f"{run}: {k}: {n / t / 1e6:.1f} MB/s ({n} bytes, {t:.2f} s)")
PY
done
