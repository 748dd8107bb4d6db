/*
 * x86_tiers.c — the six ways to run a random x86-64 stream (x86_tiers.h).
 */
#include "x86_tiers.h"

#include <inttypes.h>

#include "x86_64.h"
#include "x86_64_sse.h"

void xt_init(struct xt_world *x)
{
    memset(x, 0, sizeof(*x));
    h_init(&x->w);
    char err[256] = "";
    x->be = ll_backend_get();
    h_check(x->be->abi == LL_BACKEND_ABI, "ll_backend ABI", NULL);
    x->jit = x->be->create(2, ir_helper_table, err, sizeof(err));
    h_check(x->jit != NULL, "ll_backend create", err);
#define XT_FLAG_WORD(f) x->flags.off[x->flags.n++] = X86_FLAG_OFF(f);
    X86_FLAG_WORDS(XT_FLAG_WORD)
#undef XT_FLAG_WORD
}

static void forget_blocks(struct xt_world *x)
{
    for (unsigned i = 0; i < x->n_blocks; i++)
        for (unsigned v = 0; v < 2; v++) {
            if (x->blk[i].code[v])
                x->be->release(x->jit, x->blk[i].code[v]);
            ir_block_free(&x->blk[i].ir[v]);
        }
    memset(x->blk, 0, sizeof(x->blk));
    x->n_blocks = 0;
}

void xt_fini(struct xt_world *x)
{
    forget_blocks(x);
    x->be->destroy(x->jit);
    h_fini(&x->w);
}

void xt_set_stream(struct xt_world *x, const struct xr_code *code,
                   const uint8_t *data)
{
    forget_blocks(x);
    x->code = code;
    memcpy(x->data, data, H_DATA_LEN);
}

static void copy_block(struct ir_block *to, const struct ir_block *from)
{
    *to = *from;
    to->insns = malloc(sizeof(*to->insns) * (from->cap ? from->cap : 1));
    h_check(to->insns != NULL, "out of memory", NULL);
    memcpy(to->insns, from->insns, sizeof(*to->insns) * from->n);
}

/* The block at pc, lifted (and its pass-on copy made) on first use; NULL
 * with x->why set when the lifter or the pass made invalid IR. */
static struct xt_block *block_at(struct xt_world *x, uint64_t pc)
{
    for (unsigned i = 0; i < x->n_blocks; i++)
        if (x->blk[i].ir[0].pc == pc)
            return &x->blk[i];
    h_check(x->n_blocks < XT_MAX_BLOCKS, "too many blocks in a stream", NULL);
    struct xt_block *k = &x->blk[x->n_blocks++];
    ir_block_init(&k->ir[0], pc);
    x86_lift_block(&k->ir[0], pc, xr_fetch, (void *)x->code);
    const char *bad = ir_validate(&k->ir[0]);
    copy_block(&k->ir[1], &k->ir[0]);
    if (bad) {
        snprintf(x->why, sizeof(x->why), "invalid IR from the lifter: %s", bad);
        return NULL;
    }
    opt_dead_flags(&k->ir[1], &x->flags, &x->stats);
    if ((bad = ir_validate(&k->ir[1]))) {
        snprintf(x->why, sizeof(x->why), "invalid IR after the pass: %s", bad);
        return NULL;
    }
    return k;
}

static enum interp_result run_tier1(struct xt_world *x, const struct ir_block *b,
                                    struct ir_ctx *ctx, struct interp_exit *ex)
{
    const char *why = NULL;
    const void *entry = cg_translate(x->w.cache, b, &why);
    if (!entry) {
        snprintf(x->why, sizeof(x->why), "tier 1 cannot translate: %s", why);
        return INTERP_TRAP;
    }
    struct mmu_catch c;
    c.lo = (uintptr_t)ctx->mem_base;
    c.hi = c.lo + ctx->mem_limit + MMU_GUARD_SIZE;
    if (sigsetjmp(c.env, 0)) {
        h_check(cg_restore_state(x->w.cache, c.host_pc, c.host_regs, ctx),
                "host fault outside any guest access", NULL);
        ex->addr = c.guest_addr;
        ex->write = c.write;
        return INTERP_FAULT;
    }
    mmu_catch_enter(&c);
    struct cg_exit e = cg_run(x->w.cache, ctx, entry);
    mmu_catch_leave();
    switch ((enum cg_exit_kind)(e.code & CG_EXIT_KIND_MASK)) {
    case CG_EXIT_TRAP:
        ex->trap = (enum ir_trap)e.arg;
        return INTERP_TRAP;
    case CG_EXIT_FAULT:
        ex->addr = e.arg;
        ex->write = (e.code & CG_FAULT_WRITE) != 0;
        ex->misaligned = (e.code & CG_FAULT_MISALIGNED) != 0;
        return INTERP_FAULT;
    case CG_EXIT_POLL:
        h_check(false, "unexpected poll exit (tier 1)", NULL);
        return INTERP_TRAP;
    default:
        return INTERP_JUMP;
    }
}

static enum interp_result run_llvm(struct xt_world *x, struct xt_block *k,
                                   unsigned v, struct ir_ctx *ctx,
                                   struct interp_exit *ex)
{
    if (!k->code[v]) {
        char err[512] = "";
        const struct ir_block *list[1] = {&k->ir[v]};
        struct ll_region r = {.blocks = list, .n = 1, .tso = true};
        /* LLVM's own floating point raises host MXCSR flags: not the
         * guest's (vm-run compiles on another thread). */
        x86_mxcsr_sync((struct x86_cpu *)ctx);
        k->code[v] = x->be->compile(x->jit, &r, err, sizeof(err));
        x86_mxcsr_discard();
        if (!k->code[v]) {
            snprintf(x->why, sizeof(x->why), "LLVM cannot compile: %s", err);
            return INTERP_TRAP;
        }
    }
    ll_region_fn fn = x->be->entry(k->code[v]);
    struct mmu_catch c;
    c.lo = (uintptr_t)ctx->mem_base;
    c.hi = c.lo + ctx->mem_limit + MMU_GUARD_SIZE;
    if (sigsetjmp(c.env, 0)) {
        ex->addr = c.guest_addr;
        ex->write = c.write;
        return INTERP_FAULT;
    }
    mmu_catch_enter(&c);
    struct ll_exit e = fn(ctx);
    mmu_catch_leave();
    switch ((enum ll_exit_kind)(e.code & LL_EXIT_KIND_MASK)) {
    case LL_EXIT_TRAP:
        ex->trap = (enum ir_trap)e.arg;
        return INTERP_TRAP;
    case LL_EXIT_FAULT:
        ex->addr = e.arg;
        ex->write = (e.code & LL_FAULT_WRITE) != 0;
        ex->misaligned = (e.code & LL_FAULT_MISALIGNED) != 0;
        return INTERP_FAULT;
    case LL_EXIT_POLL:
        h_check(false, "unexpected poll exit (LLVM)", NULL);
        return INTERP_TRAP;
    default:
        return INTERP_JUMP;
    }
}

bool xt_run(struct xt_world *x, enum xt_tier tier, bool pass,
            const struct x86_cpu *start, struct xt_outcome *o)
{
    memcpy(h_data(&x->w), x->data, H_DATA_LEN);
    memcpy(&o->cpu, start, sizeof(o->cpu)); /* padding too: memcmp'd */
    /* MXCSR flags inline SSE raises wait in the host's MXCSR (lib/lift/
     * x86_64/README.md): none from the previous run, all folded in after. */
    x86_mxcsr_discard();
    const uint64_t lo = x->code->pc, hi = x->code->pc + x->code->len;
    o->blocks = 0;
    x->why[0] = 0;
    uint64_t pc = lo;
    do {
        struct xt_block *k = block_at(x, pc);
        if (!k)
            return false;
        const struct ir_block *b = &k->ir[pass];
        memset(&o->ex, 0, sizeof(o->ex));
        o->blocks++;
        if (tier == XT_INTERP)
            o->r = interp_run(b, &o->cpu.ctx, &o->ex);
        else if (tier == XT_TIER1)
            o->r = run_tier1(x, b, &o->cpu.ctx, &o->ex);
        else
            o->r = run_llvm(x, k, pass, &o->cpu.ctx, &o->ex);
        if (x->why[0])
            return false;
        pc = o->cpu.ctx.pc;
    } while (o->r == INTERP_JUMP && pc >= lo && pc < hi &&
             o->blocks < XT_MAX_BLOCKS);
    x86_mxcsr_sync(&o->cpu);
    memcpy(o->mem, h_data(&x->w), H_DATA_LEN);
    return true;
}

/* The name of the 8-byte state word at off. */
static void word_name(size_t off, char *buf, size_t size)
{
    static const struct { size_t off; const char *name; } flags[] = {
#define XT_FLAG_NAME(f) {X86_FLAG_OFF(f), #f},
        X86_FLAG_WORDS(XT_FLAG_NAME)
#undef XT_FLAG_NAME
    };
    static const char *const gpr[16] = {"rax", "rcx", "rdx", "rbx", "rsp", "rbp",
                                        "rsi", "rdi", "r8", "r9", "r10", "r11",
                                        "r12", "r13", "r14", "r15"};
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
        if (flags[i].off == off) {
            snprintf(buf, size, "flag %s", flags[i].name);
            return;
        }
    if (off >= X86_GPR_OFF(0) && off < X86_GPR_OFF(16))
        snprintf(buf, size, "%s", gpr[(off - X86_GPR_OFF(0)) / 8]);
    else if (off >= X86_XMM_OFF(0) && off < X86_XMM_OFF(16))
        snprintf(buf, size, "xmm%zu.%s", (off - X86_XMM_OFF(0)) / 16,
                 (off - X86_XMM_OFF(0)) % 16 ? "hi" : "lo");
    else
        snprintf(buf, size, "state+%zu", off);
}

const char *xt_diff(const struct xt_outcome *a, const struct xt_outcome *b,
                    char *buf, size_t size)
{
    if (a->r != b->r)
        return "exit kind";
    if (a->r == INTERP_TRAP && a->ex.trap != b->ex.trap)
        return "trap";
    if (a->r == INTERP_FAULT &&
        (a->ex.addr != b->ex.addr || a->ex.misaligned != b->ex.misaligned))
        return "fault address";
    if (a->cpu.ctx.pc != b->cpu.ctx.pc)
        return "pc";
    if (a->blocks != b->blocks)
        return "blocks run";
    const uint8_t *pa = (const uint8_t *)&a->cpu, *pb = (const uint8_t *)&b->cpu;
    for (size_t off = 0; off < sizeof(a->cpu); off += 8)
        if (memcmp(pa + off, pb + off, 8) != 0) {
            word_name(off, buf, size);
            return buf;
        }
    if (memcmp(a->mem, b->mem, sizeof(a->mem)) != 0)
        return "memory";
    return NULL;
}
