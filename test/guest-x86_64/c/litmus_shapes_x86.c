/*
 * x86-64 TSO litmus tests: message passing (MP), load buffering (LB) and
 * 2+2W with plain movs (all three forbidden on TSO), and store buffering
 * (SB), whose r0=r1=0 TSO allows with plain movs and forbids with mfence,
 * xchg or a lock-prefixed instruction. The harness is
 * test/guest/litmus.h (ITERS = argv[1], default 20000); the riscv64
 * (RVWMO) counterpart is test/guest/litmus_shapes.c.
 */
#include "litmus.h"

#define X (&c->x.v)
#define Y (&c->y.v)

/* MP: data (x) then flag (y); the reader takes flag then data. */
static void mp_t0(struct lt_ctx *c)
{
    __asm__ volatile("movl $1, (%0)\n\tmovl $1, (%1)" : : "r"(X), "r"(Y)
                     : "memory");
}

static void mp_t1(struct lt_ctx *c)
{
    int f, d;
    __asm__ volatile("movl (%2), %0\n\tmovl (%3), %1"
                     : "=&r"(f), "=&r"(d) : "r"(Y), "r"(X) : "memory");
    c->r[0] = f;
    c->r[1] = d;
}

/* SB and LB sides: %0 the value read, %1 a scratch register, %2 the
 * thread's own location, %3 the other's. */
#define SIDE(NAME, MINE, OTHER, IDX, BODY)                                    \
    static void NAME(struct lt_ctx *c)                                        \
    {                                                                         \
        int r, t;                                                             \
        __asm__ volatile(BODY : "=&r"(r), "=&r"(t) : "r"(MINE), "r"(OTHER)    \
                         : "memory");                                         \
        c->r[IDX] = r;                                                        \
    }

#define SB_PLAIN "movl $1, (%2)\n\tmovl (%3), %0"
#define SB_MFENCE "movl $1, (%2)\n\tmfence\n\tmovl (%3), %0"
#define SB_XCHG "movl $1, %1\n\txchgl %1, (%2)\n\tmovl (%3), %0"
#define SB_XADD "movl $1, %1\n\tlock xaddl %1, (%2)\n\tmovl (%3), %0"
#define LB_PLAIN "movl (%3), %0\n\tmovl $1, (%2)"

SIDE(sb_t0, X, Y, 0, SB_PLAIN)
SIDE(sb_t1, Y, X, 1, SB_PLAIN)
SIDE(sb_mfence_t0, X, Y, 0, SB_MFENCE)
SIDE(sb_mfence_t1, Y, X, 1, SB_MFENCE)
SIDE(sb_xchg_t0, X, Y, 0, SB_XCHG)
SIDE(sb_xchg_t1, Y, X, 1, SB_XCHG)
SIDE(sb_xadd_t0, X, Y, 0, SB_XADD)
SIDE(sb_xadd_t1, Y, X, 1, SB_XADD)
SIDE(lb_t0, Y, X, 0, LB_PLAIN)
SIDE(lb_t1, X, Y, 1, LB_PLAIN)

/* 2+2W: x=1, y=2 against y=1, x=2; TSO keeps each thread's stores in
 * order, so x and y cannot both end as 1. */
static void w22_t0(struct lt_ctx *c)
{
    __asm__ volatile("movl $1, (%0)\n\tmovl $2, (%1)" : : "r"(X), "r"(Y)
                     : "memory");
}

static void w22_t1(struct lt_ctx *c)
{
    __asm__ volatile("movl $1, (%0)\n\tmovl $2, (%1)" : : "r"(Y), "r"(X)
                     : "memory");
}

LT_LOOPS(mp)
LT_LOOPS(sb)
LT_LOOPS(sb_mfence)
LT_LOOPS(sb_xchg)
LT_LOOPS(sb_xadd)
LT_LOOPS(lb)
LT_LOOPS(w22)

static const struct lt_shape shapes[] = {
    {"MP", LT_LOOP(mp), LT_REGS, LT_BIT(1, 0), "flag,data"},
    {"SB", LT_LOOP(sb), LT_REGS, 0, "r0,r1"},
    {"SB+mfence", LT_LOOP(sb_mfence), LT_REGS, LT_BIT(0, 0), "r0,r1"},
    {"SB+xchg", LT_LOOP(sb_xchg), LT_REGS, LT_BIT(0, 0), "r0,r1"},
    {"SB+lock.xadd", LT_LOOP(sb_xadd), LT_REGS, LT_BIT(0, 0), "r0,r1"},
    {"LB", LT_LOOP(lb), LT_REGS, LT_BIT(1, 1), "r0,r1"},
    {"2+2W", LT_LOOP(w22), LT_FINAL, LT_BIT(0, 0), "x==2,y==2"},
};

int main(int argc, char **argv)
{
    return lt_main(argc, argv, shapes, sizeof(shapes) / sizeof(shapes[0]),
                   20000);
}
