#!/usr/bin/env python3
"""Generates the AArch64 (A64) decoder tables from aarch64.spec.

usage: gen_decoder.py aarch64.spec OUTDIR

Writes OUTDIR/aarch64_opcodes.h (enum a64_opcode and the A64_PREDS
X-macro of the predicates the spec names) and OUTDIR/aarch64_decode_table.c
(base encodings bucketed by bits 28:25, most specific first; per-opcode
mnemonic, base opcode, predicate and operands; each base's aliases in
spec order). The types are declared in aarch64_tables.h.
"""
import os
import re
import sys

BUCKET_LSB, BUCKET_BITS = 25, 4
REG = re.compile(r"^([RWXBHSDQ])(d|n|m|a|t2|t|s)(sp)?$")
FIELDS = {"d": "D", "n": "N", "m": "M", "a": "A", "t": "T", "t2": "T2",
          "s": "S"}
OTHER = ["vd_t", "vn_t", "vm_t", "zero", "vd_b", "vn_b", "vm_b", "vd_dup",
         "vn_elem", "vd_shrn", "vn_shrn", "shrn_amount", "vd_mod", "modimm", "ext_index",
         "vlist", "vpost", "vd_d1", "vn_d1", "csync", "c", "j", "jc", "adr", "adrp", "aimm", "limm", "movk", "movz", "movn", "immr",
         "imms", "bfiz_lsb", "bfiz_width", "bfx_width", "lsl_amount",
         "pcrel26", "pcrel19", "pcrel14", "bitpos", "imm16", "hintimm",
         "barrier", "sysreg", "prfop", "mem_u", "mem_s9", "mem_pre",
         "mem_post", "mem_reg", "mem0", "pair", "pair_pre", "pair_post",
         "shift", "extreg", "nzcv", "imm5", "cond", "invcond", "fpimm", "fzero"]
MAX_OPERANDS = 4


class Line:
    def __init__(self, lineno, ident, mnemonic, operands, pattern, base, pred):
        self.lineno, self.ident, self.mnemonic = lineno, ident, mnemonic
        self.operands, self.base, self.pred = operands, base, pred
        self.mask = int("".join("0" if c == "-" else "1" for c in pattern), 2)
        self.match = int("".join("1" if c == "1" else "0" for c in pattern), 2)

    @property
    def enum(self):
        return "A64_" + self.ident.upper()

    def buckets(self):
        field = ((1 << BUCKET_BITS) - 1) << BUCKET_LSB
        return [v for v in range(1 << BUCKET_BITS)
                if ((v << BUCKET_LSB) ^ self.match) & self.mask & field == 0]


def fail(path, lineno, msg):
    sys.exit(f"{path}:{lineno}: {msg}")


def operand_c(path, lineno, op):
    m = REG.match(op)
    if m:
        width = {"R": "SF", "W": "W", "X": "X", "B": "B", "H": "H", "S": "S",
                 "D": "D", "Q": "Q"}[m.group(1)]
        return (f"A64_REG(A64_WIDTH_{width}, A64_FIELD_{FIELDS[m.group(2)]}, "
                f"{1 if m.group(3) else 0})")
    if op not in OTHER:
        fail(path, lineno, f"unknown operand {op}")
    return f"A64_OPND_{op.upper()}"


def parse(path):
    lines = []
    with open(path) as f:
        for lineno, text in enumerate(f, 1):
            text = text.split("#", 1)[0].strip()
            if not text:
                continue
            tokens = text.split()
            if len(tokens) < 4:
                fail(path, lineno, "expected: id mnemonic operands pattern")
            ident, mnemonic, operands = tokens[:3]
            pattern, base, pred = "", None, None
            for tok in tokens[3:]:
                if tok.startswith("base="):
                    base = tok[5:]
                elif tok.startswith("if="):
                    pred = tok[3:]
                elif set(tok) <= set("01-"):
                    pattern += tok
                else:
                    fail(path, lineno, f"bad token {tok}")
            if len(pattern) != 32:
                fail(path, lineno, f"pattern has {len(pattern)} bits")
            ops = [] if operands == "-" else operands.split(",")
            if len(ops) > MAX_OPERANDS:
                fail(path, lineno, "too many operands")
            ops = [operand_c(path, lineno, o) for o in ops]
            lines.append(Line(lineno, ident, mnemonic, ops, pattern, base,
                              pred))
    by_id = {}
    for ln in lines:
        if ln.ident in by_id:
            fail(path, ln.lineno, f"{ln.ident} already on line "
                 f"{by_id[ln.ident].lineno}")
        by_id[ln.ident] = ln
    for ln in lines:
        if ln.base is None:
            continue
        base = by_id.get(ln.base)
        if base is None or base.base is not None:
            fail(path, ln.lineno, f"base {ln.base} is not a base line")
        # An alias can only narrow its base's encodings.
        if (ln.mask & base.mask) != base.mask or \
                (ln.match & base.mask) != base.match:
            fail(path, ln.lineno, f"pattern is not within {ln.base}'s")
    check_overlaps(path, [ln for ln in lines if ln.base is None])
    return lines


def check_overlaps(path, bases):
    """Two base encodings may overlap only when one is strictly more
    specific, or when a predicate tells them apart."""
    for i, a in enumerate(bases):
        for b in bases[i + 1:]:
            common = a.mask & b.mask
            if (a.match & common) != (b.match & common):
                continue
            nested = common in (a.mask, b.mask) and a.mask != b.mask
            if not nested and not (a.pred or b.pred):
                fail(path, b.lineno, f"{b.ident} overlaps {a.ident}")


def write_opcodes(lines, out):
    preds = sorted({ln.pred for ln in lines if ln.pred})
    text = ["/* Generated by gen_decoder.py from aarch64.spec: do not edit. */",
            "#ifndef VM_AARCH64_OPCODES_H", "#define VM_AARCH64_OPCODES_H", "",
            "enum a64_opcode {", "    A64_INVALID = 0,"]
    text += [f"    {ln.enum}," for ln in lines]
    text += ["    A64_OPCODE_COUNT", "};", "",
             "/* The predicates the spec's if= name (aarch64_pred.c). */",
             "#define A64_PREDS(X) \\"]
    text += [f"    X({p}) \\" for p in preds]
    text += ["", "#endif", ""]
    with open(out, "w") as f:
        f.write("\n".join(text))


def write_table(lines, out):
    bases = [ln for ln in lines if ln.base is None]
    buckets = [[] for _ in range(1 << BUCKET_BITS)]
    for ln in bases:
        for b in ln.buckets():
            buckets[b].append(ln)
    for b in buckets:
        b.sort(key=lambda ln: (-bin(ln.mask).count("1"), ln.lineno))
    aliases = {ln.ident: [] for ln in bases}
    for ln in lines:
        if ln.base is not None:
            aliases[ln.base].append(ln)

    text = ["/* Generated by gen_decoder.py from aarch64.spec: do not edit. */",
            '#include "aarch64_tables.h"', "",
            "const struct a64_encoding a64_aliases[] = {"]
    alias_start = {}
    n = 0
    for ln in bases:
        alias_start[ln.ident] = n
        for al in aliases[ln.ident]:
            pred = f"A64_PRED_{al.pred}" if al.pred else "A64_PRED_NONE"
            text.append(f"    {{ 0x{al.mask:08x}u, 0x{al.match:08x}u, "
                        f"{al.enum}, {pred} }},")
            n += 1
    text.append("    { 0, 0, A64_INVALID, A64_PRED_NONE },")
    text += ["};", "",
             "const struct a64_opinfo a64_opinfo[A64_OPCODE_COUNT] = {",
             '    [A64_INVALID] = { ".inst", A64_INVALID, 0, 0, '
             '{ A64_OPND_END } },']
    for ln in lines:
        ops = ", ".join(ln.operands + ["A64_OPND_END"])
        base = by_enum(ln.base) if ln.base else ln.enum
        start = alias_start.get(ln.ident, 0)
        count = len(aliases.get(ln.ident, []))
        text.append(f'    [{ln.enum}] = {{ "{ln.mnemonic}", {base}, '
                    f"{start}, {count}, {{ {ops} }} }},")
    text += ["};", "", "const struct a64_encoding a64_encodings[] = {"]
    starts, n = [], 0
    for i, b in enumerate(buckets):
        starts.append(n)
        for ln in b:
            pred = f"A64_PRED_{ln.pred}" if ln.pred else "A64_PRED_NONE"
            text.append(f"    {{ 0x{ln.mask:08x}u, 0x{ln.match:08x}u, "
                        f"{ln.enum}, {pred} }}, /* bucket {i} */")
            n += 1
    starts.append(n)
    text += ["};", "",
             "const uint16_t a64_bucket_start[A64_BUCKETS + 1] = {",
             "    " + ", ".join(str(s) for s in starts), "};", ""]
    with open(out, "w") as f:
        f.write("\n".join(text))


def by_enum(ident):
    return "A64_" + ident.upper()


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_decoder.py aarch64.spec OUTDIR")
    lines = parse(sys.argv[1])
    os.makedirs(sys.argv[2], exist_ok=True)
    write_opcodes(lines, os.path.join(sys.argv[2], "aarch64_opcodes.h"))
    write_table(lines, os.path.join(sys.argv[2], "aarch64_decode_table.c"))


if __name__ == "__main__":
    main()
