/* fparith: every scalar FP arithmetic instruction lifted (single and
 * double) over a table of edge operands (signed zeros, infinities, quiet
 * and signalling NaNs with payloads, denormals, the extreme normals,
 * values near the integer limits, ties) under each FPCR rounding mode,
 * then with FZ and with DN; each result printed with FPSR's flags. The
 * instructions are inline asm (this file is built -mgeneral-regs-only,
 * so no compiler FP code runs between them and the FPSR reads). */
#include <stdbool.h>

#include "nolibc.h"

/* ---- buffered output ------------------------------------------------- */

static char out_buf[1 << 16];
static size_t out_len;

static void flush(void)
{
    sys3(NR_write, 1, (long)out_buf, (long)out_len);
    out_len = 0;
}

static void emit(const char *s)
{
    while (*s) {
        if (out_len == sizeof out_buf)
            flush();
        out_buf[out_len++] = *s++;
    }
}

static void emit_hex(uint64_t v, int digits)
{
    char buf[17];
    for (int i = 0; i < digits; i++)
        buf[i] = "0123456789abcdef"[(v >> (4 * (digits - 1 - i))) & 15];
    buf[digits] = 0;
    emit(buf);
}

/* ---- operands ---------------------------------------------------------- */

static const uint64_t ops_s[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x40200000,
    0xc0200000, 0xbf000000, 0x40600000, 0x7f800000, 0xff800000, 0x7fc00123,
    0xffc00456, 0x7f800789, 0xff80abc0, 0x00000001, 0x007fffff, 0x00800000,
    0x00800001, 0x7f7fffff, 0x5f000000, 0xdf000000, 0x4effffff, 0x4f000000,
    0x4f7fffff, 0x4f800000, 0xcf000001, 0x3eaaaaab, 0x3f800001, 0x3f7fffff,
    0x3dcccccd, 0x4b000001,
};

static const uint64_t ops_d[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
    0xbff0000000000000, 0x3ff8000000000000, 0x4004000000000000,
    0xc004000000000000, 0xbfe0000000000000, 0x400c000000000000,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000123,
    0xfff8000000000456, 0x7ff0000000000789, 0xfff000000000abc0,
    0x0000000000000001, 0x000fffffffffffff, 0x0010000000000000,
    0x0010000000000001, 0x7fefffffffffffff, 0x43e0000000000000,
    0xc3e0000000000000, 0x41dfffffffe00000, 0x41effffffff00000,
    0xc1e0000000200000, 0x43efffffffffffff, 0x3fd5555555555555,
    0x3ff0000000000001, 0x3fefffffffffffff, 0x3fb999999999999a,
    0x47efffffe0000000, 0x36a0000000000000, 0x3810000000000000,
    0x380fffffffffffff, 0x47effffff0000000,
};

/* Fused multiply-add: a smaller set, cubed. */
static const uint64_t fma_s[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbfc00000, 0x7f800000, 0xff800000,
    0x7fc00123, 0xff800789, 0x00800000, 0x3f7fffff, 0x7f7fffff, 0x3eaaaaab,
    0x34000000,
};
static const uint64_t fma_d[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
    0xbff8000000000000, 0x7ff0000000000000, 0xfff0000000000000,
    0x7ff8000000000123, 0xfff0000000000789, 0x0010000000000000,
    0x3fefffffffffffff, 0x7fefffffffffffff, 0x3fd5555555555555,
    0x3cb0000000000000,
};

static const uint64_t ints[] = {
    0, 1, 0xffffffffffffffff, 0x7fffffff, 0x80000000, 0xffffffff,
    0x7fffffffffffffff, 0x8000000000000000, 0x1000001, 0x1000003,
    0x20000000000001, 0x20000000000003, 0xfffffffffffffc01,
    0x8000008000000001, 12345, 0xfffffffffefffffd,
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the instructions ---------------------------------------------------- */

typedef uint64_t (*insn_fn)(uint64_t a, uint64_t b, uint64_t c);

/* FP operands in v1, v2, v3; the FP result read from d0. */
#define FP(name, text)                                                         \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                   \
    {                                                                          \
        uint64_t r;                                                            \
        __asm__ volatile("fmov d1, %1\n fmov d2, %2\n fmov d3, %3\n"           \
                         "movi v0.2d, #0xffffffffffffffff\n" text "\n"         \
                         "fmov %0, d0"                                         \
                         : "=r"(r)                                             \
                         : "r"(a), "r"(b), "r"(c)                              \
                         : "v0", "v1", "v2", "v3");                            \
        return r;                                                              \
    }
/* A general-register result (%0, %w0) from v1. */
#define TO_GPR(name, text)                                                     \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                   \
    {                                                                          \
        uint64_t r;                                                            \
        (void)b;                                                               \
        (void)c;                                                               \
        __asm__ volatile("fmov d1, %1\n" text : "=r"(r) : "r"(a) : "v1");      \
        return r;                                                              \
    }
/* An FP result in d0 from a general register (%1, %w1). */
#define FROM_GPR(name, text)                                                   \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                   \
    {                                                                          \
        uint64_t r;                                                            \
        (void)b;                                                               \
        (void)c;                                                               \
        __asm__ volatile(text "\n fmov %0, d0" : "=r"(r) : "r"(a) : "v0");     \
        return r;                                                              \
    }
/* NZCV after a compare; c is the NZCV the condition sees. */
#define CMP(name, text)                                                        \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                   \
    {                                                                          \
        uint64_t r;                                                            \
        __asm__ volatile("fmov d1, %1\n fmov d2, %2\n msr nzcv, %3\n" text     \
                         "\n mrs %0, nzcv"                                     \
                         : "=r"(r)                                             \
                         : "r"(a), "r"(b), "r"(c)                              \
                         : "v1", "v2", "cc");                                  \
        return r >> 28;                                                        \
    }

#define BINARY(X)                                                              \
    X(fadd) X(fsub) X(fmul) X(fdiv) X(fnmul) X(fmax) X(fmin) X(fmaxnm)         \
    X(fminnm)
#define UNARY(X)                                                               \
    X(fsqrt) X(frintn) X(frintp) X(frintm) X(frintz) X(frinta) X(frintx)       \
    X(frinti) X(fabs) X(fneg) X(fmov)
#define FUSED(X) X(fmadd) X(fmsub) X(fnmadd) X(fnmsub)
#define TO_INT(X)                                                              \
    X(fcvtns) X(fcvtnu) X(fcvtas) X(fcvtau) X(fcvtps) X(fcvtpu) X(fcvtms)      \
    X(fcvtmu) X(fcvtzs) X(fcvtzu)
#define FROM_INT(X) X(scvtf) X(ucvtf)

#define DEF_BINARY(op)                                                         \
    FP(op##_s, #op " s0, s1, s2") FP(op##_d, #op " d0, d1, d2")
#define DEF_UNARY(op) FP(op##_s, #op " s0, s1") FP(op##_d, #op " d0, d1")
#define DEF_FUSED(op)                                                          \
    FP(op##_s, #op " s0, s1, s2, s3") FP(op##_d, #op " d0, d1, d2, d3")
#define DEF_TO_INT(op)                                                         \
    TO_GPR(op##_ws, #op " %w0, s1") TO_GPR(op##_xs, #op " %0, s1")             \
    TO_GPR(op##_wd, #op " %w0, d1") TO_GPR(op##_xd, #op " %0, d1")
#define DEF_FROM_INT(op)                                                       \
    FROM_GPR(op##_sw, #op " s0, %w1") FROM_GPR(op##_sx, #op " s0, %1")         \
    FROM_GPR(op##_dw, #op " d0, %w1") FROM_GPR(op##_dx, #op " d0, %1")
BINARY(DEF_BINARY)
UNARY(DEF_UNARY)
FUSED(DEF_FUSED)
TO_INT(DEF_TO_INT)
FROM_INT(DEF_FROM_INT)
FP(fcvt_sd, "fcvt s0, d1")
FP(fcvt_ds, "fcvt d0, s1")
CMP(fcmp_s, "fcmp s1, s2") CMP(fcmp_d, "fcmp d1, d2")
CMP(fcmpe_s, "fcmpe s1, s2") CMP(fcmpe_d, "fcmpe d1, d2")
CMP(fcmpz_s, "fcmp s1, #0.0") CMP(fcmpz_d, "fcmp d1, #0.0")
CMP(fcmpez_s, "fcmpe s1, #0.0") CMP(fcmpez_d, "fcmpe d1, #0.0")
/* eq holds when c has Z; ge when N == V */
CMP(fccmp_s, "fccmp s1, s2, #0x5, eq") CMP(fccmp_d, "fccmp d1, d2, #0xa, eq")
CMP(fccmpe_s, "fccmpe s1, s2, #0x3, ge")
CMP(fccmpe_d, "fccmpe d1, d2, #0xc, ge")
FP(fcsel_s, "msr nzcv, %3\n fcsel s0, s1, s2, eq")
FP(fcsel_d, "msr nzcv, %3\n fcsel d0, d1, d2, lt")
FP(fmov_imm, "fmov s0, #-1.25\n fmov d1, #31.0\n fmov d2, #0.125\n"
             "fmov s3, #1.9375\n fadd d0, d1, d2\n fadd s3, s3, s3\n"
             "fmov w9, s3\n fmov s0, w9\n fcvt d3, s3\n fadd d0, d0, d3")

/* ---- the driver ---------------------------------------------------------- */

static void set_fpcr(uint64_t v) { __asm__ volatile("msr fpcr, %0" ::"r"(v)); }
static void clear_fpsr(void) { __asm__ volatile("msr fpsr, xzr"); }
static uint64_t get_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return v;
}

/* Printing every result in every mode would be megabytes: outside
 * round-to-nearest (or without "full" on the command line) each line's
 * results are folded into a hash (FNV-1a), still one per operand row. */
static bool hashing;
static uint64_t line_hash;

/*
 * Tininess: the Arm ARM's FPRoundBase raises Underflow when the result
 * is tiny BEFORE rounding (FPCR.AH = 0) and inexact; qemu-aarch64 7.2
 * detects it after rounding, so the two differ exactly where a result
 * rounds up to the smallest normal. Such a result's UFC is not printed
 * (vm does what the architecture says: UFC set).
 */
static bool int_result;

static uint64_t shown_flags(uint64_t r, uint64_t flags, int digits)
{
    uint64_t min_normal = digits == 8 ? 1ull << 23 : 1ull << 52;
    uint64_t mag = r & ~(digits == 8 ? 1ull << 31 : 1ull << 63);
    if (!int_result && digits > 1 && mag == min_normal && (flags & 0x10))
        flags &= ~0x8ull;
    return flags;
}

/* One result: "value/flags " with the value's width in hex digits. */
static void run(insn_fn f, uint64_t a, uint64_t b, uint64_t c, int digits)
{
    clear_fpsr();
    uint64_t r = f(a, b, c);
    uint64_t flags = shown_flags(r, get_fpsr() & 0x9f, digits);
    if (hashing) {
        for (int i = 0; i < 2; i++) {
            uint64_t x = i ? flags : r;
            for (int k = 0; k < 8; k++)
                line_hash = (line_hash ^ (x >> (8 * k) & 0xff)) *
                            0x100000001b3ull;
        }
        return;
    }
    emit_hex(r, digits);
    emit("/");
    emit_hex(flags, 2);
    emit(" ");
}

static void end_line(void)
{
    if (hashing)
        emit_hex(line_hash, 16);
    line_hash = 0xcbf29ce484222325ull;
    emit("\n");
}

struct named {
    const char *name;
    insn_fn s, d; /* single and double forms (or w and x sources) */
};

#define ENTRY(op) {#op, op##_s, op##_d},
static const struct named binary[] = {BINARY(ENTRY)};
static const struct named unary[] = {UNARY(ENTRY)};
static const struct named fused[] = {FUSED(ENTRY)};
static const struct named compares[] = {
    {"fcmp", fcmp_s, fcmp_d}, {"fcmpe", fcmpe_s, fcmpe_d},
    {"fccmp", fccmp_s, fccmp_d}, {"fccmpe", fccmpe_s, fccmpe_d},
    {"fcsel", fcsel_s, fcsel_d}};
#define ENTRY_TO(op) {#op "_w", op##_ws, op##_wd}, {#op "_x", op##_xs, op##_xd},
static const struct named to_int[] = {TO_INT(ENTRY_TO)};
#define ENTRY_FROM(op) {#op "_s", op##_sw, op##_sx}, {#op "_d", op##_dw, op##_dx},
static const struct named from_int[] = {FROM_INT(ENTRY_FROM)};

static void header(const char *what, const char *prec, uint64_t a, int digits)
{
    emit(what);
    emit(prec);
    emit(" ");
    emit_hex(a, digits);
    emit(": ");
}

static void all(void)
{
    for (int dbl = 0; dbl < 2; dbl++) {
        const uint64_t *v = dbl ? ops_d : ops_s, *fv = dbl ? fma_d : fma_s;
        size_t n = dbl ? N(ops_d) : N(ops_s), fn = dbl ? N(fma_d) : N(fma_s);
        int dg = dbl ? 16 : 8;
        const char *p = dbl ? "_d" : "_s";
        for (size_t k = 0; k < N(binary); k++)
            for (size_t i = 0; i < n; i++) {
                header(binary[k].name, p, v[i], dg);
                for (size_t j = 0; j < n; j++)
                    run(dbl ? binary[k].d : binary[k].s, v[i], v[j], 0, dg);
                end_line();
            }
        header("unary", p, 0, 1);
        end_line();
        for (size_t i = 0; i < n; i++) {
            header("", p, v[i], dg);
            for (size_t k = 0; k < N(unary); k++)
                run(dbl ? unary[k].d : unary[k].s, v[i], 0, 0, dg);
            /* fcvt to the other precision */
            run(dbl ? fcvt_sd : fcvt_ds, v[i], 0, 0, 24 - dg);
            int_result = true;
            for (size_t k = 0; k < N(to_int); k++)
                run(dbl ? to_int[k].d : to_int[k].s, v[i], 0, 0, 16);
            int_result = false;
            end_line();
        }
        for (size_t k = 0; k < N(compares); k++)
            for (size_t i = 0; i < n; i++) {
                header(compares[k].name, p, v[i], dg);
                for (size_t j = 0; j < n; j++)
                    for (uint64_t c = 0; c < 16; c += 5)
                        run(dbl ? compares[k].d : compares[k].s, v[i], v[j],
                            c << 28, 1);
                run(dbl ? fcmpz_d : fcmpz_s, v[i], 0, 0, 1);
                run(dbl ? fcmpez_d : fcmpez_s, v[i], 0, 0, 1);
                end_line();
            }
        for (size_t k = 0; k < N(fused); k++)
            for (size_t i = 0; i < fn; i++)
                for (size_t j = 0; j < fn; j++) {
                    header(fused[k].name, p, fv[i], dg);
                    emit_hex(fv[j], dg);
                    emit(": ");
                    for (size_t m = 0; m < fn; m++)
                        run(dbl ? fused[k].d : fused[k].s, fv[i], fv[j], fv[m],
                            dg);
                    end_line();
                }
    }
    int_result = true; /* (no integer rounds to the smallest normal) */
    for (size_t i = 0; i < N(ints); i++) {
        header("from_int", "", ints[i], 16);
        for (size_t k = 0; k < N(from_int); k++) {
            run(from_int[k].s, ints[i], 0, 0, 16);
            run(from_int[k].d, ints[i], 0, 0, 16);
        }
        end_line();
    }
    int_result = false;
    header("fmov_imm", "", 0, 1);
    run(fmov_imm, 0, 0, 0, 16);
    end_line();
}

int main(int argc, char **argv)
{
    bool full = argc > 1 && argv[1][0] == 'f';
    /* FPCR: RMode (bits 23:22) RN, RP, RM, RZ; then FZ (24), DN (25). */
    static const struct {
        const char *name;
        uint64_t fpcr;
    } modes[] = {{"rn", 0}, {"rp", 1 << 22}, {"rm", 2 << 22}, {"rz", 3 << 22},
                 {"fz", 1 << 24}, {"dn-rp", 1 << 25 | 1 << 22}};
    for (size_t m = 0; m < N(modes); m++) {
        hashing = m > 0 && !full;
        emit("== ");
        emit(modes[m].name);
        emit("\n");
        line_hash = 0xcbf29ce484222325ull;
        set_fpcr(modes[m].fpcr);
        all();
    }
    set_fpcr(0);
    flush();
    return 0;
}
