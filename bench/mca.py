#!/usr/bin/env python3
"""llvm-mca comparison (issue 2.7 item 1): for one bench program and one guest, the
hottest tier-2 regions vm-run compiles beside the loops the native compiler made from the
same source lines, all analysed by llvm-mca for this machine's CPU.

    python3 bench/mca.py PROGRAM [--guest riscv64|x86_64|aarch64] [--vm build/bin/vm-run]
                         [--out build/bench] [--size full|reduced] [--top N] [--json FILE]
                         [--args "ARGS"] [--vm-option=OPTION ...]

Steps:
1. build.mk builds PROGRAM for x86-64 and the guest with the bench's flags plus -g into
   OUT/mca/ (debug information does not change GCC's code; for an x86-64 guest the guest
   is the native build itself);
2. `vm-run --mode tiered --stats=json` on the guest build lists every region (head pc,
   blocks, guest and IR instructions, compile CPU, entries, loop iterations); the TOP
   with most iterations are the hot loops; `-d out_asm` in the same run logs their host
   code (tier 2, and tier 1's block at the head);
3. each head's source line (the guest's addr2line) is found in the native build
   (objdump --line-numbers): the innermost backward jump whose range holds an instruction
   of that line is the native loop;
4. the tier-2 loop is the innermost backward jump of the region's code, tier 1's the
   innermost backward jump of the head block (a one-block loop) or else the whole block;
   llvm-mca-19 -mcpu=native analyses the three: instructions, uops, block reciprocal
   throughput, IPC, the resource pressure per iteration (summed per resource group),
   and a "what costs" line per vm column: what it executes per iteration beyond the
   native loop (loads, stores, spills to the stack, exits, tier 1's guest-state and
   arena-limit accesses) and the resource groups whose pressure grows most.

run.py --mca runs this for every program and guest and puts the tables in its report,
JSON and mca.svg.
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

# The guests' binutils prefix (addr2line) and build.mk target name.
GUEST_TOOLS = {"riscv64": "riscv64-linux-gnu-", "x86_64": "", "aarch64": "aarch64-linux-gnu-"}
# Tier 1's fixed host registers (lib/codegen/t1_internal.h): guest state, arena limit.
T1_STATE_REG, T1_LIMIT_REG = "r15", "r13"

INSN = re.compile(r"^0x([0-9a-f]+):  (.*)$")
JUMP = re.compile(r"^(j[a-z]+|loop[a-z]*) +(0x[0-9a-fA-F]+)$")


class McaError(Exception):
    """A step that cannot go on for this program (reported, not fatal to run.py)."""


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def build(out, program, guest):
    """(native binary, guest binary) built with -g; the same file for an x86-64 guest."""
    mca_out = os.path.join(out, "mca")
    targets = ["x86_64"] + ([guest] if guest != "x86_64" else [])
    goals = [os.path.join(mca_out, t, program.binary) for t in targets]
    done = run(["make", "-s", "-f", os.path.join(BENCH_DIR, "build.mk"), "OUT=" + mca_out,
                "SRC=" + os.path.join(out, "src"), "CFLAGS=" + CFLAGS,
                "TARGETS=" + " ".join(targets)] + goals)
    if done.returncode:
        raise McaError("cannot build %s for %s:\n%s" % (program.name, guest,
                                                       done.stdout + done.stderr))
    return goals[0], goals[-1]


def inputs(out):
    """The bench's input paths (run.py made them under OUT/inputs)."""
    paths = {"text_full": os.path.join(out, "inputs", "text-full"),
             "text_reduced": os.path.join(out, "inputs", "text-reduced"),
             "lua_script": os.path.join(BENCH_DIR, "lua", "bench.lua")}
    return paths


def host_samples(data):
    """{host address: samples} of a perf.data file, or {} when perf cannot read it."""
    done = run(["perf", "script", "-F", "ip", "-i", data])
    counts = {}
    for line in done.stdout.split():
        try:
            ip = int(line, 16)
        except ValueError:
            continue
        counts[ip] = counts.get(ip, 0) + 1
    return counts


def profile(vm, guest_bin, args, top):
    """One run under --stats=json and -d out_asm, sampled by `perf record -e cpu-clock`
    when perf is there: the top regions by loop iterations, {(tier, head pc): [(address,
    text)]} of the host code made in that run (the regions compiled in another run could
    differ: compiles race the guest), and {host address: samples}."""
    log = guest_bin + ".out_asm.log"
    data = guest_bin + ".perf.data"
    argv = vm + ["--mode", "tiered", "--stats=json", "-d", "out_asm", "-D", log,
                 guest_bin] + args
    perf = ["perf", "record", "-q", "-e", "cpu-clock", "-F", "2000", "-o", data, "--"]
    done = run(perf + argv)
    samples = host_samples(data) if done.returncode == 0 else {}
    if done.returncode and "--stats" not in done.stderr:
        done = run(argv)  # perf missing or not allowed to sample: no samples
    if os.path.exists(data):
        os.unlink(data)
    lines = [l for l in done.stderr.splitlines() if l.startswith("{")]
    if not lines:
        raise McaError("no --stats=json from vm-run:\n" + done.stderr[-2000:])
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
    return regions, code, samples


def source_line(guest, guest_bin, pc):
    done = run([GUEST_TOOLS[guest] + "addr2line", "-f", "-e", guest_bin, "%#x" % pc])
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


def native_code(native_bin, path, line, addr=None):
    """[(address, text, (file, line))] of the native function that holds path:line (or
    the address addr), Intel syntax; [] when the line has no code."""
    if addr is None:
        addrs = line_addresses(native_bin, path, line)
        addr = addrs[0] if addrs else None
    span = enclosing_function(native_bin, addr) if addr is not None else None
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


def backward_jumps(code, wanted):
    """[(first, last)] index ranges of the backward jumps in code whose range holds an
    instruction for which wanted(index) is true."""
    found = []
    for i, (addr, text, *_) in enumerate(code):
        m = JUMP.match(text.lower())
        if not m:
            continue
        target = int(m.group(2), 16)
        if target > addr:
            continue
        first = next((k for k, c in enumerate(code) if c[0] == target), None)
        if first is not None and any(wanted(k) for k in range(first, i + 1)):
            found.append((first, i))
    return found


def innermost_loop(code, wanted):
    """The instructions of the smallest backward jump range [target, jump] holding an
    instruction for which wanted(index) is true; None when there is none."""
    loops = backward_jumps(code, wanted)
    if not loops:
        return None
    first, last = min(loops, key=lambda r: r[1] - r[0])
    return code[first: last + 1]


def hot_loop(code, samples):
    """(instructions, how found) of the loop a vm translation spends its time in: the
    smallest loop (backward jump range) holding at least half of the translation's
    perf samples; without samples, the first innermost loop in layout order (one
    holding no other back edge: translations lay their hot path out first and their
    out-of-line exits after it). (None, None) when the code has no loop."""
    loops = backward_jumps(code, lambda k: True)
    if not loops:
        return None, None
    hits = [samples.get(addr, 0) for addr, *_ in code]
    total = sum(hits)
    if total >= 20:
        hot = [(f, l) for f, l in loops if sum(hits[f: l + 1]) * 2 >= total]
        if hot:
            first, last = min(hot, key=lambda r: r[1] - r[0])
            return code[first: last + 1], "samples"
    inner = [(f, l) for f, l in loops
             if not any((f2, l2) != (f, l) and f <= f2 and l2 <= l for f2, l2 in loops)]
    first, last = min(inner)
    return code[first: last + 1], "layout"


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


def instruction_info(stdout):
    """[(may_load, may_store, text)] per instruction of one iteration, from llvm-mca's
    "Instruction Info" table (its MayLoad and MayStore columns are marked with '*')."""
    rows, header = [], None
    for line in stdout.splitlines():
        if header is None:
            if line.startswith("[1]") and "Instructions:" in line:
                header = line
            continue
        if not line.strip():
            break
        load_col, store_col, text_col = (header.index("[4]"), header.index("[5]"),
                                         header.index("Instructions:"))
        flag = lambda col: line[col:col + 3].strip() == "*"  # noqa: E731
        rows.append((flag(load_col), flag(store_col), line[text_col:].strip()))
    return rows


def resource_pressure(stdout):
    """{resource kind: cycles per iteration}: llvm-mca's per-unit pressure summed over
    the units of a kind (Zn4LSU's three pipes, Zn4ALU0 to Zn4ALU3: one kind each)."""
    names = dict(re.findall(r"^\[([0-9.]+)\]\s+- (\S+)$", stdout, re.M))
    lines = stdout.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("Resource pressure per iteration:") and i + 2 < len(lines):
            ids = re.findall(r"\[([0-9.]+)\]", lines[i + 1])
            values = lines[i + 2].split()
            groups = {}
            for rid, value in zip(ids, values):
                if value != "-":
                    name = re.sub(r"\d+$", "", names.get(rid, rid))
                    groups[name] = round(groups.get(name, 0.0) + float(value), 2)
            return groups
    return {}


def mca(lines):
    """llvm-mca's analysis of an instruction sequence (Intel syntax): summary figures,
    per-iteration counts and resource pressure; or {"error": ...}."""
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
    info = instruction_info(done.stdout)
    inside = {addr for addr, *_ in lines}
    exits = 0
    for _, insn, *_ in lines:
        m = JUMP.match(insn.lower())
        if m and m.group(1) not in ("jmp",) and int(m.group(2), 16) not in inside:
            exits += 1
    out["counts"] = {
        "loads": sum(1 for load, _, _ in info if load),
        "stores": sum(1 for _, store, _ in info if store),
        "stack": sum(1 for _, _, t in info if re.search(r"\[rsp\b", t)),
        "exits": exits,
        "state": sum(1 for _, _, t in info if re.search(r"\[%s\b" % T1_STATE_REG, t)),
        "limit_checks": sum(1 for _, _, t in info
                            if re.match(r"cmp\s.*\b%s\b" % T1_LIMIT_REG, t)),
    }
    out["pressure"] = resource_pressure(done.stdout)
    return out


COST_WORDS = (("loads", "loads"), ("stores", "stores"), ("stack", "stack accesses (spills, reloads)"),
              ("exits", "exits (jcc out of the loop)"))


def costs(cell, native, tier1):
    """What a vm column executes per iteration beyond the native loop, and the resource
    groups whose pressure grows most: one line."""
    if not cell or "error" in cell:
        return None
    base = native["counts"] if native and "error" not in native else None
    parts = []
    if base:
        parts.append("%+d instructions" % (cell["instructions_per_iteration"]
                                           - native["instructions_per_iteration"]))
    for key, word in COST_WORDS:
        extra = cell["counts"][key] - (base[key] if base else 0)
        if extra > 0:
            parts.append("%+d %s" % (extra, word))
    if tier1:
        for key, word in (("state", "guest-state accesses (%s)" % T1_STATE_REG),
                          ("limit_checks", "arena limit checks (cmp %s)" % T1_LIMIT_REG)):
            if cell["counts"][key]:
                parts.append("%d %s" % (cell["counts"][key], word))
    if base:
        grown = sorted(((v - native["pressure"].get(k, 0.0), k)
                        for k, v in cell["pressure"].items()), reverse=True)
        grown = ["%s +%.2f" % (k, d) for d, k in grown[:3] if d >= 0.25]
        if grown:
            parts.append("pressure " + ", ".join(grown) + " cycles")
    return "; ".join(parts) if parts else "nothing beyond the native loop"


def analyse(program, guest, vm, out, args, top):
    """The comparison of PROGRAM's TOP hottest loops on GUEST: a JSON-able dict."""
    native_bin, guest_bin = build(out, program, guest)
    regions, code, samples = profile(vm, guest_bin, args, top)
    if not regions:
        raise McaError("%s ran no tier-2 loop at this size" % program.name)
    results = []
    for r in regions:
        fn, path, line = source_line(guest, guest_bin, r["head"])
        if guest == "x86_64":
            # The guest is the native build: its loop is the one around the head itself.
            native = native_code(native_bin, path, line, addr=r["head"])
            nloop = innermost_loop(native, lambda k: native[k][0] == r["head"])
        else:
            native = native_code(native_bin, path, line) if line else []
            nloop = innermost_loop(native, lambda k: native[k][2] == (path, line))
        t2 = code.get(("tier2", r["head"]), [])
        t2loop, t2how = hot_loop(t2, samples) if t2 else (None, None)
        t1 = code.get(("tier1", r["head"]))
        t1loop, t1how = hot_loop(t1, samples) if t1 else (None, None)
        cells = {"native": mca(nloop) if nloop else None,
                 "tier2": mca(t2loop) if t2loop else None,
                 "tier1": mca(t1loop or t1) if t1 else None}
        results.append(dict(
            head="%#x" % r["head"], function=fn,
            source="%s:%s" % (path, line) if line else "%s@%#x" % (fn, r["head"]),
            iterations=r.get("iterations"), blocks=r["blocks"], guest_insns=r["guest_insns"],
            tier1_kind="loop" if t1loop else "block",
            loop_found_by={"tier2": t2how, "tier1": t1how},
            costs={"tier2": costs(cells["tier2"], cells["native"], False),
                   "tier1": costs(cells["tier1"], cells["native"], True)},
            **cells))
    return {"program": program.name, "guest": guest, "args": args, "regions": results}


def fmt(cell, key):
    if cell is None:
        return "-"
    if "error" in cell:
        return "mca error"
    v = cell.get(key)
    return "-" if v is None else ("%.2f" % v if isinstance(v, float) and v % 1 else "%d" % v)


def text_report(result):
    """The tables of one analyse() result."""
    out = ["llvm-mca (%s -mcpu=native): %s on %s, %s; hottest tier-2 regions by loop "
           "iterations" % (MCA, result["program"], result["guest"], " ".join(result["args"]))]
    for res in result["regions"]:
        out.append("\nregion %s in %s (%s), %s iterations, %d blocks, %d guest insns"
                   % (res["head"], res["function"], res["source"], res["iterations"],
                      res["blocks"], res["guest_insns"]))
        cols = [("native loop", res["native"]), ("tier-2 loop", res["tier2"]),
                ("tier-1 " + res["tier1_kind"], res["tier1"])]
        out.append("  %-28s" % "" + "".join("%18s" % c for c, _ in cols))
        for key, label in (("instructions_per_iteration", "instructions"),
                           ("uops", "uops (100 iterations)"),
                           ("rthroughput", "block rthroughput (cycles)"),
                           ("ipc", "IPC")):
            out.append("  %-28s" % label + "".join("%18s" % fmt(c, key) for _, c in cols))
        for name, cell in cols:
            if cell and "error" in cell:
                out.append("  %s: %s" % (name, cell["error"]))
        for tier in ("tier2", "tier1"):
            if res["costs"][tier]:
                out.append("  what costs, %s: %s" % (tier.replace("tier", "tier "),
                                                     res["costs"][tier]))
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program")
    parser.add_argument("--guest", default="riscv64", choices=sorted(GUEST_TOOLS))
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
    args = opts.args.split() if opts.args else program.args[opts.size](inputs(out))
    try:
        result = analyse(program, opts.guest, vm, out, args, opts.top)
    except McaError as e:
        sys.exit("mca: %s" % e)
    print(text_report(result))
    if opts.json:
        with open(opts.json, "w") as f:
            json.dump(result, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
