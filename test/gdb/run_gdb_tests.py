#!/usr/bin/env python3
"""run_gdb_tests.py — vm-run's GDB stub (-g) driven by gdb-multiarch.

For each guest (riscv64, x86-64) and each session below, gdb-multiarch
runs the same commands in batch mode twice: against `vm-run -g 0 PROG`
and against qemu-user's own stub (`qemu-<arch> -g PORT PROG`), which is
the independent reference. The two transcripts (gdb's output, the
guest's output and its exit status) must agree once what legitimately
differs is normalised: stack addresses, thread ids, qemu's own messages,
the frames of threads other than the current one (where a thread waits
depends on timing). qemu-user has no hardware watchpoints, so its gdb
uses software ones (stepping): the transcript is the same apart from the
word "Hardware", which shows that vm's Z2 reported the same stop.

Ctrl-C is checked against expected lines (qemu-user does not stop a
guest in a busy loop on the interrupt byte), and a hostile client talks
raw protocol to vm-run: malformed packets, bad checksums, memory outside
the guest, an oversized packet; vm-run must answer each and stay up.

Everything runs under timeouts: a hung stub fails the test. Exit status
0 when every check passed.
"""
import argparse
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time

STEP_TIMEOUT = 60  # seconds for one gdb session or one guest to end

SESSIONS = {
    # name: (guest argument, gdb commands)
    "basic": ("basic", [
        "break square",
        "continue",
        "bt",
        "print x",
        "print/x $pc",
        "stepi",
        "next",
        "next",
        "print y",
        "finish",
        "x/2xw results",
        "watch counter",
        "continue",
        "continue",
        "continue",
        "info breakpoints",
        "delete",
        "continue",
    ]),
    "threads": ("threads", [
        "break worker",
        "continue",
        "info threads",
        "bt 1",
        "print i",
        "next",
        "next",
        "print results[1]",
        "delete",
        "continue",
    ]),
    "segv": ("segv", [
        "continue",
        "bt",
        "print p",
        "continue",
    ]),
}

failures = []


def check(cond, what):
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failures.append(what)
    return cond


def read_port(proc):
    """The port vm-run -g 0 announces on stderr, or None."""
    buf = b""
    end = time.monotonic() + STEP_TIMEOUT
    fd = proc.stderr.fileno()
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(fd, 4096)
        if not chunk:
            break
        buf += chunk
        m = re.search(rb"listening on port (\d+)\n", buf)
        if m:
            return int(m.group(1)), buf[m.end():]
    return None, buf


def listening(port):
    """True when a socket listens on 127.0.0.1:port (/proc/net/tcp)."""
    want = ":%04X" % port
    try:
        with open("/proc/net/tcp") as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if fields[1].endswith(want) and fields[3] == "0A":
                    return True
    except OSError:
        pass
    return False


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_vm(args, prog, guest_arg):
    proc = subprocess.Popen([args.vm, "-g", "0", prog, guest_arg],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    port, rest = read_port(proc)
    return proc, port, rest


def start_qemu(qemu, prog, guest_arg):
    """qemu-user with -g on a free port; retried when the port was taken."""
    for _ in range(5):
        port = free_port()
        proc = subprocess.Popen([qemu, "-g", str(port), prog, guest_arg],
                                stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        end = time.monotonic() + STEP_TIMEOUT
        while time.monotonic() < end and proc.poll() is None:
            if listening(port):
                return proc, port
            time.sleep(0.05)
        proc.kill()
        proc.wait()
    return None, None


def gdb_argv(args, prog, port, commands, software_watch=False):
    argv = [args.gdb, "-batch", "-nx", "-ex", "set pagination off",
            "-ex", "set width 0", "-ex", "file " + prog]
    if software_watch:
        argv += ["-ex", "set can-use-hw-watchpoints 0"]
    argv += ["-ex", "target remote 127.0.0.1:%d" % port]
    for c in commands:
        argv += ["-ex", c]
    return argv


def finish(proc, extra_err=b""):
    """Waits for the debugged process; (exit status, stdout, stderr)."""
    try:
        out, err = proc.communicate(timeout=STEP_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return "timeout", out.decode(errors="replace"), ""
    return proc.returncode, out.decode(errors="replace"), \
        (extra_err + err).decode(errors="replace")


def run_gdb(argv):
    try:
        r = subprocess.run(argv, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=STEP_TIMEOUT)
        return r.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return (e.stdout or b"").decode(errors="replace") + "\n<gdb timeout>\n"


def normalise(text):
    out = []
    for line in text.splitlines():
        if "QEMU: Terminated via GDBstub" in line:
            continue
        line = re.sub(r"argv=0x[0-9a-f]+", "argv=STACK", line)
        line = re.sub(r"Thread \d+\.\d+", "Thread TID", line)
        line = re.sub(r"Thread \d+", "Thread TID", line)
        line = re.sub(r" \(CPU#\d+ \[\w+\]\)", "", line)
        line = re.sub(r"\((Remote target|process \d+)\)", "(INFERIOR)", line)
        line = line.replace("Hardware watchpoint", "Watchpoint")
        line = line.replace("hw watchpoint", "watchpoint")
        # info threads: only the current thread's frame is deterministic.
        m = re.match(r"^(\*| ) +(\d+) +Thread TID +(.*)$", line)
        if m:
            line = "%s %s Thread TID %s" % (m.group(1), m.group(2),
                                            m.group(3) if m.group(1) == "*"
                                            else "")
        line = re.sub(r"\s+", " ", line).strip()
        out.append(line)
    return "\n".join(out) + "\n"


def session(args, arch, prog, name):
    guest_arg, commands = SESSIONS[name]
    vm, port, early = start_vm(args, prog, guest_arg)
    if not check(port is not None, "%s/%s: vm-run -g 0 announces a port"
                 % (arch, name)):
        vm.kill()
        vm.wait()
        return
    vm_gdb = run_gdb(gdb_argv(args, prog, port, commands))
    vm_rc, vm_out, vm_err = finish(vm, early)

    qemu = args.qemu_riscv64 if arch == "riscv64" else args.qemu_x86_64
    qp, qport = start_qemu(qemu, prog, guest_arg)
    if not check(qp is not None, "%s/%s: qemu -g listens" % (arch, name)):
        return
    q_gdb = run_gdb(gdb_argv(args, prog, qport, commands, True))
    q_rc, q_out, _ = finish(qp)

    mine = normalise(vm_gdb) + "--- stdout\n" + vm_out + \
        "--- status %s\n" % vm_rc
    ref = normalise(q_gdb) + "--- stdout\n" + q_out + "--- status %s\n" % q_rc
    same = mine == ref
    check(same, "%s/%s: transcript matches qemu's" % (arch, name))
    if not same or args.verbose:
        print("  --- vm-run:\n" + mine + "  --- qemu:\n" + ref)
        print("  --- vm-run stderr:\n" + vm_err)
    # What the transcripts must show, so that two equally broken runs fail.
    expect = {
        "basic": ["Breakpoint 1, square (x=0)", "#1 ", "in main",
                  "Old value = 0", "New value = 5",
                  "exited with code 07"],
        "threads": ["hit Breakpoint 1, worker (arg=0x1)", "* 2 Thread TID",
                    "$2 = 9", "exited with code 07"],
        "segv": ["Program received signal SIGSEGV", "in crash ()",
                 "Program terminated with signal SIGSEGV"],
    }[name]
    for e in expect:
        check(e in mine, "%s/%s: transcript shows %r" % (arch, name, e))
    check("AddressSanitizer" not in vm_err and "runtime error" not in vm_err
          and "internal error" not in vm_err,
          "%s/%s: nothing wrong on vm-run's stderr" % (arch, name))
    status = {"basic": 7, "threads": 7, "segv": -signal.SIGSEGV}[name]
    check(vm_rc == status, "%s/%s: vm-run's status %s (want %s)"
          % (arch, name, vm_rc, status))


def read_watch_session(args, arch, prog):
    """rwatch and awatch, which qemu-user's gdb cannot set (software
    watchpoints only see writes): checked against expected lines."""
    vm, port, early = start_vm(args, prog, "basic")
    if not check(port is not None, "%s/rwatch: port" % arch):
        vm.kill()
        vm.wait()
        return
    text = normalise(run_gdb(gdb_argv(args, prog, port, [
        "break main", "continue", "awatch counter", "rwatch results[1]",
        "continue", "continue", "bt 1", "delete", "continue"])))
    rc, _, _ = finish(vm, early)
    for e in ["Hardware access (read/write) watchpoint 2: counter",
              "Old value = 0\nNew value = 5",
              "Hardware read watchpoint 3: results[1]\n\nValue = 0",
              "#0 0x", "gdb_guest.c:54", "exited with code 07"]:
        check(e in text, "%s/rwatch: transcript shows %r" % (arch, e))
    check(rc == 7, "%s/rwatch: vm-run's status %s (want 7)" % (arch, rc))
    if args.verbose:
        print(text)


def interrupt_session(args, arch, prog):
    """Ctrl-C: gdb's SIGINT while the guest spins becomes the interrupt
    byte; the guest stops with SIGINT, gdb writes a variable, and the
    guest then ends normally."""
    vm, port, early = start_vm(args, prog, "spin")
    if not check(port is not None, "%s/interrupt: port" % arch):
        vm.kill()
        vm.wait()
        return
    argv = gdb_argv(args, prog, port, [
        "set debug remote 1", "continue", "set debug remote 0",
        "print stop_spin", "set var stop_spin = 1", "continue"])
    gdb = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    text = b""
    sent = False
    end = time.monotonic() + STEP_TIMEOUT
    fd = gdb.stdout.fileno()
    while time.monotonic() < end:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            text += chunk
        # The guest runs once gdb has sent its vCont;c.
        if not sent and b"vCont;c" in text:
            gdb.send_signal(signal.SIGINT)
            sent = True
    if gdb.poll() is None:
        gdb.kill()
    gdb.wait()
    rc, out, err = finish(vm, early)
    lines = "\n".join(l for l in text.decode(errors="replace").splitlines()
                      if not l.lstrip().startswith("[remote]"))
    for e in ["Program received signal SIGINT, Interrupt.", "$1 = 0",
              "exited with code 07"]:
        check(e in lines, "%s/interrupt: transcript shows %r" % (arch, e))
    check(rc == 7, "%s/interrupt: vm-run's status %s (want 7)" % (arch, rc))
    if failures and args.verbose:
        print(lines)


class Raw:
    """A bare remote-protocol client (acknowledgement mode)."""

    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port),
                                          timeout=STEP_TIMEOUT)
        self.buf = b""

    def byte(self):
        while not self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError
            self.buf += chunk
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def packet(self):
        while self.byte() != b"$":
            pass
        data = b""
        while True:
            b = self.byte()
            if b == b"#":
                break
            data += b
        self.byte()
        self.byte()
        self.s.sendall(b"+")
        return data

    def send_raw(self, raw):
        self.s.sendall(raw)

    def ask(self, payload):
        if isinstance(payload, str):
            payload = payload.encode()
        frame = b"$" + payload + b"#%02x" % (sum(payload) & 0xff)
        self.s.sendall(frame)
        ack = self.byte()
        if ack != b"+":
            return b"<ack %r>" % ack
        return self.packet()


def hostile_client(args, arch, prog):
    vm, port, early = start_vm(args, prog, "basic")
    if not check(port is not None, "%s/hostile: port" % arch):
        vm.kill()
        vm.wait()
        return
    try:
        c = Raw(port)
        c.send_raw(b"garbage before any packet")
        c.send_raw(b"$g#00")  # bad checksum: asked again with '-'
        check(c.byte() == b"-", "%s/hostile: bad checksum answered '-'"
              % arch)
        r = c.ask("qSupported:multiprocess+")
        check(b"PacketSize=" in r, "%s/hostile: qSupported" % arch)
        r = c.ask("qXfer:features:read:target.xml:0,fff")
        check(r[:1] in (b"l", b"m") and b"<target" in r,
              "%s/hostile: target.xml" % arch)
        r = c.ask("qXfer:features:read:target.xml:ffffffffffffffff,10")
        check(r == b"l", "%s/hostile: target.xml past its end" % arch)
        r = c.ask("qXfer:features:read:other.xml:0,10")
        check(r.startswith(b"E"), "%s/hostile: unknown annex" % arch)
        for pkt in ["mffffffffffff0000,10", "m7fffffffffff,8",
                    "m5555555554000,10", "mffffffffffffffff,2"]:
            r = c.ask(pkt)
            check(r == b"E14", "%s/hostile: %s answers E14 (%r)"
                  % (arch, pkt, r))
        r = c.ask("Mffffffffffff0000,2:abcd")
        check(r == b"E14", "%s/hostile: write outside the guest" % arch)
        bad = ["m", "mzz", "m10,", "M10,ffffffff:00", "X10,ffffff:",
               "p", "pffffff", "P0=zz", "Z0", "Z0,zz,4", "Z9,0,0",
               "Z2,10,0", "vCont;q", "vCont;c:zz", "Hgzz", "Tzz",
               "qXfer:auxv:read::zz", "G12", "C", "Szz", ""]
        for pkt in bad:
            r = c.ask(pkt)
            check(not r.startswith(b"<ack"),
                  "%s/hostile: %r answered (%r)" % (arch, pkt, r[:20]))
        r = c.ask("A" * 40000)  # longer than PacketSize
        check(r == b"", "%s/hostile: oversized packet answered" % arch)
        r = c.ask("g")
        check(len(r) > 100 and re.fullmatch(rb"[0-9a-f]+", r) is not None,
              "%s/hostile: still answers g" % arch)
        r = c.ask("?")
        check(r.startswith(b"T05thread:"), "%s/hostile: stop reply" % arch)
        c.send_raw(b"$k#6b")
    except (OSError, EOFError) as e:
        check(False, "%s/hostile: connection broke: %s" % (arch, e))
    rc, _, err = finish(vm, early)
    check(rc == -signal.SIGKILL, "%s/hostile: k kills the guest (status %s)"
          % (arch, rc))
    check("internal error" not in err and "AddressSanitizer" not in err,
          "%s/hostile: no internal error on stderr" % arch)


def bad_options(args, prog):
    for opt in [["-g", "abc"], ["-g", "70000"], ["-g", "-1"], ["-g"]]:
        try:
            r = subprocess.run([args.vm] + opt + ([prog] if len(opt) > 1
                                                   else []),
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=STEP_TIMEOUT)
        except subprocess.TimeoutExpired:
            check(False, "bad option %s: vm-run hangs" % opt)
            continue
        lines = r.stderr.decode(errors="replace").splitlines()
        check(r.returncode == 125 and len(lines) == 1 and
              lines[0].startswith("vm-run: "),
              "bad option %s: one line, status 125 (%s, %r)"
              % (" ".join(opt), r.returncode, lines))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vm", required=True)
    ap.add_argument("--gdb", required=True)
    ap.add_argument("--qemu-riscv64", required=True)
    ap.add_argument("--qemu-x86_64", required=True)
    ap.add_argument("--dir", required=True)
    ap.add_argument("--only", help="run sessions whose name contains this")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    progs = {"riscv64": os.path.join(args.dir, "gdb_guest-riscv64"),
             "x86_64": os.path.join(args.dir, "gdb_guest-x86_64")}
    for arch, prog in progs.items():
        for name in SESSIONS:
            if not args.only or args.only in name:
                session(args, arch, prog, name)
        if not args.only or args.only in "rwatch":
            read_watch_session(args, arch, prog)
        if not args.only or args.only in "interrupt":
            interrupt_session(args, arch, prog)
        if not args.only or args.only in "hostile":
            hostile_client(args, arch, prog)
    if not args.only or args.only in "options":
        bad_options(args, progs["riscv64"])
    print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
