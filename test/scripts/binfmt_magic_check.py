#!/usr/bin/env python3
"""The binfmt_misc registration vm-run prints (vm-run --binfmt-print):

- its format: one ':NAME:M:OFFSET:MAGIC:MASK:INTERPRETER:FLAGS' line per
  guest, vm-riscv64 with flags F, P and C and the interpreter asked for;
- its magic and mask against Debian's qemu-user-binfmt registration for
  riscv64 (committed copies, and the machine's own when installed);
- what it matches, applied as the kernel applies it ((byte ^ magic) & mask
  == 0 over the first bytes): every riscv64 guest program of the build,
  static and dynamic, and the riscv64 dynamic linker; never x86-64 guests,
  host programs, a riscv64 object file, a riscv32 or big-endian or
  core-file header, scripts or short files;
- --binfmt-register/--binfmt-unregister against a stand-in folder
  (--binfmt-misc-dir, no root needed), and bad usage (status 125).

usage: binfmt_magic_check.py VM_RUN GUEST_DIR X86_GUEST_DIR REFERENCE_DIR
"""
import os
import struct
import subprocess
import sys
import tempfile

failures = 0
checks = 0


def check(ok, what):
    global failures, checks
    checks += 1
    if not ok:
        failures += 1
        print("FAIL: " + what)


def unescape(field):
    """binfmt_misc's \\xHH escapes (and plain characters) to bytes."""
    out = bytearray()
    i = 0
    while i < len(field):
        if field.startswith("\\x", i):
            out.append(int(field[i + 2:i + 4], 16))
            i += 4
        else:
            out.append(ord(field[i]))
            i += 1
    return bytes(out)


def parse_line(line):
    f = line.split(":")
    if len(f) != 8 or f[0] != "" or f[2] != "M":
        return None
    return {"name": f[1], "offset": int(f[3] or "0"), "magic": unescape(f[4]),
            "mask": unescape(f[5]), "interp": f[6], "flags": f[7]}


def parse_binfmts(path):
    """update-binfmts' format: 'key value' lines."""
    kv = {}
    for line in open(path):
        k, _, v = line.strip().partition(" ")
        kv[k] = v
    return {"magic": unescape(kv["magic"]), "mask": unescape(kv["mask"]),
            "offset": int(kv.get("offset", "0") or "0")}


def matches(entry, data):
    magic, mask, off = entry["magic"], entry["mask"], entry["offset"]
    if len(data) < off + len(magic):
        return False
    return all((data[off + i] ^ magic[i]) & mask[i] == 0
               for i in range(len(magic)))


def head(path, n=64):
    with open(path, "rb") as f:
        return f.read(n)


def elf_files(folder):
    out = []
    for name in sorted(os.listdir(folder)):
        p = os.path.join(folder, name)
        if os.path.isfile(p) and head(p, 4) == b"\x7fELF":
            out.append(p)
    return out


def register_into_folder(vm_run, printed):
    """--binfmt-register and --binfmt-unregister against a stand-in folder
    (--binfmt-misc-dir; no root needed): what they write, and the errors."""
    def run(*args):
        return subprocess.run([vm_run] + list(args), capture_output=True,
                              text=True)
    with tempfile.TemporaryDirectory() as d:
        reg = os.path.join(d, "register")
        open(reg, "w").close()
        r = run("--binfmt-register", "--binfmt-misc-dir", d,
                "--binfmt-path", "/bin/sh")
        written = open(reg).read()
        check(r.returncode == 0, "register into %s: %s" % (d, r.stderr))
        want = printed.replace(":/usr/bin/vm-run:", ":/bin/sh:")
        check(written == want, "register writes %r, not %r" % (written, want))
        entry = os.path.join(d, "vm-riscv64")
        with open(entry, "w") as f:
            f.write("enabled\n")
        r = run("--binfmt-unregister", "--binfmt-misc-dir", d)
        check(r.returncode == 0 and open(entry).read().startswith("-1"),
              "unregister writes -1 to the entry")
        r = run("--binfmt-unregister", "--binfmt-misc-dir", d,
                "--binfmt-prefix", "absent")
        check(r.returncode == 0 and "was not registered" in r.stdout,
              "unregister of an absent entry says so")
        r = run("--binfmt-register", "--binfmt-misc-dir",
                os.path.join(d, "missing"), "--binfmt-path", "/bin/sh")
        check(r.returncode == 1 and "not mounted" in r.stderr,
              "register without binfmt_misc: status 1, %r" % r.stderr)
        r = run("--binfmt-register", "--binfmt-misc-dir", d,
                "--binfmt-path", "/nonexistent/vm-run")
        check(r.returncode == 1, "register of a missing interpreter fails")
    for bad in (["--binfmt-print", "--binfmt-path", "relative/vm-run"],
                ["--binfmt-print", "--binfmt-path", "/a:b"],
                ["--binfmt-print", "--binfmt-prefix", "a/b"],
                ["--binfmt-print", "--binfmt-register"],
                ["--binfmt-path", "/bin/sh"],
                ["--binfmt-print", "--binfmt-nonsense"],
                ["--binfmt-print", "--binfmt-path"]):
        r = run(*bad)
        check(r.returncode == 125 and r.stderr.startswith("vm-run: "),
              "%s: status 125 and one vm-run line, got %d %r"
              % (bad, r.returncode, r.stderr))


def main():
    vm_run, guest_dir, x86_dir, ref_dir = sys.argv[1:5]
    interp = "/usr/bin/vm-run"
    out = subprocess.run([vm_run, "--binfmt-print", "--binfmt-path", interp],
                         capture_output=True, text=True, check=True).stdout
    lines = [ln for ln in out.splitlines() if ln and not ln.startswith("#")]
    entries = [parse_line(ln) for ln in lines]
    check(len(entries) == 1 and entries[0] is not None,
          "one well-formed registration line, got %r" % lines)
    e = entries[0]
    check(e["name"] == "vm-riscv64", "name vm-riscv64, got " + e["name"])
    check(e["interp"] == interp, "interpreter " + e["interp"])
    check(sorted(e["flags"]) == sorted("FPC"), "flags F P C, got " + e["flags"])
    check(len(e["magic"]) == 20 and len(e["mask"]) == 20,
          "20-byte magic and mask")
    check(e["offset"] == 0, "offset 0")

    # The independent reference: Debian's qemu-user-binfmt.
    refs = [os.path.join(ref_dir, "qemu-riscv64.conf"),
            "/usr/lib/binfmt.d/qemu-riscv64.conf"]
    seen = 0
    for path in refs:
        if not os.path.exists(path):
            continue
        for ln in open(path):
            q = parse_line(ln.strip())
            if q:
                seen += 1
                check(q["magic"] == e["magic"] and q["mask"] == e["mask"],
                      "magic/mask equal to %s's" % path)
    for path in [os.path.join(ref_dir, "qemu-riscv64.binfmts"),
                 "/usr/share/binfmts/qemu-riscv64"]:
        if os.path.exists(path):
            seen += 1
            q = parse_binfmts(path)
            check(q["magic"] == e["magic"] and q["mask"] == e["mask"],
                  "magic/mask equal to %s's" % path)
    check(seen >= 2, "the qemu references were read")

    # Must match: the riscv64 guests, static and dynamic, and ld.so.
    static = elf_files(guest_dir)
    dynamic = elf_files(os.path.join(guest_dir, "dynamic"))
    check(len(static) >= 20 and len(dynamic) >= 20,
          "guest programs found (%d static, %d dynamic)"
          % (len(static), len(dynamic)))
    for p in static + dynamic:
        check(matches(e, head(p)), "matches riscv64 program " + p)
    types = {struct.unpack_from("<H", head(p), 16)[0] for p in static + dynamic}
    check(types == {2, 3}, "guests cover ET_EXEC and ET_DYN, got %s" % types)
    ldso = "/usr/riscv64-linux-gnu/lib/ld-linux-riscv64-lp64d.so.1"
    if os.path.exists(ldso):
        check(matches(e, head(ldso)), "matches the riscv64 dynamic linker")

    # Must not match.
    x86 = []
    for sub in ("static", "dynamic"):
        d = os.path.join(x86_dir, sub)
        if os.path.isdir(d):
            x86 += elf_files(d)
    check(len(x86) >= 10, "x86-64 guest programs found (%d)" % len(x86))
    host = [vm_run, "/bin/sh", "/usr/bin/env", "/lib64/ld-linux-x86-64.so.2"]
    for p in x86 + host:
        if os.path.exists(p):
            check(not matches(e, head(p)), "does not match x86-64 " + p)
    crt = "/usr/riscv64-linux-gnu/lib/crt1.o"
    if os.path.exists(crt):
        check(not matches(e, head(crt)), "does not match riscv64 object " + crt)

    base = bytearray(head(static[0]))
    def variant(offset, value, fmt="B"):
        b = bytearray(base)
        struct.pack_into(fmt, b, offset, value)
        return bytes(b)
    # A riscv32 executable: ELFCLASS32, same e_machine, ELF32 layout.
    rv32 = struct.pack("<4sBBBBB7sHHIIIIIHHHHHH", b"\x7fELF", 1, 1, 1, 0, 0,
                       b"\0" * 7, 2, 243, 1, 0x10000, 52, 0, 0, 52, 32, 1,
                       40, 0, 0)
    check(not matches(e, rv32), "does not match a riscv32 executable")
    check(not matches(e, variant(5, 2)), "does not match big-endian")
    check(not matches(e, variant(16, 4, "<H")), "does not match ET_CORE")
    check(not matches(e, variant(16, 1, "<H")), "does not match ET_REL")
    check(not matches(e, variant(18, 62, "<H")), "does not match EM_X86_64")
    check(not matches(e, variant(18, 183, "<H")), "does not match EM_AARCH64")
    check(not matches(e, variant(6, 0)), "does not match EV_NONE")
    check(matches(e, variant(7, 3)), "matches ELFOSABI_GNU (3)")
    check(matches(e, variant(16, 3, "<H")), "matches ET_DYN")
    check(not matches(e, base[:19]), "does not match a 19-byte file")
    for text in (b"#!/bin/sh\necho hi\n", b"\x7fELF", b"MZ\x90\0" + b"\0" * 60,
                 os.urandom(64)):
        check(not matches(e, text), "does not match %r" % text[:12])

    register_into_folder(vm_run, lines[0] if lines else "")

    print("binfmt_magic: %d passed, %d failed" % (checks - failures, failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
