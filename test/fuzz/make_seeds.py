#!/usr/bin/env python3
"""make_seeds.py BUILD — regenerates the seed corpora in corpus/ from the
guest test programs of a Release build (once, by hand: the seeds are
committed). Code seeds are 8 bytes of register seed then a 256-byte slice
of a program's .text; ELF seeds are small programs, stripped."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CODE = {  # target: (objcopy, programs under BUILD/test)
    "riscv64": ("riscv64-linux-gnu-objcopy",
                ["guest/dynamic/asm_rvc", "guest/dynamic/atomics",
                 "guest/dynamic/fp_ops", "guest/dynamic/strings_qsort"]),
    "x86_64": ("objcopy",
               ["guest-x86_64/dynamic/hello", "guest-x86_64/dynamic/strings_qsort",
                "guest-x86_64/v2-dynamic/strings_qsort",
                "guest-x86_64/dynamic/setjmp_longjmp"]),
}
ELFS = [("riscv64-linux-gnu-strip", "guest/asm_nolibc"),
        ("riscv64-linux-gnu-strip", "guest/dynamic/exit42"),
        ("strip", "guest-x86_64/dynamic/exit42")]
SLICES, SLICE = 3, 256


def text_of(objcopy, prog, tmp):
    out = os.path.join(tmp, "text")
    subprocess.run([objcopy, "-O", "binary", "-j", ".text", prog, out], check=True)
    with open(out, "rb") as f:
        return f.read()


def main():
    build = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        for target, (objcopy, progs) in CODE.items():
            d = os.path.join(HERE, "corpus", target)
            os.makedirs(d, exist_ok=True)
            for p in progs:
                text = text_of(objcopy, os.path.join(build, "test", p), tmp)
                for i in range(SLICES):
                    at = (len(text) - SLICE) * i // SLICES & ~3
                    name = "%s-%d" % (p.replace("/", "_"), i)
                    with open(os.path.join(d, name), "wb") as f:
                        f.write((i + 1).to_bytes(8, "little") + text[at:at + SLICE])
        d = os.path.join(HERE, "corpus", "loader")
        os.makedirs(d, exist_ok=True)
        for strip, p in ELFS:
            out = os.path.join(d, p.replace("/", "_"))
            shutil.copy(os.path.join(build, "test", p), out)
            subprocess.run([strip, out], check=True)


if __name__ == "__main__":
    main()
