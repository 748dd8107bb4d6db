/*
 * random_diff_x86.c — the random differential test of the x86-64 guest.
 *
 * usage: random_diff_x86 SEED STREAMS [all|int|sse]
 *
 * Draws STREAMS seeded random x86-64 instruction streams (x86_random.h)
 * with random registers, flag words, xmm and data pages, and runs each
 * six ways (x86_tiers.h): interpreter, tier 1 and LLVM (O2), each with
 * the dead-flag pass off and on. All must end exactly like the
 * interpreter with the pass off: exit, trap, fault address, pc, the whole
 * struct x86_cpu (flag words included) and the data pages. Fails (status
 * 1) at the first difference, printing the seed, the stream disassembled,
 * the values that differ and the IR of its blocks; also fails when some
 * form of the generator's table never encoded (a table bug) or when the
 * pass removed no flag PUT at all over the run. The optional family
 * limits the draw to integer or SSE forms (for triage; the form coverage
 * check then covers that family only).
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x86_64.h"
#include "x86_tiers.h"

#define CODE_PC UINT64_C(0x100000)

static const char *const tier_name[XT_TIERS] = {"interp", "tier1", "llvm"};

static void print_stream(const struct xr_code *c)
{
    for (size_t off = 0; off < c->len;) {
        char text[128];
        unsigned n = x86_disasm(c->bytes + off, c->len - off, c->pc + off, text,
                                sizeof(text));
        fprintf(stderr, "  %#" PRIx64 ":", c->pc + off);
        for (unsigned i = 0; i < (n ? n : 1); i++)
            fprintf(stderr, " %02x", c->bytes[off + i]);
        fprintf(stderr, "   %s\n", n ? text : "(undecodable)");
        off += n ? n : 1;
    }
}

static void print_words(const struct xt_outcome *a, const struct xt_outcome *b)
{
    const uint64_t *wa = (const uint64_t *)&a->cpu, *wb = (const uint64_t *)&b->cpu;
    for (size_t i = 0; i < sizeof(a->cpu) / 8; i++)
        if (wa[i] != wb[i])
            fprintf(stderr, "  state word at +%zu: %#" PRIx64 " (reference) / %#"
                            PRIx64 "\n", 8 * i, wa[i], wb[i]);
    for (size_t i = 0; i < sizeof(a->mem); i++)
        if (a->mem[i] != b->mem[i]) {
            fprintf(stderr, "  first memory difference at %#" PRIx64 "\n",
                    (uint64_t)(H_DATA + i));
            break;
        }
}

static void print_blocks(const struct xt_world *x, bool pass)
{
    print_stream(x->code);
    for (unsigned i = 0; i < x->n_blocks; i++) {
        fprintf(stderr, "-- block %#" PRIx64 " as lifted:\n", x->blk[i].ir[0].pc);
        ir_print(&x->blk[i].ir[0], stderr);
        if (pass) {
            fprintf(stderr, "-- after opt_dead_flags:\n");
            ir_print(&x->blk[i].ir[1], stderr);
        }
    }
}

static void report(const struct xt_world *x, uint64_t seed, uint64_t index,
                   const char *diff, enum xt_tier tier, bool pass,
                   const struct xt_outcome *ref, const struct xt_outcome *o)
{
    fprintf(stderr, "random_diff_x86: seed %" PRIu64 " stream %" PRIu64
                    ": %s differs (%s, pass %s vs interp, pass off)\n",
            seed, index, diff, tier_name[tier], pass ? "on" : "off");
    fprintf(stderr, "  exit %d/%d trap %d/%d pc %#" PRIx64 "/%#" PRIx64
                    " fault %#" PRIx64 "/%#" PRIx64 " blocks %u/%u\n",
            ref->r, o->r, ref->ex.trap, o->ex.trap, ref->cpu.ctx.pc,
            o->cpu.ctx.pc, ref->ex.addr, o->ex.addr, ref->blocks, o->blocks);
    print_words(ref, o);
    print_blocks(x, pass);
}

/* A stream that cannot run under some tier at all. */
static void report_failure(const struct xt_world *x, uint64_t seed,
                           uint64_t index, enum xt_tier tier, bool pass)
{
    fprintf(stderr, "random_diff_x86: seed %" PRIu64 " stream %" PRIu64
                    ": %s (%s, pass %s)\n",
            seed, index, x->why, tier_name[tier], pass ? "on" : "off");
    print_blocks(x, pass);
}

static void start_state(struct xr *g, const struct xt_world *x,
                        struct x86_cpu *cpu)
{
    memset(cpu, 0, sizeof(*cpu));
    cpu->ctx.mem_base = (uint64_t)(uintptr_t)mmu_base(x->w.mmu);
    cpu->ctx.mem_limit = mmu_limit(x->w.mmu);
    cpu->ctx.mem_pages = (uint64_t)(uintptr_t)mmu_page_table(x->w.mmu);
    cpu->ctx.resv_addr = IR_NO_RESERVATION;
    xr_state(g, cpu);
}

/* Prints the forms never lifted (information) and returns how many were
 * never encoded (a generator table bug). */
static unsigned coverage_report(const struct xr_coverage *cov,
                                enum xr_family family)
{
    unsigned never_encoded = 0, never_lifted = 0;
    for (size_t i = 0; i < xr_forms_len; i++) {
        if (family != XR_ALL && xr_form_is_sse(&xr_forms[i]) != (family == XR_SSE))
            continue;
        const char *name = ZydisMnemonicGetString(xr_forms[i].mnemonic);
        if (!cov->encoded[i]) {
            fprintf(stderr, "random_diff_x86: form %zu (%s) never encoded\n", i,
                    name);
            never_encoded++;
        } else if (!cov->lifted[i]) {
            printf("%s%s", never_lifted++ ? " " : "random_diff_x86: not lifted: ",
                   name);
        }
    }
    if (never_lifted)
        printf("\n");
    printf("random_diff_x86: %zu forms, %u never lifted (each still run to "
           "its ILLEGAL exit)\n", xr_forms_len, never_lifted);
    return never_encoded;
}

int main(int argc, char **argv)
{
    static const char *const family_name[] = {"all", "int", "sse"};
    enum xr_family family = XR_ALL;
    while (argc == 4 && strcmp(argv[3], family_name[family]) != 0)
        if (++family > XR_SSE) {
            argc = 0;
            break;
        }
    if (argc != 3 && argc != 4) {
        fprintf(stderr, "usage: random_diff_x86 SEED STREAMS [all|int|sse]\n");
        return 2;
    }
    uint64_t seed = strtoull(argv[1], NULL, 0);
    uint64_t streams = strtoull(argv[2], NULL, 0);
    struct xr g;
    xr_seed(&g, seed);
    static struct xt_world x;
    static struct xt_outcome ref, o;
    static struct xr_code code;
    static struct xr_coverage cov;
    static uint8_t data[H_DATA_LEN];
    xt_init(&x);
    uint64_t insns = 0, blocks = 0, by_exit[3] = {0}, by_trap[IR_NUM_TRAPS] = {0};
    for (uint64_t k = 0; k < streams; k++) {
        xr_stream(&g, &code, CODE_PC, family, &cov);
        xr_memory(&g, data, H_DATA_LEN);
        struct x86_cpu start;
        start_state(&g, &x, &start);
        xt_set_stream(&x, &code, data);
        if (!xt_run(&x, XT_INTERP, false, &start, &ref)) {
            report_failure(&x, seed, k, XT_INTERP, false);
            return 1;
        }
        for (unsigned run = 1; run < 2 * XT_TIERS; run++) {
            enum xt_tier tier = (enum xt_tier)(run / 2);
            bool pass = run % 2;
            if (!xt_run(&x, tier, pass, &start, &o)) {
                report_failure(&x, seed, k, tier, pass);
                return 1;
            }
            char buf[64];
            const char *diff = xt_diff(&ref, &o, buf, sizeof(buf));
            if (diff) {
                report(&x, seed, k, diff, tier, pass, &ref, &o);
                return 1;
            }
        }
        insns += code.n_insns;
        blocks += ref.blocks;
        by_exit[ref.r]++;
        if (ref.r == INTERP_TRAP)
            by_trap[ref.ex.trap]++;
    }
    unsigned never_encoded = coverage_report(&cov, family);
    printf("random_diff_x86: seed %" PRIu64 ": %" PRIu64 " streams (%" PRIu64
           " insns, %" PRIu64 " blocks run) agree under interp, tier1, llvm x "
           "dead-flag pass off/on; ends: %" PRIu64 " jumps, %" PRIu64
           " faults, %" PRIu64 " traps (",
           seed, streams, insns, blocks, by_exit[INTERP_JUMP],
           by_exit[INTERP_FAULT], by_exit[INTERP_TRAP]);
    for (unsigned t = 0, first = 1; t < IR_NUM_TRAPS; t++)
        if (by_trap[t]) {
            printf("%s%s %" PRIu64, first ? "" : ", ",
                   ir_trap_name((enum ir_trap)t), by_trap[t]);
            first = 0;
        }
    printf(")\n");
    const struct opt_dead_flags_stats *st = &x.stats;
    printf("random_diff_x86: dead-flag pass removed %" PRIu64 " of %" PRIu64
           " flag PUTs (%.1f%%), %" PRIu64 " dead ops\n",
           st->removed, st->flag_puts,
           st->flag_puts ? 100.0 * (double)st->removed / (double)st->flag_puts : 0.0,
           st->dead_ops);
    xt_fini(&x);
    if (st->removed == 0)
        fprintf(stderr, "random_diff_x86: the dead-flag pass removed nothing\n");
    return never_encoded || st->removed == 0 ? 1 : 0;
}
