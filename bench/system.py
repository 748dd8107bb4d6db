#!/usr/bin/env python3
"""vm system bench: boots the test guest (test/system/linux: Linux 6.1, busybox
initramfs, OpenSBI) under `vm-run --system` in each mode asked for and under
qemu-system-riscv64 -M virt, in one run, and reports per workload the median over
N runs of: time from start to the workload's begin marker (boot), the workload's
own time (begin to end marker), the whole run's wall and CPU time, and vm's ratio
to QEMU. Every run's workload output must equal QEMU's or the row fails.

    python3 bench/system.py [--vm build/bin/vm-run] [--guest build/system-guest]
                            [--out build/bench] [--runs N] [--modes tier1,...]
                            [--workloads marker,bc-pi:vmdigits=1000,...]
                            [--smp N]

--smp N gives both boards N harts (vm: a host thread each) and writes
system-smpN.json instead of system.json.

The blk-read workload (in the default list) is disk throughput: each runner
gets a fresh --disk-mb MiB raw image as a virtio-blk disk (the same spelling
for both: -drive ...,if=none plus -device virtio-blk-device), the guest reads
all of it with dd past its page cache (64 KiB blocks, iflag=direct), and the
row adds MB/s (the image's size over the workload's time). dd's own rate line
is left out of the output comparison.

The guest comes from `ctest -R system/linux-guest-build` (or `make test`), which
builds it into build/system-guest.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIOS = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
DEFAULT_WORKLOADS = "marker,bc-pi:vmdigits=1000,ash-loop:vmloop=20000,blk-read"
DISK_WORKLOAD = "blk-read"
TIMEOUT_S = 900


class Boot:
    """One run: seconds to the begin marker, begin to end, wall, CPU; the output."""

    def __init__(self, boot, work, wall, cpu, status, lines):
        self.boot, self.work, self.wall, self.cpu = boot, work, wall, cpu
        self.status, self.lines = status, lines


def run_once(argv, name):
    begin = "=== vm-test %s begin ===" % name
    end_prefix = "=== vm-test %s end: " % name
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    t_begin = t_end = None
    lines, inside = [], False
    deadline = start + TIMEOUT_S
    for raw in proc.stdout:
        line = raw.decode(errors="replace").rstrip("\r\n")
        now = time.monotonic()
        if line == begin:
            t_begin, inside = now, True
        if inside and " copied, " not in line:  # dd's rate line
            lines.append(line)
        if line.startswith(end_prefix):
            t_end, inside = now, False
        if now > deadline:
            proc.kill()
            break
    _, wait_status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - start
    cpu = usage.ru_utime + usage.ru_stime
    if t_begin is None or t_end is None:
        return None, "no complete workload in the console (status %d)" % \
            os.waitstatus_to_exitcode(wait_status)
    return Boot(t_begin - start, t_end - t_begin, wall, cpu,
                os.waitstatus_to_exitcode(wait_status), lines), None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vm", default=os.path.join(ROOT, "build", "bin", "vm-run"))
    parser.add_argument("--guest", default=os.path.join(ROOT, "build", "system-guest"))
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--modes", default="tier1")
    parser.add_argument("--workloads", default=DEFAULT_WORKLOADS)
    parser.add_argument("--smp", type=int, default=1,
                        help="harts of both emulators' boards (-smp N)")
    parser.add_argument("--disk-mb", type=int, default=64,
                        help="size of blk-read's disk image (MiB)")
    opts = parser.parse_args()
    scratch = tempfile.TemporaryDirectory(prefix="vm-bench-")
    image = os.path.join(opts.guest, "Image")
    initrd = os.path.join(opts.guest, "initramfs.cpio")
    for f in (image, initrd, BIOS, opts.vm):
        if not os.path.exists(f):
            sys.exit("bench/system: %s missing (build the guest: ctest -R "
                     "system/linux-guest-build; OpenSBI: scripts/install-deps.sh)" % f)
    # Both bounded by the emulator's own limit too: a guest that hangs
    # printing nothing never reaches the deadline checked per output line.
    smp = ["-smp", str(opts.smp)] if opts.smp > 1 else []
    runners = [("qemu-system", ["timeout", str(TIMEOUT_S), "qemu-system-riscv64",
                                "-M", "virt", "-nographic", "-bios", BIOS] + smp)]
    for mode in filter(None, opts.modes.split(",")):
        runners.append(("vm " + mode, [os.path.abspath(opts.vm), "--system", "--mode", mode,
                                       "--timeout", str(TIMEOUT_S),
                                       "-M", "virt", "-nographic"] + smp))
    rows, failures = [], []
    for entry in filter(None, opts.workloads.split(",")):
        name, *params = entry.split(":")
        disk = name == DISK_WORKLOAD
        if disk:
            params.append("vmcount=%d" % (opts.disk_mb * 16))  # 64 KiB blocks
        append = " ".join(["console=ttyS0", "loglevel=1", "vmtest=" + name] + params)
        row = {"workload": entry, "cells": {}}
        reference = None
        for label, prefix in runners:
            argv = prefix + ["-kernel", image, "-initrd", initrd, "-append", append]
            runs = []
            for _ in range(opts.runs):
                print("bench/system: %-26s %-12s" % (entry, label), end="", flush=True)
                disk_argv = disk_options(scratch.name, opts.disk_mb) if disk else []
                boot, why = run_once(argv + disk_argv, name)
                if boot is not None and reference is not None and boot.lines != reference:
                    boot, why = None, "workload output differs from qemu-system's"
                if boot is None:
                    print(" FAILED: " + why)
                    failures.append("%s under %s: %s" % (entry, label, why))
                    break
                reference = reference or boot.lines
                print(" boot %6.2f s  work %6.2f s  cpu %6.2f s" % (boot.boot, boot.work,
                                                                     boot.cpu))
                runs.append(boot)
            if len(runs) == opts.runs:
                med = lambda key: statistics.median(getattr(r, key) for r in runs)  # noqa
                row["cells"][label] = {k: round(med(k), 3)
                                       for k in ("boot", "work", "wall", "cpu")}
                if disk and med("work") > 0:
                    row["cells"][label]["mb_s"] = round(opts.disk_mb / med("work"), 1)
        rows.append(row)
    result = {"runs": opts.runs, "smp": opts.smp, "rows": rows, "failures": failures}
    os.makedirs(opts.out, exist_ok=True)
    path = os.path.join(opts.out, "system.json" if opts.smp <= 1
                        else "system-smp%d.json" % opts.smp)
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
    print()
    print(text_table(result, [label for label, _ in runners]))
    print("\nbench/system: wrote " + path)
    if failures:
        print("bench/system: FAILED:\n  " + "\n  ".join(failures))
        return 1
    return 0


def disk_options(scratch, mb):
    """A fresh sparse raw image of mb MiB as a virtio-blk disk (both emulators)."""
    path = os.path.join(scratch, "disk.img")
    with open(path, "wb") as f:
        f.truncate(mb << 20)
    return ["-drive", "file=%s,format=raw,if=none,id=d0" % path,
            "-device", "virtio-blk-device,drive=d0"]


def text_table(result, labels):
    """Medians, and each vm column's ratio to qemu-system (below 1: vm is faster)."""
    out = ["median of %d run(s); seconds; x = vm / qemu-system" % result["runs"],
           "%-28s %-12s %8s %8s %8s %8s   %s" % ("workload", "runner", "boot", "work",
                                                "wall", "cpu", "x boot / work / cpu")]
    for row in result["rows"]:
        qemu = row["cells"].get("qemu-system")
        for label in labels:
            c = row["cells"].get(label)
            if c is None:
                continue
            ratio = ""
            if qemu and label != "qemu-system":
                ratio = " / ".join("%.2f" % (c[k] / qemu[k]) if qemu[k] > 0 else "-"
                                   for k in ("boot", "work", "cpu"))
            if "mb_s" in c:
                ratio += "   %.1f MB/s" % c["mb_s"]
                if qemu and label != "qemu-system" and qemu.get("mb_s"):
                    ratio += " (%.2f of qemu's)" % (c["mb_s"] / qemu["mb_s"])
            out.append("%-28s %-12s %8.2f %8.2f %8.2f %8.2f   %s" % (
                row["workload"], label, c["boot"], c["work"], c["wall"], c["cpu"], ratio))
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
