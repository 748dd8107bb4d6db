#!/usr/bin/env python3
"""syscall_table.py — the README's table of system calls, generated from the
X-macro lists (linux_syscalls.h, linux_syscalls_x86_64.h) so that it cannot
drift from them.

    syscall_table.py            print the table (markdown)
    syscall_table.py --update README.md   rewrite the table in README.md
    syscall_table.py --check README.md    exit 1 when README.md's table differs

A call is "implemented" when its list names a handler, "refused: EPERM"
when that handler is one of sys_admin.c's REFUSED() ones; the kernel's
calls in neither list (from the kernel headers of the riscv64 cross
compiler and of the host) are ENOSYS, with the reason below.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BEGIN = "<!-- syscall-table begin (lib/runtime/linux/syscall_table.py) -->"
END = "<!-- syscall-table end -->"

# Why a refused call is refused (default: a privilege a guest never gets).
REFUSED_WHY = {
    "reboot": "never reboots the host",
    "kexec_load": "never replaces the host kernel",
    "kexec_file_load": "never replaces the host kernel",
    "init_module": "no kernel modules",
    "finit_module": "no kernel modules",
    "delete_module": "no kernel modules",
    "swapon": "the host's swap",
    "swapoff": "the host's swap",
    "settimeofday": "never sets the host clock",
    "clock_settime": "never sets the host clock",
    "sethostname": "the host's name",
    "setdomainname": "the host's name",
}

# Why a call of the kernel's tables is absent (ENOSYS).
ABSENT_WHY = [
    (r"^io_(setup|destroy|submit|cancel|getevents|pgetevents)$",
     "Linux AIO is not emulated (as a kernel without CONFIG_AIO; qemu-user 7.2 neither)"),
    (r"^io_uring_", "as a kernel with io_uring disabled"),
    (r"^(lookup_dcookie|nfsservctl|create_module|get_kernel_syms|query_module|"
     r"getpmsg|putpmsg|afs_syscall|tuxcall|security|vserver|epoll_ctl_old|"
     r"epoll_wait_old|_sysctl)$", "removed from Linux or never there: ENOSYS on Linux too"),
    (r"^(add_key|request_key|keyctl)$", "keyrings: as a kernel without CONFIG_KEYS"),
    (r"^(mbind|get_mempolicy|set_mempolicy|migrate_pages|move_pages|"
     r"set_mempolicy_home_node)$", "NUMA policy: as a kernel without CONFIG_NUMA"),
    (r"^perf_event_open$", "as a kernel without CONFIG_PERF_EVENTS"),
    (r"^seccomp$", "a filter would judge vm-run's own calls: as a kernel without CONFIG_SECCOMP"),
    (r"^landlock_", "a ruleset would confine vm-run itself: as a kernel without Landlock"),
    (r"^memfd_secret$", "as Linux without secretmem enabled (its default)"),
    (r"^(set_thread_area|get_thread_area)$", "32-bit TLS descriptors: not emulated"),
]
ABSENT_DEFAULT = "not emulated yet"


def kernel_table(cc, header):
    """{name: number} of a kernel header's __NR_ names."""
    try:
        out = subprocess.run([cc, "-E", "-dM", "-"], input="#include <%s>\n" % header,
                             capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    defs = dict(re.findall(r"^#define (__NR3264_\w+|__NR_\w+) (\S+)", out, re.M))
    table = {}
    for key, val in defs.items():
        if not key.startswith("__NR_"):
            continue
        while val in defs:
            val = defs[val]
        if val.isdigit():
            table[key[5:]] = int(val)
    for fake in ("syscalls", "arch_specific_syscall"):
        table.pop(fake, None)
    return table


def our_list(path, macro):
    text = open(path).read()
    body = re.search(r"#define %s\(X\)(.*?)\n\n" % macro, text, re.S).group(1)
    return {name: (int(nr), handler)
            for nr, name, handler in re.findall(r"X\((\d+), (\w+), (\w+)\)", body)}


def refused_handlers():
    text = open(os.path.join(HERE, "sys_admin.c")).read()
    return {"sys_" + n for n in re.findall(r"^REFUSED\((\w+)\)", text, re.M)}


def absent_why(name):
    for pat, why in ABSENT_WHY:
        if re.search(pat, name):
            return why
    return ABSENT_DEFAULT


def state(name, ours, kernel, refused):
    if name in ours:
        nr, handler = ours[name]
        if handler in refused:
            return nr, "refused: EPERM (%s)" % REFUSED_WHY.get(
                name, "needs a privilege a guest never gets")
        return nr, "implemented"
    if kernel is not None and name in kernel:
        return kernel[name], "ENOSYS (%s)" % absent_why(name)
    return None, None


def table():
    rv = our_list(os.path.join(HERE, "linux_syscalls.h"), "LINUX_SYSCALLS")
    x86 = our_list(os.path.join(HERE, "linux_syscalls_x86_64.h"), "LINUX_SYSCALLS_X86_64")
    rv_k = kernel_table("riscv64-linux-gnu-gcc", "asm/unistd.h")
    x86_k = kernel_table("gcc", "asm/unistd_64.h")
    if rv_k is None or x86_k is None:
        sys.exit("syscall_table.py: needs riscv64-linux-gnu-gcc and gcc with kernel headers")
    refused = refused_handlers()
    names = sorted(set(rv) | set(x86) | set(rv_k) | set(x86_k))
    count = {}
    rows = []
    for name in names:
        rnr, rst = state(name, rv, rv_k, refused)
        xnr, xst = state(name, x86, x86_k, refused)
        for guest, st in (("riscv64", rst), ("x86-64", xst)):
            if st:
                key = (guest, st.split(" ")[0].rstrip(":"))
                count[key] = count.get(key, 0) + 1
        if rst and xst and rst == xst:
            what = rst
        else:
            parts = []
            if rst:
                parts.append("riscv64: " + rst)
            if xst:
                parts.append("x86-64: " + xst)
            what = "; ".join(parts)
        rows.append("| `%s` | %s | %s | %s |" % (
            name, "—" if rnr is None else rnr, "—" if xnr is None else xnr, what))
    lines = [BEGIN, ""]
    for guest in ("riscv64", "x86-64"):
        lines.append("- %s: %d implemented, %d refused with EPERM, %d ENOSYS." % (
            guest, count.get((guest, "implemented"), 0),
            count.get((guest, "refused"), 0), count.get((guest, "ENOSYS"), 0)))
    lines += ["", "| call | riscv64 | x86-64 | state |", "|---|---|---|---|"]
    lines += rows
    lines += ["", END]
    return "\n".join(lines) + "\n"


def main():
    text = table()
    if len(sys.argv) == 1:
        sys.stdout.write(text)
        return
    if len(sys.argv) != 3 or sys.argv[1] not in ("--check", "--update"):
        sys.exit(__doc__)
    readme = open(sys.argv[2]).read()
    m = re.search(re.escape(BEGIN) + r".*?" + re.escape(END) + r"\n", readme, re.S)
    if not m:
        sys.exit("syscall_table.py: %s has no table markers" % sys.argv[2])
    if sys.argv[1] == "--check":
        if m.group(0) != text:
            sys.exit("syscall_table.py: the table in %s is out of date: run "
                     "lib/runtime/linux/syscall_table.py --update %s" % (sys.argv[2], sys.argv[2]))
        return
    open(sys.argv[2], "w").write(readme[:m.start()] + text + readme[m.end():])


if __name__ == "__main__":
    main()
