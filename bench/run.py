#!/usr/bin/env python3
"""vm bench: runs every program natively, under QEMU and under vm-run in each mode it
reports, checks every output against native, and writes a table, JSON and an SVG plot.

    python3 bench/run.py [--vm build/bin/vm-run] [--out build/bench] [--runs N] [--only a,b]
                         [--modes m,...] [--guests g,...] [--mca] [--mca-size full|reduced]

--mca adds the llvm-mca comparison of each program's hottest loops (bench/mca.py) for
every guest: a table per program in the report, "mca" in the JSON and mca.svg.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mca  # noqa: E402
import measure  # noqa: E402
import plot  # noqa: E402
import report  # noqa: E402
from programs import PROGRAMS, STARTUP, STARTUP_RUNS  # noqa: E402

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
TIMEOUT_S = 600

# Guests vm-run may report, with the cross compiler that builds for them and QEMU's
# user-mode emulator (plus its options for dynamic programs).
GUESTS = {
    "riscv64": {"cc": "riscv64-linux-gnu-gcc", "qemu": "qemu-riscv64",
                "qemu_dynamic": ["-L", "/usr/riscv64-linux-gnu"]},
    "x86_64": {"cc": "gcc", "qemu": "qemu-x86_64", "qemu_dynamic": []},
    "aarch64": {"cc": "aarch64-linux-gnu-gcc", "qemu": "qemu-aarch64",
                "qemu_dynamic": ["-L", "/usr/aarch64-linux-gnu"]},
}
NATIVE = "x86_64"


class Runner:
    """One way of running a program: a column of the report."""

    def __init__(self, name, kind, guest, prefix, sizes, qemu=None):
        self.name = name        # column label
        self.kind = kind        # native | qemu | vm
        self.guest = guest      # whose binaries it runs (build/bench/<guest>/)
        self.prefix = prefix    # argv before the program
        self.sizes = sizes      # size classes it runs
        self.qemu = qemu        # name of the QEMU runner it is compared with


def vm_capabilities(vm):
    text = subprocess.run([vm, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"guests: ([^;)]+); modes: ([^;)]+)", text)
    if match is None:
        sys.exit("bench: cannot parse `%s --version`: %r" % (vm, text))
    split = lambda field: [w for w in re.split(r"[,\s]+", field) if w]  # noqa: E731
    return text.strip(), split(match.group(1)), split(match.group(2))


def make_runners(vm, guests, modes):
    runners = [Runner("native", "native", NATIVE, [], ["full", "reduced"])]
    for guest in guests:
        qemu_name = None
        if shutil.which(GUESTS[guest]["qemu"]):
            qemu_name = GUESTS[guest]["qemu"]
            runners.append(Runner(qemu_name, "qemu", guest, [qemu_name], ["full", "reduced"]))
        suffix = "" if guest == "riscv64" else "-" + guest
        for mode in modes:
            # The interpreter only gets the reduced inputs: the full ones would take hours.
            # So does --mode llvm, which waits for LLVM on every new block (a test mode).
            sizes = ["reduced"] if mode in ("interp", "llvm") else ["full"]
            runners.append(Runner("vm-" + mode + suffix, "vm", guest,
                                  [vm, "--mode", mode], sizes, qemu_name))
    return runners


def build_goals(out, targets, goals, jobs, log_name):
    """Runs build.mk for goals (paths under out); None, or why they could not be built."""
    logs = os.path.join(out, "logs")
    os.makedirs(logs, exist_ok=True)
    log = os.path.join(logs, "build-%s.log" % log_name)
    with open(log, "w") as f:
        done = subprocess.run(["make", "-s", "-f", os.path.join(BENCH_DIR, "build.mk"),
                               "-j" + jobs, "OUT=" + out, "TARGETS=" + " ".join(targets)]
                              + goals, stdout=f, stderr=subprocess.STDOUT)
    if done.returncode == 0:
        return None
    lines = [l.strip() for l in open(log, errors="replace") if l.strip()]
    said = [l for l in lines if "error" in l.lower() or l.startswith("build.mk:")]
    return "build failed: %s (%s)" % ((said or lines or ["make failed"])[0], log)


def text_input(out):
    """Compression input: real C text. The SQLite amalgamation the build generated, or,
    when SQLite could not be fetched, this project's own C sources (said in the JSON)."""
    amalgamation = os.path.join(out, "gen", "sqlite3.c")
    if os.path.exists(amalgamation):
        return open(amalgamation, "rb").read(), "the SQLite amalgamation"
    text = b""
    for top, dirs, files in sorted(os.walk(os.path.join(ROOT, "lib"))):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                text += open(os.path.join(top, name), "rb").read()
    # About the amalgamation's 8.5 MB.
    return (text * (8_500_000 // max(len(text), 1) + 1))[:8_500_000], "vm's own C sources"


def prepare(out, guests, programs):
    """Fetches the sources, builds every program for the host and each guest, makes inputs.
    Returns the targets, the input paths and {program name: why it is skipped}: a program
    whose source package cannot be fetched, or that does not build, is left out with a
    line in the report instead of ending the bench."""
    started = time.monotonic()
    src = os.path.join(out, "src")
    # sqlite3 always: its amalgamation is the compression programs' input.
    packages = sorted({p.package for p in programs if p.package} | {"sqlite3"})
    if packages and subprocess.run([os.path.join(BENCH_DIR, "fetch-sources.sh"), src]
                                   + packages).returncode != 0:
        print("bench: fetch-sources.sh failed; programs without sources are skipped")
    targets = [NATIVE] + [g for g in guests if g != NATIVE and shutil.which(GUESTS[g]["cc"])]
    jobs = os.environ.get("BENCH_JOBS", "2")
    # Our own helper and start-up programs must build.
    binaries = lambda names: [os.path.join(out, t, b) for t in targets for b in names]  # noqa: E731
    why = build_goals(out, targets, [os.path.join(out, "measure_exec")], jobs, "measure_exec")
    why = why or build_goals(out, targets, binaries([b for _, b in STARTUP]), jobs, "startup")
    if why:
        sys.exit("bench: " + why)
    skipped = {}
    for program in programs:
        missing = os.path.join(src, ".%s.missing" % program.package)
        if program.package and os.path.exists(missing):
            skipped[program.name] = "source package %s could not be fetched: %s" % (
                program.package, open(missing).read().strip())
            continue
        why = build_goals(out, targets, binaries([program.binary]), jobs, program.name)
        if why:
            skipped[program.name] = why
    for name, why in skipped.items():
        print("bench: skipping %s: %s" % (name, why))
    if not os.path.exists(os.path.join(src, ".sqlite3.missing")):
        build_goals(out, targets, [os.path.join(out, "gen", "sqlite3.c")], jobs, "amalgamation")
    text, text_origin = text_input(out)
    inputs = os.path.join(out, "inputs")
    os.makedirs(inputs, exist_ok=True)
    paths = {"text_full": os.path.join(inputs, "text-full"),
             "text_reduced": os.path.join(inputs, "text-reduced"),
             "lua_script": os.path.join(BENCH_DIR, "lua", "bench.lua"),
             "text_origin": text_origin}
    for key, data in (("text_full", text * 2), ("text_reduced", text[:1 << 20])):
        if (not os.path.exists(paths[key]) or os.path.getsize(paths[key]) != len(data)
                or open(paths[key], "rb").read() != data):
            with open(paths[key], "wb") as f:
                f.write(data)
    print("bench: sources, builds and inputs ready in %.0f s" % (time.monotonic() - started))
    return targets, paths, skipped


def measure_runner(out, runner, binary, args, runs, normalize, expected):
    """Runs one program under one runner `runs` times; returns (Stats, digest) or a failure."""
    argv = runner.prefix + [os.path.join(out, runner.guest, binary)] + args
    results = []
    for _ in range(runs):
        run = measure.run_once(os.path.join(out, "measure_exec"), argv, TIMEOUT_S, normalize)
        failure = measure.describe_failure(run, expected or run.digest)
        if failure is not None:
            return None, failure, " ".join(argv)
        expected = expected or run.digest
        results.append(run)
    return measure.Stats(results), expected, None


def bench_programs(out, runners, targets, paths, runs, programs, skipped):
    rows, failures = [], []
    for program in programs:
        if program.name in skipped:
            continue
        row = {"name": program.name, "origin": program.origin, "sizes": {}}
        for size in ("full", "reduced"):
            args = program.args[size](paths)
            cells, native_digest = {}, None
            for runner in runners:
                if size not in runner.sizes or runner.guest not in targets:
                    continue
                print("bench: %-10s %-8s %-14s" % (program.name, size, runner.name),
                      end="", flush=True)
                stats, digest, failed_argv = measure_runner(
                    out, runner, program.binary, args, runs, program.normalize, native_digest)
                if stats is None:
                    print(" FAILED: %s" % digest)
                    failures.append("%s (%s) under %s: %s\n    %s"
                                    % (program.name, size, runner.name, digest, failed_argv))
                    continue
                native_digest = native_digest or digest
                print(" %8.3f s" % stats.wall)
                cells[runner.name] = stats
            row["sizes"][size] = {"args": args, "cells": cells}
        rows.append(row)
    return rows, failures


def bench_startup(out, runners, targets):
    """Start-up rows; a vm-run that refuses a program is reported, not failed."""
    rows, failures = [], []
    for name, binary in STARTUP:
        cells, native_digest = {}, None
        for runner in runners:
            if runner.guest not in targets:
                continue
            prefix = list(runner.prefix)
            if runner.kind == "qemu" and binary.endswith("dynamic"):
                prefix += GUESTS[runner.guest]["qemu_dynamic"]
            probe = Runner(runner.name, runner.kind, runner.guest, prefix, runner.sizes)
            stats, result, failed_argv = measure_runner(out, probe, binary, [], STARTUP_RUNS,
                                                        None, native_digest)
            if stats is not None:
                native_digest = native_digest or result
                cells[runner.name] = stats
            elif runner.kind == "vm" and binary.endswith("dynamic"):
                cells[runner.name] = {"status": "n/a (refused)", "reason": result}
            else:
                cells[runner.name] = {"status": "FAILED", "reason": result}
                failures.append("%s under %s: %s\n    %s" % (name, runner.name, result, failed_argv))
        rows.append({"name": name, "cells": cells})
    return rows, failures


def flag_pass_shares(out, runners, paths, programs, skipped):
    """For x86-64 guests: the share of flag writes the dead-flag pass removed in each
    program (lifted blocks, one --stats=json run of the full input under tiered)."""
    shares = []
    vm = next((r for r in runners if r.kind == "vm" and r.guest == "x86_64"
               and r.prefix[-1] == "tiered"), None)
    if vm is None:
        return shares
    for program in programs:
        if program.name in skipped:
            continue
        argv = vm.prefix + ["--stats=json", os.path.join(out, vm.guest, program.binary)]
        argv += program.args["full"](paths)
        run = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             timeout=TIMEOUT_S)
        lines = [l for l in run.stderr.decode(errors="replace").splitlines()
                 if l.startswith("{")]
        if not lines:
            continue
        stats = json.loads(lines[-1])
        shares.append({"name": program.name, "flag_puts": stats["flag_puts"],
                       "removed": stats["flag_puts_removed"],
                       "ops_removed": stats["flag_ops_removed"]})
    return shares


# The loops are compared at a low tier-up threshold: what tier 2 makes of a loop even
# where the cost model would leave it to tier 1 at the default.
MCA_VM_OPTIONS = ["--tier-threshold=100"]


def mca_comparisons(out, vm, guests, programs, paths, skipped, size, top):
    """bench/mca.py's analysis of every program on every guest: a list of its results,
    or {"program", "guest", "error"} where a step failed (e.g. no loop reached tier 2)."""
    found = []
    for guest in guests:
        for program in programs:
            if program.name in skipped:
                continue
            print("bench: llvm-mca %s on %s" % (program.name, guest), flush=True)
            try:
                found.append(mca.analyse(program, guest, [vm] + MCA_VM_OPTIONS, out,
                                         program.args[size](paths), top))
            except mca.McaError as e:
                found.append({"program": program.name, "guest": guest,
                              "error": str(e).splitlines()[0]})
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vm", default=os.path.join(ROOT, "build", "bin", "vm-run"))
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "bench"))
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", "3")))
    parser.add_argument("--only", default="", help="comma-separated program names")
    parser.add_argument("--modes", default="",
                        help="comma-separated vm-run modes (default: every mode it reports)")
    parser.add_argument("--guests", default="",
                        help="comma-separated guests (default: every guest it reports)")
    parser.add_argument("--mca", action="store_true",
                        help="also compare each program's hottest loops with llvm-mca")
    parser.add_argument("--mca-size", default="full", choices=("full", "reduced"))
    parser.add_argument("--mca-top", type=int, default=2)
    opts = parser.parse_args()
    out, vm = os.path.abspath(opts.out), os.path.abspath(opts.vm)
    only = set(filter(None, opts.only.split(",")))
    unknown = only - {p.name for p in PROGRAMS}
    if unknown:
        parser.error("unknown program(s): %s" % ", ".join(sorted(unknown)))

    started = time.monotonic()
    version, guests, modes = vm_capabilities(vm)
    for name, chosen, known in (("mode", opts.modes, modes), ("guest", opts.guests, guests)):
        bad = set(filter(None, chosen.split(","))) - set(known)
        if bad:
            parser.error("vm-run has no %s %s" % (name, ", ".join(sorted(bad))))
    if opts.modes:
        modes = [m for m in modes if m in opts.modes.split(",")]
    if opts.guests:
        guests = [g for g in guests if g in opts.guests.split(",")]
    programs = [p for p in PROGRAMS if not only or p.name in only]
    targets, paths, skipped = prepare(out, guests, programs)
    runners = make_runners(vm, guests, modes)
    rows, failures = bench_programs(out, runners, targets, paths, opts.runs, programs,
                                    skipped)
    startup, startup_failures = bench_startup(out, runners, targets)
    failures += startup_failures
    shares = flag_pass_shares(out, runners, paths, programs, skipped)

    result = report.build(rows, startup, runners, version, opts.runs, STARTUP_RUNS,
                          time.monotonic() - started)
    result["skipped"] = [{"name": n, "reason": r} for n, r in skipped.items()]
    result["text_input"] = paths["text_origin"]
    result["flag_pass"] = shares
    if opts.mca:
        result["mca"] = mca_comparisons(out, vm, guests, programs, paths, skipped,
                                        opts.mca_size, opts.mca_top)
    report.write_json(result, os.path.join(out, "results.json"))
    plot.write_svg(result, os.path.join(out, "results.svg"))
    wrote = [os.path.join(out, "results.json"), os.path.join(out, "results.svg")]
    if opts.mca:
        wrote.append(os.path.join(out, "mca.svg"))
        plot.write_mca_svg(result, wrote[-1])
    print()
    print(report.text_table(result))
    print("\nbench: wrote " + ", ".join(wrote))
    if failures:
        print("\nbench: FAILED, %d mismatch(es) or error(s):" % len(failures))
        for failure in failures:
            print("  " + failure)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
