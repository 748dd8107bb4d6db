#!/usr/bin/env python3
"""llvm-mca comparison, first version (issue 2.7 item 1): for one bench program, the
hottest tier-2 regions vm-run compiles beside the loops the native compiler made from the
same source lines, both analysed by llvm-mca for this machine's CPU.

    python3 bench/mca.py PROGRAM [--vm build/bin/vm-run] [--out build/bench]
                         [--size full|reduced] [--top N] [--json FILE]
                         [--args "ARGS"] [--vm-option=OPTION ...]

Steps:
1. build.mk builds PROGRAM for x86-64 and riscv64 with the bench's flags plus -g into
   OUT/mca/ (debug information does not change GCC's code);
2. `vm-run --mode tiered --stats=json` on the riscv64 build lists every region (head pc,
   blocks, guest and IR instructions, compile CPU, entries, loop iterations); the TOP
   with most iterations are the hot loops; `-d out_asm` in the same run logs their host
   code (tier 2, and tier 1's block at the head);
3. each head's source line (riscv64-linux-gnu-addr2line) is found in the native build
   (objdump --line-numbers): the innermost backward jump whose range holds an instruction
   of that line is the native loop;
4. the loop body of the tier-2 code is the same shape: its innermost backward jump
   whose range holds the region's entry path; llvm-mca-19 -mcpu=native analyses both
   (and tier 1's head block) and the table shows instructions, uops, block reciprocal
   throughput and IPC side by side.
"""
import argparse
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from programs import PROGRAMS  # noqa: E402

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
CFLAGS = "-O2 -ffp-contract=off -g"
MCA = "llvm-mca-19"

INSN = re.compile(r"^0x([0-9a-f]+):  (.*)$")
JUMP = re.compile(r"^(j[a-z]+|loop[a-z]*) +(0x[0-9a-fA-F]+)$")


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def build(out, program):
    mca_out = os.path.join(out, "mca")
    goals = [os.path.join(mca_out, t, program.binary) for t in ("x86_64", "riscv64")]
    done = run(["make", "-s", "-f", os.path.join(BENCH_DIR, "build.mk"), "OUT=" + mca_out,
                "SRC=" + os.path.join(out, "src"), "CFLAGS=" + CFLAGS,
                "TARGETS=x86_64 riscv64"] + goals)
    if done.returncode:
        sys.exit("mca: cannot build %s:\n%s" % (program.name, done.stdout + done.stderr))
    return goals


def inputs(out):
    """The bench's input paths (run.py made them under OUT/inputs)."""
    paths = {"text_full": os.path.join(out, "inputs", "text-full"),
             "text_reduced": os.path.join(out, "inputs", "text-reduced"),
             "lua_script": os.path.join(BENCH_DIR, "lua", "bench.lua")}
    return paths


def profile(vm, guest_bin, args, top):
    """One run under --stats=json and -d out_asm: the top regions by loop iterations,
    and {(tier, head pc): [(address, text)]} of the host code made in that run (the
    regions compiled in another run could differ: compiles race the guest)."""
    log = guest_bin + ".out_asm.log"
    done = run(vm + ["--mode", "tiered", "--stats=json", "-d", "out_asm", "-D", log,
                     guest_bin] + args)
    lines = [l for l in done.stderr.splitlines() if l.startswith("{")]
    if not lines:
        sys.exit("mca: no --stats=json from vm-run:\n" + done.stderr[-2000:])
    regions = [r for r in json.loads(lines[-1]).get("tier2_regions", [])
               if r["fate"] == "installed" and r.get("iterations", r["entries"])]
    regions.sort(key=lambda r: r.get("iterations", r["entries"]), reverse=True)
    regions = regions[:top]
    heads = {r["head"] for r in regions}
    code, cur = {}, None
    for line in open(log, errors="replace"):
        head = re.match(r"^OUT: \[(tier[12])\] \S+ \(guest 0x([0-9a-f]+),", line)
        if head:
            pc = int(head.group(2), 16)
            # A later translation of the same head replaces an earlier one.
            cur = code.setdefault((head.group(1), pc), []) if pc in heads else None
            if cur:
                cur.clear()
            continue
        m = INSN.match(line.rstrip("\n"))
        if m and cur is not None:
            cur.append((int(m.group(1), 16), m.group(2)))
        elif not line.strip():
            cur = None
    os.unlink(log)
    return regions, code


def source_line(guest_bin, pc):
    done = run(["riscv64-linux-gnu-addr2line", "-f", "-e", guest_bin, "%#x" % pc])
    fn, _, where = done.stdout.partition("\n")
    path, _, line = where.strip().partition(":")
    line = re.match(r"\d+", line)
    return fn.strip(), os.path.basename(path), int(line.group()) if line else None


def line_addresses(native_bin, path, line):
    """Addresses the native build's line table gives to path:line."""
    done = run(["objdump", "--dwarf=decodedline", native_bin])
    found = []
    for row in done.stdout.splitlines():
        f = row.split()
        if len(f) >= 3 and f[0] == path and f[1] == str(line) and f[2].startswith("0x"):
            found.append(int(f[2], 16))
    return found


def enclosing_function(native_bin, addr):
    """(start, end) of the function symbol holding addr."""
    done = run(["nm", "-S", "--defined-only", native_bin])
    for row in done.stdout.splitlines():
        f = row.split()
        if len(f) == 4 and f[2] in "tTwW":
            start, size = int(f[0], 16), int(f[1], 16)
            if start <= addr < start + size:
                return start, start + size
    return None


def native_code(native_bin, path, line):
    """[(address, text, (file, line))] of the native function that holds path:line,
    Intel syntax; [] when the line has no code."""
    addrs = line_addresses(native_bin, path, line)
    span = enclosing_function(native_bin, addrs[0]) if addrs else None
    if span is None:
        return []
    done = run(["objdump", "-d", "-M", "intel", "--no-show-raw-insn", "--line-numbers",
                "--start-address=%#x" % span[0], "--stop-address=%#x" % span[1], native_bin])
    code, where = [], (None, None)
    for row in done.stdout.splitlines():
        m = re.match(r"^(/\S+|\S+\.[ch]):(\d+)", row)
        if m:
            where = (os.path.basename(m.group(1)), int(m.group(2)))
            continue
        m = re.match(r"^ +([0-9a-f]+):\t(.*)$", row)
        if m:
            text = re.sub(r" +", " ", m.group(2)).strip()
            text = re.sub(r"^(j[a-z]+|call|loop[a-z]*) ([0-9a-f]+) <[^>]*>$", r"\1 0x\2", text)
            code.append((int(m.group(1), 16), text, where))
    return code


def innermost_loop(code, wanted):
    """The instructions of the smallest backward jump range [target, jump] holding an
    instruction for which wanted(index) is true; None when there is none."""
    best = None
    for i, (addr, text, *_) in enumerate(code):
        m = JUMP.match(text.lower())
        if not m:
            continue
        target = int(m.group(2), 16)
        if target > addr:
            continue
        first = next((k for k, c in enumerate(code) if c[0] == target), None)
        if first is None or not any(wanted(k) for k in range(first, i + 1)):
            continue
        if best is None or i - first < best[1] - best[0]:
            best = (first, i)
    return None if best is None else code[best[0]: best[1] + 1]


def assembly(lines):
    """Intel-syntax text llvm-mca assembles: jumps to absolute addresses become labels
    (inside the sequence) or an outside symbol; padding is left out."""
    inside = {addr for addr, *_ in lines}
    targets = set()
    body = []
    for addr, text, *_ in lines:
        if text.startswith(("nop", "int3", ".byte", "data16", "cs nop")):
            continue
        m = re.match(r"^(j[a-z]+|call|loop[a-z]*) +(0x[0-9a-fA-F]+)$", text)
        if m:
            target = int(m.group(2), 16)
            if target in inside:
                targets.add(target)
                text = "%s .L%x" % (m.group(1), target)
            else:
                text = "%s outside" % m.group(1)
        body.append((addr, text))
    out = [".intel_syntax noprefix"]
    for addr, text in body:
        if addr in targets:
            out.append(".L%x:" % addr)
        out.append(text)
    return "\n".join(out) + "\n", len(body)


def mca(lines):
    """llvm-mca's summary of an instruction sequence (Intel syntax), or its error."""
    text, count = assembly(lines)
    done = run([MCA, "-mcpu=native", "-iterations=100"], input=text)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[0] if done.stderr else "failed"}
    out = {}
    for key, name in (("instructions", "Instructions"), ("uops", "Total uOps"),
                      ("cycles", "Total Cycles"), ("rthroughput", "Block RThroughput"),
                      ("ipc", "IPC")):
        m = re.search(r"^%s: +([0-9.]+)" % re.escape(name), done.stdout, re.M)
        out[key] = float(m.group(1)) if m else None
    out["instructions_per_iteration"] = count
    return out


def fmt(cell, key):
    if cell is None:
        return "-"
    if "error" in cell:
        return "mca error"
    v = cell.get(key)
    return "-" if v is None else ("%.2f" % v if isinstance(v, float) and v % 1 else "%d" % v)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program")
    parser.add_argument("--vm", default=os.path.join(ROOT, "build", "bin", "vm-run"))
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    parser.add_argument("--size", default="full", choices=("reduced", "full"))
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--args", help="the program's arguments instead of --size's")
    parser.add_argument("--vm-option", action="append", default=[],
                        help="an option for vm-run (e.g. --vm-option=--tier-threshold=100)")
    opts = parser.parse_args()
    program = next((p for p in PROGRAMS if p.name == opts.program), None)
    if program is None:
        parser.error("unknown program %s (%s)" % (opts.program,
                                                  ", ".join(p.name for p in PROGRAMS)))
    out, vm = os.path.abspath(opts.out), [os.path.abspath(opts.vm)] + opts.vm_option
    native_bin, guest_bin = build(out, program)
    args = opts.args.split() if opts.args else program.args[opts.size](inputs(out))
    regions, code = profile(vm, guest_bin, args, opts.top)
    if not regions:
        sys.exit("mca: %s ran no tier-2 loop at this size" % program.name)
    results = []
    for r in regions:
        fn, path, line = source_line(guest_bin, r["head"])
        native = native_code(native_bin, path, line) if line else []
        nloop = innermost_loop(native, lambda k: native[k][2] == (path, line))
        t2 = code.get(("tier2", r["head"]), [])
        # The region's loop: its innermost backward jump (the head's back edge).
        t2loop = innermost_loop([(a, t) for a, t in t2], lambda k: True) if t2 else None
        t1 = code.get(("tier1", r["head"]))
        results.append({
            "head": "%#x" % r["head"], "function": fn, "source": "%s:%s" % (path, line),
            "iterations": r.get("iterations"), "blocks": r["blocks"],
            "guest_insns": r["guest_insns"],
            "native": mca(nloop) if nloop else None,
            "tier2": mca(t2loop) if t2loop else None,
            "tier1_head_block": mca(t1) if t1 else None,
        })
    print("llvm-mca (%s -mcpu=native): %s %s; hottest tier-2 regions by loop "
          "iterations" % (MCA, program.name, " ".join(args)))
    for res in results:
        print("\nregion %s in %s (%s), %s iterations, %d blocks, %d guest insns"
              % (res["head"], res["function"], res["source"], res["iterations"],
                 res["blocks"], res["guest_insns"]))
        cols = [("native loop", res["native"]), ("tier-2 loop", res["tier2"]),
                ("tier-1 head block", res["tier1_head_block"])]
        print("  %-28s" % "" + "".join("%18s" % c for c, _ in cols))
        for key, label in (("instructions_per_iteration", "instructions"),
                           ("uops", "uops (100 iterations)"),
                           ("rthroughput", "block rthroughput (cycles)"),
                           ("ipc", "IPC")):
            print("  %-28s" % label + "".join("%18s" % fmt(c, key) for _, c in cols))
        for name, cell in cols:
            if cell and "error" in cell:
                print("  %s: %s" % (name, cell["error"]))
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump({"program": program.name, "args": args, "regions": results}, f,
                      indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
