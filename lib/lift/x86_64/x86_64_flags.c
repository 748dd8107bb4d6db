/*
 * x86_64_flags.c — flag results of the integer instructions as flag
 * sources (x86_64_state.h), the 0/1 flags read back from them, and
 * RFLAGS as a whole. An add or a cmp writes copies of its operands and
 * result (sign-extended below 64 bits) and CF; nothing computes ZF, OF or
 * AF until a reader asks, and the dead-flag pass (lib/opt) deletes the
 * copies nobody reads. Instructions that define a flag as a 0/1 value
 * (bt, sahf, comisd...) have it encoded into the same words.
 */
#include "x86_64_flags.h"

#define SIGN64 0x8000000000000000ull

/* State offset of the word holding (or sourcing) each flag. */
static const size_t flag_word[X86_NUM_FLAGS] = {
    [X86_CF] = X86_FLAG_OFF(cf),     [X86_PF] = X86_FLAG_OFF(pf_src),
    [X86_AF] = X86_FLAG_OFF(of_a),   [X86_ZF] = X86_FLAG_OFF(zf_src),
    [X86_SF] = X86_FLAG_OFF(sf_src), [X86_OF] = X86_FLAG_OFF(of_a),
    [X86_DF] = X86_FLAG_OFF(df),
};

/* The constant behind temp t, when it is one defined lately: lets the
 * 0/1 encodings below fold instead of emitting ops on constants. */
static bool known_const(const struct ir_block *b, ir_temp t, uint64_t *v)
{
    for (uint32_t k = b->n, seen = 0; k-- > 0 && seen < 24; seen++) {
        const struct ir_insn *in = &b->insns[k];
        if (in->dst == t) {
            *v = in->imm;
            return in->op == IR_CONST;
        }
    }
    return false;
}

/* a op b on 64 bits, folded when both are known constants. */
static ir_temp op64(struct x86_lift *l, enum ir_op op, ir_temp a, ir_temp b_)
{
    uint64_t x, y;
    struct ir_block *b = l->b;
    if (known_const(b, a, &x) && known_const(b, b_, &y)) {
        switch (op) {
        case IR_XOR: return ir_const(b, x ^ y);
        case IR_AND: return ir_const(b, x & y);
        case IR_OR: return ir_const(b, x | y);
        case IR_SHL: return ir_const(b, x << (y & 63));
        default: break;
        }
    }
    return ir_binop(b, op, 8, a, b_);
}

static ir_temp k64(struct x86_lift *l, uint64_t v)
{
    return ir_const(l->b, v);
}

/* v sign-extended from size bytes (a constant folds). */
static ir_temp sext(struct x86_lift *l, unsigned size, ir_temp v)
{
    uint64_t x;
    if (size == 8)
        return v;
    if (known_const(l->b, v, &x)) {
        unsigned sh = 64 - size * 8;
        return k64(l, (uint64_t)((int64_t)(x << sh) >> sh));
    }
    return ir_unop(l->b, IR_SEXT, size, v);
}

static ir_temp get_word(struct x86_lift *l, size_t off)
{
    return ir_get(l->b, off, 8);
}

/* OF and AF from of_a, of_b and sf_src values. */
static ir_temp of_from(struct x86_lift *l, ir_temp oa, ir_temp ob, ir_temp sr)
{
    ir_temp m = op64(l, IR_AND, op64(l, IR_XOR, oa, sr),
                     op64(l, IR_XOR, ob, sr));
    return op64(l, IR_SHR, m, k64(l, 63));
}

static ir_temp af_from(struct x86_lift *l, ir_temp oa, ir_temp ob, ir_temp sr)
{
    ir_temp x = op64(l, IR_XOR, op64(l, IR_XOR, oa, ob), sr);
    return x86_bit(l, x, 4);
}

ir_temp x86_get_flag(struct x86_lift *l, enum x86_flag f)
{
    struct ir_block *b = l->b;
    switch (f) {
    case X86_ZF:
        return ir_binop(b, IR_EQ, 8, get_word(l, flag_word[f]), k64(l, 0));
    case X86_PF:
        return ir_unop(b, IR_PARITY, 8, get_word(l, flag_word[f]));
    case X86_SF:
        return op64(l, IR_SHR, get_word(l, flag_word[f]), k64(l, 63));
    case X86_OF:
    case X86_AF: {
        ir_temp oa = get_word(l, X86_FLAG_OFF(of_a));
        ir_temp ob = get_word(l, X86_FLAG_OFF(of_b));
        ir_temp sr = get_word(l, X86_FLAG_OFF(sf_src));
        return f == X86_OF ? of_from(l, oa, ob, sr) : af_from(l, oa, ob, sr);
    }
    default: return get_word(l, flag_word[f]);
    }
}

void x86_put_flag(struct x86_lift *l, enum x86_flag f, ir_temp v)
{
    struct x86_flag_set s = {0};
    s.v[f] = v;
    x86_flags_commit(l, &s, 0);
}

/* Replaces the sources in *f by 0/1 values. */
static void to_values(struct x86_lift *l, struct x86_flag_set *f)
{
    struct ir_block *b = l->b;
    if (f->zs)
        f->v[X86_ZF] = ir_binop(b, IR_EQ, 8, f->zs, k64(l, 0));
    if (f->ps)
        f->v[X86_PF] = ir_unop(b, IR_PARITY, 8, f->ps);
    if (f->ss)
        f->v[X86_SF] = op64(l, IR_SHR, f->ss, k64(l, 63));
    if (f->oa) {
        f->v[X86_OF] = of_from(l, f->oa, f->ob, f->ss);
        f->v[X86_AF] = af_from(l, f->oa, f->ob, f->ss);
    }
    f->zs = f->ps = f->ss = f->oa = f->ob = 0;
}

/* The words of flags SF, OF, AF when not all come as sources: sf_src is
 * the given source, SF << 63 or kept; of_b = sf_src ^ OF << 63 and of_a =
 * of_b ^ (AF ^ bit 4 of sf_src) << 4 (the state header's formulas). */
static void encode_sign_group(struct x86_lift *l, const struct x86_flag_set *f,
                              ir_temp w[3])
{
    ir_temp sr = f->ss;
    bool bit4_clear = false;
    if (!sr && f->v[X86_SF]) {
        sr = op64(l, IR_SHL, f->v[X86_SF], k64(l, 63));
        bit4_clear = true;
    }
    bool keep_sf = !sr;
    if (keep_sf)
        sr = get_word(l, X86_FLAG_OFF(sf_src));
    ir_temp o = f->v[X86_OF] ? f->v[X86_OF] : x86_get_flag(l, X86_OF);
    ir_temp a = f->v[X86_AF] ? f->v[X86_AF] : x86_get_flag(l, X86_AF);
    ir_temp ob = op64(l, IR_XOR, sr, op64(l, IR_SHL, o, k64(l, 63)));
    ir_temp oa = op64(l, IR_XOR, ob, op64(l, IR_SHL, a, k64(l, 4)));
    if (!bit4_clear)
        oa = op64(l, IR_XOR, oa, op64(l, IR_AND, sr, k64(l, 0x10)));
    w[0] = keep_sf ? 0 : sr;
    w[1] = oa;
    w[2] = ob;
}

static ir_temp flip01(struct x86_lift *l, ir_temp v)
{
    return op64(l, IR_XOR, v, k64(l, 1));
}

/* Remembers (or forgets) the committed flags for x86_cond. */
static void note_fuse(struct x86_lift *l, const struct x86_flag_set *f,
                      bool plain)
{
    if (!l->fuse)
        return;
    struct x86_fuse u = f->fuse;
    if (!plain || u.kind == X86_FUSE_NONE) {
        l->fuse->kind = X86_FUSE_NONE;
        return;
    }
    u.cf = f->v[X86_CF];
    if (u.kind == X86_FUSE_SUB && !u.cf) /* dec: CF kept */
        u.kind = X86_FUSE_RESULT;
    u.after = l->b->n;
    *l->fuse = u;
}

void x86_flags_commit(struct x86_lift *l, const struct x86_flag_set *f0,
                      ir_temp only_if)
{
    struct x86_flag_set f = *f0;
    if (only_if) {
        to_values(l, &f);
        for (unsigned i = 0; i < X86_NUM_FLAGS; i++)
            if (f.v[i])
                f.v[i] = ir_select(l->b, only_if, f.v[i],
                                   x86_get_flag(l, (enum x86_flag)i));
    }
    /* Every new word before any PUT: the encodings read the old ones. */
    ir_temp zs = f.zs ? f.zs : f.v[X86_ZF] ? flip01(l, f.v[X86_ZF]) : 0;
    ir_temp ps = f.ps ? f.ps : f.v[X86_PF] ? flip01(l, f.v[X86_PF]) : 0;
    ir_temp sign[3] = {f.ss, f.oa, f.ob};
    if (!f.oa && (f.ss || f.v[X86_SF] || f.v[X86_OF] || f.v[X86_AF]))
        encode_sign_group(l, &f, sign);
    if (f.v[X86_CF])
        ir_put(l->b, X86_FLAG_OFF(cf), 8, f.v[X86_CF]);
    if (zs)
        ir_put(l->b, X86_FLAG_OFF(zf_src), 8, zs);
    if (ps)
        ir_put(l->b, X86_FLAG_OFF(pf_src), 8, ps);
    if (sign[0])
        ir_put(l->b, X86_FLAG_OFF(sf_src), 8, sign[0]);
    if (sign[1]) {
        ir_put(l->b, X86_FLAG_OFF(of_a), 8, sign[1]);
        ir_put(l->b, X86_FLAG_OFF(of_b), 8, sign[2]);
    }
    if (f.v[X86_DF])
        ir_put(l->b, X86_FLAG_OFF(df), 8, f.v[X86_DF]);
    note_fuse(l, &f, !only_if);
}

ir_temp x86_msb(struct x86_lift *l, unsigned size, ir_temp v)
{
    return ir_binop(l->b, IR_SHR, size, v, ir_const(l->b, size * 8 - 1));
}

ir_temp x86_bit(struct x86_lift *l, ir_temp v, unsigned n)
{
    ir_temp s = op64(l, IR_SHR, v, k64(l, n));
    return op64(l, IR_AND, s, k64(l, 1));
}

void x86_flags_result(struct x86_lift *l, unsigned size, ir_temp res,
                      struct x86_flag_set *f)
{
    f->zs = res;
    f->ps = res;
    f->ss = sext(l, size, res);
    f->fuse = (struct x86_fuse){X86_FUSE_RESULT, size, 0, 0, res, 0, 0};
}

/* Sources of a + b (+ carry) or a - b (- borrow): of_b is b, or b with
 * bit 63 flipped for a subtraction. */
static void arith_sources(struct x86_lift *l, unsigned size, ir_temp a,
                          ir_temp b_, ir_temp res, bool subtract,
                          struct x86_flag_set *f)
{
    x86_flags_result(l, size, res, f);
    f->oa = sext(l, size, a);
    f->ob = sext(l, size, b_);
    if (subtract)
        f->ob = op64(l, IR_XOR, f->ob, k64(l, SIGN64));
}

void x86_flags_add(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b_,
                   ir_temp res, struct x86_flag_set *f)
{
    /* Without a carry in, the sum wrapped exactly when it is below a. */
    f->v[X86_CF] = ir_binop(l->b, IR_LTU, size, res, a);
    arith_sources(l, size, a, b_, res, false, f);
}

void x86_flags_sub(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b_,
                   ir_temp res, struct x86_flag_set *f)
{
    /* Without a borrow in, a borrow out is a < b. */
    f->v[X86_CF] = ir_binop(l->b, IR_LTU, size, a, b_);
    arith_sources(l, size, a, b_, res, true, f);
    f->fuse = (struct x86_fuse){X86_FUSE_SUB, size, a, b_, res, 0, 0};
}

void x86_flags_adc(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b_,
                   ir_temp res, struct x86_flag_set *f)
{
    struct ir_block *b = l->b;
    /* carry out = msb((a & b) | ((a | b) & ~res)), with or without a
     * carry in. */
    ir_temp nres = ir_binop(b, IR_XOR, size, res, ir_const(b, UINT64_MAX));
    ir_temp both = ir_binop(b, IR_AND, size, a, b_);
    ir_temp either = ir_binop(b, IR_OR, size, a, b_);
    ir_temp carries = ir_binop(b, IR_OR, size, both,
                               ir_binop(b, IR_AND, size, either, nres));
    f->v[X86_CF] = x86_msb(l, size, carries);
    arith_sources(l, size, a, b_, res, false, f);
}

void x86_flags_sbb(struct x86_lift *l, unsigned size, ir_temp a, ir_temp b_,
                   ir_temp res, struct x86_flag_set *f)
{
    struct ir_block *b = l->b;
    /* borrow out = msb((~a & b) | (~(a ^ b) & res)). */
    ir_temp ones = ir_const(b, UINT64_MAX);
    ir_temp na = ir_binop(b, IR_XOR, size, a, ones);
    ir_temp same = ir_binop(b, IR_XOR, size,
                            ir_binop(b, IR_XOR, size, a, b_), ones);
    ir_temp borrows = ir_binop(b, IR_OR, size, ir_binop(b, IR_AND, size, na, b_),
                               ir_binop(b, IR_AND, size, same, res));
    f->v[X86_CF] = x86_msb(l, size, borrows);
    arith_sources(l, size, a, b_, res, true, f);
}

void x86_flags_logic(struct x86_lift *l, unsigned size, ir_temp res,
                     struct x86_flag_set *f)
{
    /* of_a = sf_src and of_b = 0: OF = 0 and AF = 0. */
    x86_flags_result(l, size, res, f);
    f->v[X86_CF] = k64(l, 0);
    f->oa = f->ss;
    f->ob = k64(l, 0);
    f->fuse.kind = X86_FUSE_LOGIC;
}

/* Each flag's RFLAGS bit, enum x86_flag order. */
static const unsigned rflags_bit[X86_NUM_FLAGS] = {
    [X86_CF] = X86_RF_CF, [X86_PF] = X86_RF_PF, [X86_AF] = X86_RF_AF,
    [X86_ZF] = X86_RF_ZF, [X86_SF] = X86_RF_SF, [X86_OF] = X86_RF_OF,
    [X86_DF] = X86_RF_DF,
};

ir_temp x86_rflags_read(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    ir_temp other = ir_get(b, offsetof(struct x86_cpu, rflags_other), 8);
    ir_temp r = ir_binop(b, IR_AND, 8, other,
                         ir_const(b, X86_RFLAGS_USER_OTHER));
    r = ir_binop(b, IR_OR, 8, r, ir_const(b, X86_RFLAGS_FIXED));
    for (unsigned i = 0; i < X86_NUM_FLAGS; i++) {
        ir_temp bit = ir_binop(b, IR_SHL, 8, x86_get_flag(l, (enum x86_flag)i),
                               ir_const(b, rflags_bit[i]));
        r = ir_binop(b, IR_OR, 8, r, bit);
    }
    return r;
}

void x86_rflags_write(struct x86_lift *l, ir_temp rflags)
{
    struct ir_block *b = l->b;
    struct x86_flag_set f = {0};
    for (unsigned i = 0; i < X86_NUM_FLAGS; i++)
        f.v[i] = x86_bit(l, rflags, rflags_bit[i]);
    x86_flags_commit(l, &f, 0);
    ir_put(b, offsetof(struct x86_cpu, rflags_other), 8,
           ir_binop(b, IR_AND, 8, rflags, ir_const(b, X86_RFLAGS_USER_OTHER)));
}

void x86_flags_zpc(struct x86_lift *l, ir_temp r)
{
    struct x86_flag_set f = {0};
    f.v[X86_CF] = x86_bit(l, r, 0);
    f.v[X86_PF] = x86_bit(l, r, 2);
    f.v[X86_ZF] = x86_bit(l, r, 6);
    f.v[X86_OF] = f.v[X86_SF] = f.v[X86_AF] = k64(l, 0);
    x86_flags_commit(l, &f, 0);
}
