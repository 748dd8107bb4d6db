"""What the bench runs: each program with its arguments for the two size classes.

"full" runs at least 1 s natively and is what native, QEMU and the fast vm-run modes
run; "reduced" keeps the interpreter near 10 s a run. Arguments are built from `paths`
(see run.py) so that guests and hosts open the same absolute files.
"""
import re

# speedtest1 prints its own timing after every test: strip it before comparing outputs.
SPEEDTEST_TIMING = re.compile(rb" +[0-9]+\.[0-9]+s$", re.M)


class Program:
    def __init__(self, name, binary, origin, full, reduced, normalize=None, package=None):
        self.name = name
        self.binary = binary
        self.origin = origin          # where the code comes from, shown in the README
        self.package = package        # the Debian source package it is built from, or None
        self.args = {"full": full, "reduced": reduced}
        self.normalize = normalize    # bytes -> bytes applied to stdout before comparing


def lua_script(paths, *numbers):
    return [paths["lua_script"]] + [str(n) for n in numbers]


PROGRAMS = [
    Program("sqlite", "sqlite_speedtest1", "Debian sqlite3: test/speedtest1.c + amalgamation",
            lambda p: ["--size", "80", "--memdb"],
            lambda p: ["--size", "3", "--memdb"],
            normalize=lambda out: SPEEDTEST_TIMING.sub(b"", out), package="sqlite3"),
    Program("bzip2", "bzip2", "Debian bzip2: bzip2 -9 compressing C source text",
            lambda p: ["-9", "-c", p["text_full"]],
            lambda p: ["-9", "-c", p["text_reduced"]], package="bzip2"),
    Program("zlib", "zlib_bench", "Debian zlib, driven by bench/drivers/zlib_bench.c",
            lambda p: [p["text_full"], "2"],
            lambda p: [p["text_reduced"], "3"], package="zlib"),
    Program("lua", "lua", "Debian lua5.4 running bench/lua/bench.lua",
            lambda p: lua_script(p, 9, 500000, 400),
            lambda p: lua_script(p, 8, 5000, 60), package="lua5.4"),
    Program("hash_sort", "hash_sort", "bench/kernels/hash_sort.c",
            lambda p: ["9000000"],
            lambda p: ["2500000"]),
    Program("matmul", "matmul", "bench/kernels/matmul.c",
            lambda p: ["512", "16"],
            lambda p: ["128", "16"]),
    Program("strings", "strings", "bench/kernels/strings.c",
            lambda p: ["200000", "40"],
            lambda p: ["30000", "10"]),
]

# Start-up rows: the whole run is start-up, so it is timed over more runs.
STARTUP = [("hello-static", "hello-static"), ("hello-dynamic", "hello-dynamic")]
STARTUP_RUNS = 10
