#!/usr/bin/env python3
"""Writes raw RISC-V instruction words for compare_objdump.sh.

usage: gen_encodings.py all16 OUT
         every 16-bit value whose low two bits are not 11 (all compressed
         encodings, valid or not), in ascending order
       gen_encodings.py random32 SEED COUNT OUT
         COUNT random 32-bit words for each major opcode RV64GC uses, half
         of them with most bits cleared so that fixed zero fields (rs2 = 0,
         funct7 = 0, rm = 0) are hit often
"""
import random
import struct
import sys

MAJOR_OPCODES = [0x03, 0x07, 0x0f, 0x13, 0x17, 0x1b, 0x23, 0x27, 0x2f, 0x33,
                 0x37, 0x3b, 0x43, 0x47, 0x4b, 0x4f, 0x53, 0x63, 0x67, 0x6f,
                 0x73]
SYSTEM = 0x73


def all16():
    return b"".join(struct.pack("<H", v) for v in range(1 << 16)
                    if v & 3 != 3)


def random32(seed, count):
    rng = random.Random(seed)
    words = []
    for opcode in MAJOR_OPCODES:
        for i in range(count):
            high = rng.getrandbits(25)
            if i % 2:
                high &= rng.getrandbits(25)
            word = high << 7 | opcode
            if opcode == SYSTEM and (word >> 12) & 7 == 0:
                # funct3 0 of SYSTEM is privileged code (mret, sfence.vma,
                # ...) apart from ecall/ebreak: keep those two only.
                word = opcode | (i & 1) << 20
            words.append(word)
    return b"".join(struct.pack("<I", w) for w in words)


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "all16":
        data, out = all16(), args[1]
    elif len(args) == 4 and args[0] == "random32":
        data, out = random32(int(args[1]), int(args[2])), args[3]
    else:
        sys.exit(__doc__)
    with open(out, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
