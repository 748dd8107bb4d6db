#!/usr/bin/env python3
"""Checks a jitdump file (Linux's tools/perf/Documentation/
jitdump-specification.txt) as vm-run --jitdump writes it: the header, then
JIT_CODE_LOAD records (code bytes included) and at most one JIT_CODE_CLOSE
at the end. Prints one line per problem and exits 1 on any.

    jitdump_check.py FILE PID [NAME-REGEX]

NAME-REGEX: some record's name must match it (e.g. 'guest:main ')."""
import re
import struct
import sys

HEADER = struct.Struct("<IIIIIIQQ")
PREFIX = struct.Struct("<IIQ")
LOAD = struct.Struct("<IIQQQQ")
EM_X86_64 = 62


def check(path, pid, want):
    data = open(path, "rb").read()
    errors = []
    if len(data) < HEADER.size:
        return ["shorter than the header"], 0
    magic, version, hsize, mach, _, hpid, _, flags = HEADER.unpack_from(data)
    if magic != 0x4A695444:
        errors.append(f"magic {magic:#x}")
    if version != 1 or hsize != HEADER.size or mach != EM_X86_64:
        errors.append(f"version {version}, header size {hsize}, machine {mach}")
    if hpid != pid:
        errors.append(f"header pid {hpid}, not {pid}")
    if flags:
        errors.append(f"flags {flags:#x}")
    off, loads, index, last_ts, closed, named = hsize, 0, -1, 0, False, False
    while off < len(data) and not errors:
        if closed:
            errors.append(f"record after JIT_CODE_CLOSE at {off}")
            break
        if len(data) - off < PREFIX.size:
            errors.append(f"truncated record at {off}")
            break
        rid, size, ts = PREFIX.unpack_from(data, off)
        if size < PREFIX.size or off + size > len(data):
            errors.append(f"record at {off}: size {size}")
            break
        if ts < last_ts:
            errors.append(f"record at {off}: timestamp goes back")
        last_ts = ts
        if rid == 3:
            closed = True
        elif rid == 0:
            rpid, tid, vma, addr, csize, cindex = LOAD.unpack_from(
                data, off + PREFIX.size)
            body = data[off + PREFIX.size + LOAD.size: off + size]
            name, nul, code = body.partition(b"\0")
            if not nul or len(code) != csize or csize == 0:
                errors.append(f"load at {off}: name/code sizes ({csize})")
            if rpid != pid or tid == 0 or vma != addr or addr == 0:
                errors.append(f"load at {off}: pid {rpid} tid {tid} "
                              f"vma {vma:#x} addr {addr:#x}")
            if cindex != index + 1:
                errors.append(f"load at {off}: code_index {cindex}")
            index = cindex
            text = name.decode(errors="replace")
            if not re.fullmatch(r"guest:\S+ \[tier[12]\]", text):
                errors.append(f"load at {off}: name '{text}'")
            named = named or bool(want and re.search(want, text))
            loads += 1
        else:
            errors.append(f"record at {off}: unknown id {rid}")
        off += size
    if not loads:
        errors.append("no JIT_CODE_LOAD record")
    if want and not named and not errors:
        errors.append(f"no record named /{want}/")
    return errors, loads


def main():
    want = sys.argv[3] if len(sys.argv) > 3 else None
    errors, loads = check(sys.argv[1], int(sys.argv[2]), want)
    for e in errors:
        print(f"{sys.argv[1]}: {e}")
    if not errors:
        print(f"{sys.argv[1]}: header and {loads} code loads well-formed")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
