#!/usr/bin/env python3
"""system/linux-snapshot: the monitor and snapshots on the Linux guest.

vm-run (tier 1) boots the test guest with the `snapshot` workload (a line
a second of computed values and disk sectors, linux/tests/snapshot), a
read-only virtio-blk disk, a virtio-rng device and -monitor
unix:PATH,server,nowait. After a few lines the test connects to the
monitor: `stop` (no output while paused), `info status`, `cont` (the
guest clock goes on without a jump: the workload prints its uptime),
`stop` again, `info registers`
(pc inside the kernel's text, from System.map, in S mode), an unknown
command (an error line, the connection stays), a savevm that cannot
write (an error line), `savevm FILE`, `quit` (status 0). Then vm-run
-loadvm FILE, in tier 1, tiered and the interpreter, must print the rest of
the workload: the first run's console followed by each restored run's,
cut between the workload's markers, must be what qemu-system-riscv64
prints running the same workload uninterrupted. Last, snapshots that
must be refused: truncated, another RAM size, another device set.

With SNAPSHOT_SMP=N both emulators' boards have N harts (-smp N): stop
and savevm park every hart's thread, the snapshot holds each hart, and
it is restored in tier 1 only; a snapshot loaded with another -smp is
refused too.

usage: linux_snapshot.py VM_RUN GUEST_DIR"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time

BIOS = "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin"
WAIT = 300  # seconds: generous limits, never a timing assertion
STEPS = 6
RAM = "256M"
DISK_MIB = 8
PAUSE = 8  # seconds stopped: the guest clock must not count them
SMP = int(os.environ.get("SNAPSHOT_SMP", "1"))


def fail(msg, text=""):
    print("FAIL: " + msg)
    if text:
        print("--- output:\n" + text[-2000:])
    sys.exit(1)


def make_disk(path):
    """A sector of text at each MiB, what the workload's dd reads."""
    with open(path, "wb") as f:
        f.truncate(DISK_MIB << 20)
        for n in range(DISK_MIB):
            f.seek(n << 20)
            f.write(b"disk mark %d: %08x\n"
                    % (n, (n * 2654435761) & 0xffffffff))


def board_args(guest, disk, ram=RAM, rng=True, smp=None):
    smp = SMP if smp is None else smp
    args = ["-M", "virt", "-m", ram, "-nographic", "-smp", str(smp),
            "-kernel", os.path.join(guest, "Image"),
            "-initrd", os.path.join(guest, "initramfs.cpio"),
            "-append", "console=ttyS0 loglevel=1 vmtest=snapshot vmsteps=%d"
            % STEPS,
            "-drive", "file=%s,format=raw,if=none,id=d0,readonly=on" % disk,
            "-device", "virtio-blk-device,drive=d0"]
    return args + (["-device", "virtio-rng-device"] if rng else [])


def read_text(path):
    with open(path, "rb") as f:
        return f.read().decode("utf-8", "replace").replace("\r", "")


def wait_for(path, pattern, proc):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        text = read_text(path)
        if re.search(pattern, text, re.M):
            return text
        if proc.poll() is not None:
            fail("vm-run ended (status %d) before '%s'" % (proc.returncode,
                                                          pattern), text)
        time.sleep(0.1)
    fail("no '%s' within %d s" % (pattern, WAIT), read_text(path))


class Monitor:
    PROMPT = b"(vm) "

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(WAIT)
        self.sock.connect(path)
        self.buf = b""
        self.banner = self.reply()

    def reply(self):
        """What the monitor says up to its next prompt."""
        while not self.buf.endswith(self.PROMPT):
            data = self.sock.recv(4096)
            if not data:
                fail("the monitor hung up; so far: %r" % self.buf)
            self.buf += data
        text, self.buf = self.buf[:-len(self.PROMPT)], b""
        return text.decode()

    def cmd(self, line):
        self.sock.sendall(line.encode() + b"\n")
        return self.reply()


def kernel_text(guest):
    syms = {}
    with open(os.path.join(guest, "linux-build", "System.map")) as f:
        for line in f:
            addr, _, name = line.split()
            if name in ("_stext", "_etext"):
                syms[name] = int(addr, 16)
    return syms["_stext"], syms["_etext"]


def check_registers(mon, guest):
    """pc in S mode inside the kernel's text: the guest idles in its
    sleeps, so a stop lands in the kernel; a stop that happens to land in
    user code is retried after a moment of running."""
    lo, hi = kernel_text(guest)
    for _ in range(20):
        regs = mon.cmd("info registers")
        m = re.search(r"^pc ([0-9a-f]{16}) priv ([USM])$", regs, re.M)
        xs = len(re.findall(r"x\d+ */\w+ +[0-9a-f]{16}", regs))
        heads = re.findall(r"^hart (\d+)$", regs, re.M)
        if not m or xs != 31 * SMP or \
                heads != ([str(h) for h in range(SMP)] if SMP > 1 else []):
            fail("info registers: not pc, priv and x1..x31 of each hart:\n"
                 + regs)
        pc, priv = int(m.group(1), 16), m.group(2)
        if priv == "S":
            if not lo <= pc < hi:
                fail("pc %#x in S mode, outside the kernel's text "
                     "[%#x, %#x)" % (pc, lo, hi))
            return pc
        mon.cmd("cont")
        time.sleep(0.05)
        mon.cmd("stop")
    fail("never stopped in S mode in 20 tries")


def first_run(vm_run, guest, disk, work):
    sock = os.path.join(work, "mon.sock")
    snap = os.path.join(work, "guest.snap")
    out = os.path.join(work, "run1.out")
    with open(out, "wb") as f:
        proc = subprocess.Popen(
            [vm_run, "--system", "--mode", "tier1", "--timeout", str(WAIT),
             "-monitor", "unix:%s,server,nowait" % sock]
            + board_args(guest, disk), stdin=subprocess.DEVNULL, stdout=f,
            stderr=subprocess.STDOUT)
    wait_for(out, r"^step 2: ", proc)
    mon = Monitor(sock)
    if "help" not in mon.banner:
        fail("monitor banner: %r" % mon.banner)
    mon.cmd("stop")
    status = mon.cmd("info status")
    if status.strip() != "VM status: paused":
        fail("info status after stop: %r" % status)
    before = read_text(out)
    time.sleep(PAUSE)  # a paused guest prints nothing (it prints each 1 s)
    if read_text(out) != before:
        fail("the guest ran on after stop", read_text(out))
    # cont: the guest goes on, and its clock from where it stopped (the
    # workload's uptime check sees a jump by the pause).
    mon.cmd("cont")
    wait_for(out, r"^step 3: ", proc)
    mon.cmd("stop")
    pc = check_registers(mon, guest)
    bad = mon.cmd("frobnicate 1")
    if bad.strip() != "unknown command: 'frobnicate 1'":
        fail("unknown command answered %r" % bad)
    err = mon.cmd("savevm %s/no/such/dir/x" % work)
    if not err.startswith("Error: "):
        fail("savevm into a missing directory answered %r" % err)
    said = mon.cmd("savevm " + snap)
    if said.strip():
        fail("savevm said %r" % said)
    mon.sock.sendall(b"quit\n")
    if proc.wait(WAIT) != 0:
        fail("vm-run ended with %d after quit" % proc.returncode,
             read_text(out))
    size = os.path.getsize(snap)
    print("stopped at pc %#x; snapshot %.1f MiB for %s of RAM"
          % (pc, size / 2**20, RAM))
    if size > (256 << 20) // 4:
        fail("the snapshot is not sparse: %d bytes" % size)
    return read_text(out), snap


def run(argv, out):
    with open(out, "wb") as f:
        status = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=f,
                                stderr=subprocess.STDOUT,
                                timeout=WAIT).returncode
    return status, read_text(out)


def workload(text):
    """The workload's lines but its uptimes (what QEMU must print too)."""
    m = re.search(r"^=== vm-test snapshot begin ===\n.*?"
                  r"^=== vm-test snapshot end: status \d+ ===$",
                  text, re.M | re.S)
    return re.sub(r"^uptime: \d+\n", "", m.group(0), flags=re.M) if m \
        else None


def check_clock(text, mode):
    """A step takes a second of guest time and some emulation; a pause of
    PAUSE s or a snapshot's time on disk must not show in the uptimes."""
    up = [int(u) for u in re.findall(r"^uptime: (\d+)$", text, re.M)]
    if len(up) != STEPS:
        fail("%d uptime lines, not %d" % (len(up), STEPS), text)
    for a, b in zip(up, up[1:]):
        if not 0 <= b - a < PAUSE:
            fail("the guest clock jumped (%s): uptimes %s" % (mode, up), text)


def refused(vm_run, args, pattern, work):
    status, text = run([vm_run, "--system"] + args,
                       os.path.join(work, "bad.out"))
    lines = text.strip().split("\n")
    if status != 126 or len(lines) != 1 or \
            not re.match(r"vm-run: .*" + pattern, lines[0]):
        fail("want status 126 and one line matching '%s'; got %d:"
             % (pattern, status), text)


def main():
    vm_run, guest = sys.argv[1], sys.argv[2]
    work = tempfile.mkdtemp()
    disk = os.path.join(work, "disk.img")
    make_disk(disk)
    t0 = time.monotonic()
    status, qemu = run(["qemu-system-riscv64", "-bios", BIOS]
                       + board_args(guest, disk), os.path.join(work, "q.out"))
    want = workload(qemu)
    if status != 0 or not want or "end: status 0" not in want or \
            "hwrng: 16 bytes" not in want:
        fail("the reference run under qemu-system-riscv64 did not pass "
             "(status %d)" % status, qemu)
    t1 = time.monotonic()
    head, snap = first_run(vm_run, guest, disk, work)
    for mode in ("tier1", "tiered", "interp") if SMP == 1 else ("tier1",):
        status, tail = run([vm_run, "--system", "--mode", mode, "--timeout",
                            str(WAIT), "-loadvm", snap]
                           + board_args(guest, disk),
                           os.path.join(work, mode + ".out"))
        got = workload(head + tail)
        check_clock(head + tail, mode)
        if status != 0 or got != want:
            print("--- qemu-system-riscv64:\n%s\n--- vm-run, saved and "
                  "restored in %s:\n%s" % (want, mode, got or head + tail))
            fail("-loadvm in %s: status %d, output above" % (mode, status))
        print("-loadvm in %s: the workload's %d lines as under "
              "qemu-system-riscv64" % (mode, want.count("\n") + 1))
    t2 = time.monotonic()
    with open(snap, "rb") as f:
        data = f.read()
    cut = os.path.join(work, "cut.snap")
    for n in (len(data) // 2, len(data) - 8):
        with open(cut, "wb") as f:
            f.write(data[:n])
        refused(vm_run, ["-loadvm", cut] + board_args(guest, disk),
                "cut.snap: truncated", work)
    refused(vm_run, ["-loadvm", snap] + board_args(guest, disk, ram="512M"),
            "saved with 256 MiB of RAM, -m gives 512 MiB", work)
    refused(vm_run, ["-loadvm", snap] + board_args(guest, disk, rng=False),
            "saved with other devices", work)
    refused(vm_run, ["-loadvm", snap] + board_args(guest, disk, smp=SMP + 1),
            "saved with %d harts, -smp gives %d" % (SMP, SMP + 1), work)
    print("PASS (%d hart(s)): stop, info, savevm, quit; -loadvm as "
          "qemu-system-riscv64; 5 bad snapshots refused (qemu %.0f s, "
          "vm-run %.0f s)" % (SMP, t1 - t0, t2 - t1))
    subprocess.run(["rm", "-rf", work])


main()
