#!/usr/bin/env python3
"""gdb_system.py — system mode's GDB stub (vm-run --system -gdb, -S).

Each session runs the same gdb-multiarch batch commands twice: against
`vm-run --system -M spike -bios none -kernel T -gdb tcp::0 -S` and against
`qemu-system-riscv64 -M spike ... -gdb tcp:127.0.0.1:PORT -S`, the
independent reference, on a riscv-tests binary (ELF with its labels). The
transcripts must agree up to the last command (a `continue` to the end):
stop locations, pc, register values, memory read at physical addresses
(p tests) and at virtual ones through the test's Sv39 page tables (v
tests), the effect of register writes. At the end QEMU just closes the
connection while vm-run reports the exit (W): there the checks are vm's
"exited with code N" against QEMU's own exit status N, and vm-run's exit
status against QEMU's.

A raw-protocol client checks what gdb's transcript cannot show: Ctrl-C
(0x03) stops a running hart (T02), and `k` ends vm-run with status 137.
Everything runs under timeouts. Exit status 0 when every check passed.
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "gdb"))
import run_gdb_tests as common  # noqa: E402  (check, ports, gdb runs)

SESSIONS = {
    # name: (riscv-tests binary, gdb commands; the last one runs to the end)
    "p-break-step": ("rv64ui-p-add", [
        "break test_3",
        "continue",
        "info registers pc",
        "stepi",
        "stepi",
        "info registers pc gp a1 a2 a4 t2",
        "info registers priv mstatus mtvec mepc mcause mhartid satp",
        "x/4xw $pc",
        "x/2xg reset_vector",
        "print/x *(int *)&_start",
        "x/xw 0x10",
        "delete",
        "continue",
    ]),
    "p-write-fail": ("rv64ui-p-add", [
        "break test_5",
        "continue",
        "set var $gp = 21",
        "print $gp",
        "set var $mscratch = 0x1234",
        "set var $mstatus = 0x1808",
        "info registers mscratch mstatus mhartid",
        "set var $mstatus = 0",
        "set var *(int *)0x80002000 = 0x12345678",
        "x/xw 0x80002000",
        "jump fail",
    ]),
    # Watchpoints: stops before the access (gdb steps over it), old and
    # new values, a read watchpoint's value, an access watchpoint on a
    # store then a load.
    "p-watch": ("rv64ui-p-sd", [
        "watch *(long *)&tdat3",
        "rwatch *(long *)&tdat5",
        "continue",
        "info registers pc",
        "continue",
        "info registers pc a4",
        "delete",
        "awatch *(int *)&tdat8",
        "continue",
        "info registers pc",
        "continue",
        "info registers pc",
        "delete",
        "continue",
    ]),
    # An atomic read-modify-write is both a read and a write.
    "amo-watch": ("rv64ua-p-amoadd_d", [
        "rwatch *(long *)&amo_operand",
        "continue",
        "info registers pc a4",
        "continue",
        "info registers pc a4",
        "delete",
        "watch *(long *)&amo_operand",
        "continue",
        "info registers pc a4",
        "delete",
        "continue",
    ]),
    # User code of a v test runs at (its label - 0x80000000), mapped on
    # demand by the test's own page-fault handler.
    "v-virtual": ("rv64ui-v-add", [
        "break *((long)&test_4 - 0x80000000)",
        "continue",
        "info registers pc gp priv satp stvec",
        "x/4xw $pc",
        "x/xw 0x7ffff000",
        "stepi",
        "info registers pc",
        "delete",
        "continue",
    ]),
    # A watchpoint on a user virtual address: first hit by the supervisor
    # filling the page (its own mapping of it), then by the user store.
    "v-watch": ("rv64ui-v-sd", [
        "watch *(long *)((long)&tdat3 - 0x80000000)",
        "continue",
        "info registers pc priv",
        "continue",
        "info registers pc priv",
        "delete",
        "continue",
    ]),
}


# The Linux guest (--linux DIR: Image, initramfs.cpio, linux-build/vmlinux
# without debug info) on virt under OpenSBI: the first stop in the kernel
# proper. satp differs legitimately (the kernel picks the largest mode
# the hart has: Sv48 here, Sv57 under QEMU); the commands avoid it.
LINUX_COMMANDS = [
    "break start_kernel",
    "continue",
    "bt",
    "info registers pc sp gp priv",
    "x/s &linux_banner",
    "print/x *(long *)&jiffies_64",
    "x/4xw $pc",
    "print/x $sstatus & 0x2",
    # Written early in start_kernel (local_irq_disable, then this).
    "watch *(char *)&early_boot_irqs_disabled",
    "continue",
    "info registers pc",
    "delete",
    "kill",
]


# With --smp N (2 here): the harts are gdb threads. At -S every hart is at
# the reset vector. OpenSBI's cold-boot lottery picks whichever hart gets
# there first (under either emulator), so the hart that later runs
# smp_callin, the secondary Linux brings up through SBI HSM, is thread 1
# or 2: the stop's thread number is left out (normalise_smp), and the
# thread that stopped must be the hart gdb reads ($mhartid is its
# number - 1). QEMU numbers threads 1.N (multiprocess), vm-run N.
LINUX_SMP_COMMANDS = [
    "info registers pc",
    "thread 2",
    "info registers pc a0",
    "break smp_callin",
    "continue",
    "info registers pc",
    "bt",
    "print $priv",
    "print $mhartid == $_thread - 1",
    "stepi",
    "info registers pc",
    "delete",
    "kill",
]


def board_args(args, test, machine="spike"):
    if test == "linux":
        smp = ["-smp", str(args.smp)] if args.smp > 1 else []
        return ["-M", "virt", "-kernel", os.path.join(args.linux, "Image"),
                "-initrd", os.path.join(args.linux, "initramfs.cpio"),
                "-append", "console=ttyS0"] + smp
    return ["-M", machine, "-bios", "none", "-kernel", test]


def start_vm(args, test, mode="interp", extra=(), machine="spike"):
    proc = subprocess.Popen(
        [args.vm, "--system", "--mode", mode] +
        board_args(args, test, machine) +
        ["-gdb", "tcp::0", "-S"] + list(extra),
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE)
    port, rest = common.read_port(proc)
    return proc, port, rest


def start_qemu(args, test, machine="spike"):
    for _ in range(5):
        port = common.free_port()
        proc = subprocess.Popen(
            [args.qemu] + board_args(args, test, machine) +
            ["-nographic", "-gdb", "tcp:127.0.0.1:%d" % port, "-S"],
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        end = time.monotonic() + common.STEP_TIMEOUT
        while time.monotonic() < end and proc.poll() is None:
            if common.listening(port):
                return proc, port
            time.sleep(0.05)
        proc.kill()
        proc.wait()
    return None, None


def split_end(text):
    """(the transcript before the last command's output, that output)."""
    lines = text.splitlines()
    marker = [i for i, l in enumerate(lines) if l.startswith("@@END")]
    if not marker:
        return text, ""
    i = marker[-1]
    return "\n".join(lines[:i]), "\n".join(lines[i + 1:])


def transcripts(args, test, symbols, cmds, modes, machine="spike"):
    """{tag: (gdb transcript, exit status)} for vm-run in each mode and
    for qemu ("qemu"), or None when one did not start."""
    out = {}
    for mode in modes:
        vm, port, err = start_vm(args, test, mode, machine=machine)
        if not common.check(port is not None, "vm-run --mode %s listens"
                            % mode):
            vm.kill()
            return None
        text = common.run_gdb(common.gdb_argv(args, symbols, port, cmds))
        out[mode] = (text, common.finish(vm, err)[0])
    q, port = start_qemu(args, test, machine)
    if not common.check(q is not None, "qemu listens"):
        return None
    text = common.run_gdb(common.gdb_argv(args, symbols, port, cmds))
    out["qemu"] = (text, common.finish(q)[0])
    return out


def session(args, name):
    test_name, commands = SESSIONS[name]
    test = os.path.join(args.tests, test_name)
    # An echo marks where the final command's output starts.
    cmds = commands[:-1] + ["echo @@END\\n", commands[-1]]
    runs = transcripts(args, test, test, cmds, args.modes)
    if not runs:
        return
    q_text, q_status = runs.pop("qemu")
    q_body, _ = split_end(q_text)
    for mode, (vm_text, vm_status) in runs.items():
        what = "%s (%s)" % (name, mode)
        vm_body, vm_end = split_end(vm_text)
        same = common.check(vm_body == q_body and "@@END" in vm_text,
                            what + ": transcript as under qemu-system-riscv64")
        if not same or args.verbose:
            print("--- vm-run\n" + vm_text + "\n--- qemu\n" + q_text)
        m = re.search(r"exited (normally|with code (\d+))", vm_end)
        code = 0 if m and m.group(1) == "normally" else \
            int(m.group(2), 8) if m else None
        common.check(code == q_status, "%s: gdb sees exit code %s, qemu "
                     "exits %s" % (what, code, q_status))
        common.check(vm_status == q_status, "%s: vm-run exits %s, qemu %s"
                     % (what, vm_status, q_status))


# Sessions that end with `kill` (name: machine, riscv-tests binary, gdb
# commands). Device registers read by the debugger, stopped at reset
# (-S): what QEMU answers, where its device models and ours agree (our
# UART's MCR resets to 0 where QEMU's has OUT2, mtimecmp to all ones
# where QEMU's is 0, and our UART and CLINT decode wider windows than
# QEMU's). A piece of a read is one device access of its size: a UART
# answers its byte register zero-extended.
STOPPED_SESSIONS = {
    "virt-devices": ("virt", "rv64ui-p-add", [
        "x/4bx 0x10000000",
        "x/3bx 0x10000005",
        "x/wx 0x10000000",
        "x/hx 0x10000002",
        "x/gx 0x10000000",
        "x/4wx 0x0c000000",
        "x/2wx 0x0c001000",
        "x/2wx 0x0c200000",
        "x/4wx 0x2000000",
        "print *(unsigned long *)0x200bff8 < 100000000",
        "x/2wx 0x100000",
        "x/4wx 0x1000",
        "kill",
    ]),
    # No UART or PLIC on spike: refused (E14) by both; HTIF's tohost.
    "spike-devices": ("spike", "rv64ui-p-add", [
        "x/wx 0x10000000",
        "x/wx 0x0c000000",
        "x/2gx &tohost",
        "x/2wx &tohost",
        "x/4wx 0x2000000",
        "print *(unsigned long *)0x200bff8 < 100000000",
        "kill",
    ]),
    # stepi onto a watched store: the watchpoint reports it, after it.
    "step-watch": ("spike", "rv64ui-p-sd", [
        "watch *(long *)&tdat3",
        "break *((long)&test_4 + 48)",
        "continue",
        "stepi",
        "info registers pc",
        "stepi",
        "info registers pc",
        "kill",
    ]),
    # Debugger writes reach RAM and ROM; device registers and addresses
    # with nothing there take them without an error and without effect
    # (QEMU writes through address_space_write_rom).
    "debugger-writes": ("virt", "rv64ui-p-add", [
        "set var *(char *)0x10000000 = 0x41",
        "set var *(int *)0x0c000004 = 5",
        "x/2wx 0x0c000000",
        "set var *(int *)0x2000000 = 1",
        "x/wx 0x2000000",
        "set var *(int *)0x1000 = 1",
        "x/2wx 0x1000",
        "set var *(int *)0x50000000 = 1",
        "set var *(int *)0x80000000 = 0x12345678",
        "x/wx 0x80000000",
        "kill",
    ]),
    "spike-writes": ("spike", "rv64ui-p-add", [
        "set var *(int *)0x50000000 = 1",
        "set var *(long *)0x80001000 = 0",
        "set var *(long *)0x80001010 = 7",
        "x/3gx 0x80001000",
        "set var *(int *)0x1004 = 2",
        "x/2wx 0x1000",
        "kill",
    ]),
    # Which pages the debugger may read and write: Sv39 gigapages made
    # by gdb itself (after the test set up its PMP): 0x80000000 a
    # supervisor page, 0xc0000000 a user page, 0x100000000 supervisor
    # execute-only, 0x140000000 without A (QEMU sets A there, vm-run
    # leaves the tables alone: not read back). Then S mode without and
    # with SUM (no difference) and MXR, U mode, M mode bare and with
    # MPRV (MPP U, then S).
    "permissions": ("spike", "rv64ui-p-add", [
        "break test_2",
        "continue",
        "delete",
        "set var *(long *)0x80010010 = 0x200000cf",
        "set var *(long *)0x80010018 = 0x200000df",
        "set var *(long *)0x80010020 = 0x20000049",
        "set var *(long *)0x80010028 = 0x2000000f",
        "set var $satp = 0x8000000000080010",
        "set var $priv = 1",
        "info registers priv satp",
        "x/wx 0x80000000",
        "x/wx 0xc0000000",
        "x/wx 0x100000000",
        "set var *(int *)0x100000000 = 5",
        "x/wx 0x140000000",
        "set var *(int *)0xc0000004 = 0x1234",
        "x/2wx 0x80000000",
        "set var $mstatus = $mstatus | 0x40000",
        "x/wx 0xc0000000",
        "set var $mstatus = $mstatus | 0x80000",
        "x/wx 0x100000000",
        "set var $priv = 0",
        "x/wx 0x80000000",
        "x/wx 0xc0000000",
        "x/wx 0x100000000",
        "set var $priv = 3",
        "x/wx 0xc0000000",
        "set var $mstatus = $mstatus | 0x20000",
        "x/wx 0xc0000000",
        "x/wx 0x80000000",
        "set var $mstatus = $mstatus | 0x800",
        "x/wx 0xc0000000",
        "x/wx 0x80000000",
        "kill",
    ]),
}


def normalise_inferior(text):
    text = re.sub(r"\(Thread 1\.(\d+)\)", r"(Thread \1)", text)
    return re.sub(r"\((Remote target|process \d+)\)", "(INFERIOR)", text)


def normalise_smp(text):
    """The thread that won OpenSBI's lottery and the switch to it."""
    text = re.sub(r"^\[Switching to Thread [\d.]+\]\n", "", text, flags=re.M)
    return re.sub(r"^Thread \d+ hit ", "Thread N hit ", text, flags=re.M)


def stopped_session(args, name):
    machine, test_name, cmds = STOPPED_SESSIONS[name]
    test = os.path.join(args.tests, test_name)
    runs = transcripts(args, test, test, cmds, ["interp"], machine)
    if not runs:
        return
    q_text, _ = runs["qemu"]
    vm_text, vm_status = runs["interp"]
    same = common.check(normalise_inferior(vm_text) ==
                        normalise_inferior(q_text) and "killed" in vm_text,
                        name + ": transcript as under qemu-system-riscv64")
    if not same or args.verbose:
        print("--- vm-run\n" + vm_text + "\n--- qemu\n" + q_text)
    common.check(vm_status == 137, "%s: kill ends vm-run with 137 (%s)"
                 % (name, vm_status))


def linux_session(args):
    vmlinux = os.path.join(args.linux, "linux-build", "vmlinux")
    smp = args.smp > 1
    runs = transcripts(args, "linux", vmlinux,
                       LINUX_SMP_COMMANDS if smp else LINUX_COMMANDS,
                       ["tier1" if smp else "interp"])
    if not runs:
        return
    norm = (lambda t: normalise_smp(normalise_inferior(t))) if smp \
        else normalise_inferior
    q_text, _ = runs["qemu"]
    vm_text, vm_status = runs["tier1" if smp else "interp"]
    where = "in smp_callin ()" if smp else "in start_kernel ()"
    same = common.check(norm(vm_text) == norm(q_text) and where in vm_text,
                        "linux%s: stopped (%s), transcript as under "
                        "qemu-system-riscv64" % (" -smp" if smp else "",
                                                 where))
    if not same or args.verbose:
        print("--- vm-run\n" + vm_text + "\n--- qemu\n" + q_text)
    common.check(vm_status == 137, "linux: kill ends vm-run with 137 (%s)"
                 % vm_status)


def packet(s, payload):
    body = payload.encode()
    s.sendall(b"$%s#%02x" % (body, sum(body) & 0xff))


def receive(s, timeout=20):
    """The next packet's payload (acks skipped), or None."""
    s.settimeout(timeout)
    buf = b""
    try:
        while True:
            m = re.search(rb"\$([^#]*)#[0-9a-f]{2}", buf)
            if m:
                s.sendall(b"+")
                return m.group(1).decode()
            chunk = s.recv(4096)
            if not chunk:
                return None
            buf += chunk
    except OSError:
        return None


def interrupt_and_kill(args):
    """A hart spinning in place (jump to itself, written by the client)
    stops on 0x03 with T02 and its pc; 'k' ends vm-run with status 137."""
    test = os.path.join(args.tests, "rv64ui-p-add")
    vm, port, _ = start_vm(args, test)
    if not common.check(port is not None, "interrupt: vm-run listens"):
        vm.kill()
        return
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    packet(s, "?")
    stop = receive(s)
    # j . at 0x80000000 (_start), then pc there: an endless loop.
    packet(s, "M80000000,4:6f000000")
    wrote = receive(s)
    packet(s, "P20=0000008000000000")
    packet_ok = receive(s)
    packet(s, "c")
    time.sleep(0.3)
    s.sendall(b"\x03")
    reply = receive(s)
    packet(s, "p20")
    pc = receive(s)
    common.check(stop == "T05thread:1;" and wrote == "OK" and
                 packet_ok == "OK", "interrupt: stopped at reset, M and P ok")
    common.check(reply == "T02thread:1;", "interrupt: 0x03 answered T02 (%s)"
                 % reply)
    common.check(pc == "0000008000000000", "interrupt: pc in the loop (%s)"
                 % pc)
    s.sendall(b"$k#6b")
    status, _, _ = common.finish(vm)
    s.close()
    common.check(status == 137, "kill: vm-run exits 137 (%s)" % status)


def timeout_while_stopped(args):
    """--timeout ends vm-run (124, "time limit reached") while the hart is
    stopped at a breakpoint and the debugger says nothing more."""
    test = os.path.join(args.tests, "rv64ui-p-add")
    vm, port, _ = start_vm(args, test, extra=["--timeout", "2"])
    if not common.check(port is not None, "timeout: vm-run listens"):
        vm.kill()
        return
    s = socket.create_connection(("127.0.0.1", port), timeout=20)
    packet(s, "?")
    receive(s)
    packet(s, "Z0,80000000,4")  # _start: reached at once from reset
    receive(s)
    packet(s, "c")
    stop = receive(s)
    status, _, err = common.finish(vm)
    s.close()
    common.check(stop == "T05thread:1;", "timeout: stopped at the "
                 "breakpoint (%s)" % stop)
    common.check(status == 124 and "time limit reached" in err,
                 "timeout: vm-run exits 124 while stopped (%s, %s)"
                 % (status, err.strip()))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--vm", required=True)
    ap.add_argument("--gdb", required=True)
    ap.add_argument("--qemu", required=True, help="qemu-system-riscv64")
    ap.add_argument("--tests", help="riscv-tests binaries")
    ap.add_argument("--linux", help="the Linux guest's directory: run "
                    "only the Linux session")
    ap.add_argument("--modes", default="interp,tier1",
                    help="vm-run modes the riscv-tests sessions run in")
    ap.add_argument("--smp", type=int, default=1,
                    help="with --linux: harts of both boards (gdb threads)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    args.modes = args.modes.split(",")
    if args.linux:
        linux_session(args)
    else:
        for name in SESSIONS:
            session(args, name)
        for name in STOPPED_SESSIONS:
            stopped_session(args, name)
        interrupt_and_kill(args)
        timeout_while_stopped(args)
    print("%d failed" % len(common.failures))
    return 1 if common.failures else 0


if __name__ == "__main__":
    sys.exit(main())
