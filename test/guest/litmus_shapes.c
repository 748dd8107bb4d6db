/*
 * RVWMO litmus tests: message passing (MP), store buffering (SB), load
 * buffering (LB) and 2+2W, each plain and with the fences, AMOs, LR/SC or
 * dependencies that make the weak outcome forbidden. The exact riscv64
 * instructions are inline assembly; test/guest/litmus.h runs each shape
 * ITERS times (argv[1], default 20000) across two threads and fails on any
 * forbidden outcome. The plain shapes' weak outcomes are allowed by RVWMO
 * and only counted (stderr). The x86-64 (TSO) counterpart is
 * test/guest-x86_64/c/litmus_shapes_x86.c; test/scripts/litmus_test.sh
 * runs both in every mode.
 */
#include "litmus.h"

#define X (&c->x.v)
#define Y (&c->y.v)

/* MP: thread 0 writes data (x) then flag (y); thread 1 reads flag then
 * data. Forbidden with ordering on both sides: flag 1, data 0. */
static void mp_t0(struct lt_ctx *c)
{
    __asm__ volatile("sw %1, 0(%0)\n\tsw %1, 0(%2)"
                     : : "r"(X), "r"(1), "r"(Y) : "memory");
}

static void mp_t1(struct lt_ctx *c)
{
    int f, d;
    __asm__ volatile("lw %0, 0(%2)\n\tlw %1, 0(%3)"
                     : "=&r"(f), "=&r"(d) : "r"(Y), "r"(X) : "memory");
    c->r[0] = f;
    c->r[1] = d;
}

static void mp_fences_t0(struct lt_ctx *c)
{
    __asm__ volatile("sw %1, 0(%0)\n\tfence rw,w\n\tsw %1, 0(%2)"
                     : : "r"(X), "r"(1), "r"(Y) : "memory");
}

static void mp_fences_t1(struct lt_ctx *c)
{
    int f, d;
    __asm__ volatile("lw %0, 0(%2)\n\tfence r,rw\n\tlw %1, 0(%3)"
                     : "=&r"(f), "=&r"(d) : "r"(Y), "r"(X) : "memory");
    c->r[0] = f;
    c->r[1] = d;
}

static void mp_full_t0(struct lt_ctx *c)
{
    __asm__ volatile("sw %1, 0(%0)\n\tfence rw,rw\n\tsw %1, 0(%2)"
                     : : "r"(X), "r"(1), "r"(Y) : "memory");
}

static void mp_full_t1(struct lt_ctx *c)
{
    int f, d;
    __asm__ volatile("lw %0, 0(%2)\n\tfence rw,rw\n\tlw %1, 0(%3)"
                     : "=&r"(f), "=&r"(d) : "r"(Y), "r"(X) : "memory");
    c->r[0] = f;
    c->r[1] = d;
}

static void mp_addr_t0(struct lt_ctx *c)
{
    __asm__ volatile("sw %1, 0(%0)\n\tfence w,w\n\tsw %1, 0(%2)"
                     : : "r"(X), "r"(1), "r"(Y) : "memory");
}

/* The data address depends on the flag through an xor with itself: RVWMO
 * keeps that order (an address dependency), though a compiler would see
 * through it. */
static void mp_addr_t1(struct lt_ctx *c)
{
    int f, d;
    long t;
    __asm__ volatile("lw %0, 0(%3)\n\t"
                     "xor %2, %0, %0\n\t"
                     "add %2, %2, %4\n\t"
                     "lw %1, 0(%2)"
                     : "=&r"(f), "=&r"(d), "=&r"(t) : "r"(Y), "r"(X) : "memory");
    c->r[0] = f;
    c->r[1] = d;
}

static void mp_amo_t0(struct lt_ctx *c)
{
    __asm__ volatile("sw %1, 0(%0)\n\tamoswap.w.rl zero, %1, (%2)"
                     : : "r"(X), "r"(1), "r"(Y) : "memory");
}

static void mp_amo_t1(struct lt_ctx *c)
{
    int f, d;
    __asm__ volatile("amoor.w.aq %0, zero, (%2)\n\tlw %1, 0(%3)"
                     : "=&r"(f), "=&r"(d) : "r"(Y), "r"(X) : "memory");
    c->r[0] = f;
    c->r[1] = d;
}

/* SB and LB sides: %0 the value read, %1 a scratch register, %2 the
 * thread's own location, %3 the value 1, %4 the other's location. */
#define SIDE(NAME, MINE, OTHER, IDX, BODY)                                 \
    static void NAME(struct lt_ctx *c)                                        \
    {                                                                         \
        int r;                                                                \
        long t;                                                               \
        __asm__ volatile(BODY : "=&r"(r), "=&r"(t)                            \
                         : "r"(MINE), "r"(1), "r"(OTHER) : "memory");         \
        c->r[IDX] = r;                                                        \
    }

/* SB: each thread writes its own location then reads the other's.
 * Forbidden with a full barrier between: both read 0. */
#define SB_PLAIN "sw %3, 0(%2)\n\tlw %0, 0(%4)"
#define SB_FENCE "sw %3, 0(%2)\n\tfence rw,rw\n\tlw %0, 0(%4)"
#define SB_AMO "amoswap.w.aqrl zero, %3, (%2)\n\tlw %0, 0(%4)"
#define SB_LRSC                                                               \
    "1: lr.w.aqrl %1, (%2)\n\t"                                               \
    "sc.w.aqrl %1, %3, (%2)\n\t"                                              \
    "bnez %1, 1b\n\t"                                                         \
    "lw %0, 0(%4)"

SIDE(sb_t0, X, Y, 0, SB_PLAIN)
SIDE(sb_t1, Y, X, 1, SB_PLAIN)
SIDE(sb_fence_t0, X, Y, 0, SB_FENCE)
SIDE(sb_fence_t1, Y, X, 1, SB_FENCE)
SIDE(sb_amo_t0, X, Y, 0, SB_AMO)
SIDE(sb_amo_t1, Y, X, 1, SB_AMO)
SIDE(sb_lrsc_t0, X, Y, 0, SB_LRSC)
SIDE(sb_lrsc_t1, Y, X, 1, SB_LRSC)

/* LB: each thread reads the other's location then writes its own.
 * Forbidden with ordering from the load to the store: both read 1. */
#define LB_PLAIN "lw %0, 0(%4)\n\tsw %3, 0(%2)"
#define LB_FENCE "lw %0, 0(%4)\n\tfence r,w\n\tsw %3, 0(%2)"
/* The stored 1 depends on the loaded value (a data dependency). */
#define LB_DATA "lw %0, 0(%4)\n\txor %1, %0, %0\n\taddi %1, %1, 1\n\tsw %1, 0(%2)"
#define LB_AMO "lw %0, 0(%4)\n\tamoswap.w.rl zero, %3, (%2)"

SIDE(lb_t0, Y, X, 0, LB_PLAIN)
SIDE(lb_t1, X, Y, 1, LB_PLAIN)
SIDE(lb_fence_t0, Y, X, 0, LB_FENCE)
SIDE(lb_fence_t1, X, Y, 1, LB_FENCE)
SIDE(lb_data_t0, Y, X, 0, LB_DATA)
SIDE(lb_data_t1, X, Y, 1, LB_DATA)
SIDE(lb_amo_t0, Y, X, 0, LB_AMO)
SIDE(lb_amo_t1, X, Y, 1, LB_AMO)

/* 2+2W: thread 0 writes x=1 then y=2, thread 1 y=1 then x=2. Forbidden
 * with store-store order on both sides: x and y both end as 1. */
static void w22_t0(struct lt_ctx *c)
{
    __asm__ volatile("sw %1, 0(%0)\n\tsw %2, 0(%3)"
                     : : "r"(X), "r"(1), "r"(2), "r"(Y) : "memory");
}

static void w22_t1(struct lt_ctx *c)
{
    __asm__ volatile("sw %1, 0(%0)\n\tsw %2, 0(%3)"
                     : : "r"(Y), "r"(1), "r"(2), "r"(X) : "memory");
}

static void w22_fence_t0(struct lt_ctx *c)
{
    __asm__ volatile("sw %1, 0(%0)\n\tfence w,w\n\tsw %2, 0(%3)"
                     : : "r"(X), "r"(1), "r"(2), "r"(Y) : "memory");
}

static void w22_fence_t1(struct lt_ctx *c)
{
    __asm__ volatile("sw %1, 0(%0)\n\tfence w,w\n\tsw %2, 0(%3)"
                     : : "r"(Y), "r"(1), "r"(2), "r"(X) : "memory");
}

#define MP_BAD LT_BIT(1, 0)
#define SB_BAD LT_BIT(0, 0)
#define LB_BAD LT_BIT(1, 1)
#define W22_BAD LT_BIT(0, 0)

LT_LOOPS(mp)
LT_LOOPS(mp_fences)
LT_LOOPS(mp_full)
LT_LOOPS(mp_addr)
LT_LOOPS(mp_amo)
LT_LOOPS(sb)
LT_LOOPS(sb_fence)
LT_LOOPS(sb_amo)
LT_LOOPS(sb_lrsc)
LT_LOOPS(lb)
LT_LOOPS(lb_fence)
LT_LOOPS(lb_data)
LT_LOOPS(lb_amo)
LT_LOOPS(w22)
LT_LOOPS(w22_fence)

static const struct lt_shape shapes[] = {
    {"MP", LT_LOOP(mp), LT_REGS, 0, "flag,data"},
    {"MP+fence.rw.w+fence.r.rw", LT_LOOP(mp_fences), LT_REGS, MP_BAD,
     "flag,data"},
    {"MP+fence.rw.rw", LT_LOOP(mp_full), LT_REGS, MP_BAD, "flag,data"},
    {"MP+fence.w.w+addr", LT_LOOP(mp_addr), LT_REGS, MP_BAD, "flag,data"},
    {"MP+amoswap.rl+amoor.aq", LT_LOOP(mp_amo), LT_REGS, MP_BAD,
     "flag,data"},
    {"SB", LT_LOOP(sb), LT_REGS, 0, "r0,r1"},
    {"SB+fence.rw.rw", LT_LOOP(sb_fence), LT_REGS, SB_BAD, "r0,r1"},
    {"SB+amoswap.aqrl", LT_LOOP(sb_amo), LT_REGS, SB_BAD, "r0,r1"},
    {"SB+lr.sc.aqrl", LT_LOOP(sb_lrsc), LT_REGS, SB_BAD, "r0,r1"},
    {"LB", LT_LOOP(lb), LT_REGS, 0, "r0,r1"},
    {"LB+fence.r.w", LT_LOOP(lb_fence), LT_REGS, LB_BAD, "r0,r1"},
    {"LB+datas", LT_LOOP(lb_data), LT_REGS, LB_BAD, "r0,r1"},
    {"LB+amoswap.rl", LT_LOOP(lb_amo), LT_REGS, LB_BAD, "r0,r1"},
    {"2+2W", LT_LOOP(w22), LT_FINAL, 0, "x==2,y==2"},
    {"2+2W+fence.w.w", LT_LOOP(w22_fence), LT_FINAL, W22_BAD,
     "x==2,y==2"},
};

int main(int argc, char **argv)
{
    return lt_main(argc, argv, shapes, sizeof(shapes) / sizeof(shapes[0]),
                   20000);
}
