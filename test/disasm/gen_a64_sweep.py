#!/usr/bin/env python3
"""Writes a raw little-endian A64 image sweeping every aarch64.spec line's
free fields: for each line (base or alias), the free bits all 0, all 1,
each register field at 0/30/31 and COUNT random fillings (fixed SEED).

usage: gen_a64_sweep.py SPEC SEED COUNT OUT
"""
import random
import struct
import sys


def patterns(path):
    for line in open(path):
        line = line.split("#", 1)[0].split()
        if len(line) < 4:
            continue
        bits = "".join(t for t in line[3:] if set(t) <= set("01-"))
        if len(bits) == 32:
            yield bits


def fill(pattern, value):
    """The pattern with its free bits taken from value, MSB first."""
    word, free = 0, [i for i, c in enumerate(pattern) if c == "-"]
    for i, c in enumerate(pattern):
        word = word << 1 | (c == "1")
    for k, i in enumerate(free):
        if value >> k & 1:
            word |= 1 << (31 - i)
    return word


def main():
    spec, seed, count, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    words = []
    for p in patterns(spec):
        nfree = p.count("-")
        words.append(fill(p, 0))
        words.append(fill(p, (1 << nfree) - 1))
        for _ in range(count):
            words.append(fill(p, rng.getrandbits(nfree) if nfree else 0))
    with open(out, "wb") as f:
        for w in words:
            f.write(struct.pack("<I", w))


if __name__ == "__main__":
    main()
