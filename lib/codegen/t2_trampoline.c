/*
 * t2_trampoline.c — the tier-1 -> tier-2 trampoline, its slot arena and
 * the patch of a tier-1 block entry (t2_trampoline.h).
 */
#define _GNU_SOURCE
#include "t2_trampoline.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "code_cache.h"
#include "t1_internal.h"

/* The two pointers the trampoline reads sit at the end of its slot (data,
 * read-only once written): the region function and the epilogue. */
#define SLOT_FN (T2_TRAMP_SLOT - 16)
#define SLOT_EPILOGUE (T2_TRAMP_SLOT - 8)

static void emit_jump_cache_probe(struct x86_buf *b)
{
    /* rcx = ctx->pc; rax = its jump-cache entry. */
    x86_load(b, 8, X86_RCX, x86_mem_bd(T1_STATE, IR_CTX_OFF(pc)));
    t1_emit_jc_entry(b, X86_RCX);
    x86_alu_rm(b, X86_CMP, 8, X86_RCX, x86_mem_bd(X86_RAX, 0));
    size_t miss = x86_jcc_rel32(b, X86_CC_NE);
    x86_jmp_m(b, x86_mem_bd(X86_RAX, 8));
    x86_patch_rel32(b, miss, x86_buf_used(b));
    x86_mov_ri(b, X86_RAX, CG_EXIT_INDIRECT);
}

bool t2_emit_trampoline(uint8_t *slot, const struct t2_tramp_params *p)
{
    struct x86_buf b;
    x86_buf_init(&b, slot, SLOT_FN);
    if (p->entries) {
        x86_mov_ri(&b, X86_RAX, (uint64_t)(uintptr_t)p->entries);
        x86_alu_mi(&b, X86_ADD, 8, x86_mem_bd(X86_RAX, 0), 1);
    }
    x86_store_imm(&b, 1, x86_mem_bd(T1_STATE, p->flag_off), 1);
    x86_mov_rr(&b, 8, X86_RDI, T1_STATE);
    size_t fn = x86_lea_rip(&b, X86_RAX);
    x86_patch_rel32(&b, fn, SLOT_FN);
    x86_call_m(&b, x86_mem_bd(X86_RAX, 0));
    x86_store_imm(&b, 1, x86_mem_bd(T1_STATE, p->flag_off), 0);
    if (p->iters_off && p->iterations) {
        /* rax:rdx hold the exit; rcx and r8 are free after the call. */
        x86_load(&b, 8, X86_RCX, x86_mem_bd(T1_STATE, p->iters_off));
        x86_store_imm(&b, 8, x86_mem_bd(T1_STATE, p->iters_off), 0);
        x86_mov_ri(&b, X86_R8, (uint64_t)(uintptr_t)p->iterations);
        x86_alu_mr(&b, X86_ADD, 8, x86_mem_bd(X86_R8, 0), X86_RCX);
    }
    /* LL_EXIT_JUMP (0) and LL_EXIT_INDIRECT (1): continue at ctx->pc. */
    _Static_assert(CG_EXIT_CHAIN == 0 && CG_EXIT_INDIRECT == 1 &&
                       CG_EXIT_POLL == 2 && CG_EXIT_TRAP == 3 &&
                       CG_EXIT_FAULT == 4,
                   "tier 2 exit numbers are tier 1's (ll_region.h)");
    x86_alu_ri(&b, X86_CMP, 4, X86_RAX, CG_EXIT_INDIRECT);
    size_t leave = x86_jcc_rel32(&b, X86_CC_A);
    emit_jump_cache_probe(&b);
    x86_patch_rel32(&b, leave, x86_buf_used(&b));
    size_t epi = x86_lea_rip(&b, X86_RCX);
    x86_patch_rel32(&b, epi, SLOT_EPILOGUE);
    x86_jmp_m(&b, x86_mem_bd(X86_RCX, 0));
    if (b.overflow)
        return false;
    memcpy(slot + SLOT_FN, &p->fn, sizeof(p->fn));
    memcpy(slot + SLOT_EPILOGUE, &p->epilogue, sizeof(p->epilogue));
    return true;
}

struct t2_arena {
    uint8_t *base;
    size_t size;
    unsigned slots;
    uint8_t *used; /* one flag per slot */
};

/* Whether every byte of [a, a+an) can reach every byte of [b, b+bn) with
 * a rel32 (and back). */
static bool within_rel32(uintptr_t a, size_t an, uintptr_t b, size_t bn)
{
    uintptr_t lo = a < b ? a : b;
    uintptr_t hi = a + an > b + bn ? a + an : b + bn;
    return hi - lo < (1ull << 31) - 64;
}

/* Tries addresses after and before the code cache, stepping away from it
 * while still in rel32 reach: the ranges right next to it are often taken
 * (the guest arena, libraries; measured: an x86-64 guest's regions went
 * uninstalled in 2 runs of 3 when only the two neighbours were tried).
 * MAP_FIXED_NOREPLACE fails instead of moving the mapping (older kernels
 * take it as a hint: within_rel32 still decides). */
static uint8_t *map_near(uintptr_t near, size_t near_size, size_t size)
{
    const size_t gap = 1u << 20, step = 16u << 20;
    for (size_t i = 0; i < 64; i++) {
        uintptr_t hints[2] = {near + near_size + gap + i * step,
                              near - gap - size - i * step};
        for (int k = 0; k < 2; k++) {
            if (hints[k] < (1u << 20) || hints[k] >= ((uintptr_t)1 << 47))
                continue;
            void *p = mmap((void *)hints[k], size,
                           PROT_READ | PROT_WRITE | PROT_EXEC,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
                           -1, 0);
            if (p == MAP_FAILED)
                continue;
            if (within_rel32((uintptr_t)p, size, near, near_size))
                return p;
            munmap(p, size);
        }
    }
    return NULL;
}

struct t2_arena *t2_arena_create(const void *near, size_t near_size,
                                 unsigned slots)
{
    struct t2_arena *a = calloc(1, sizeof(*a));
    if (!a)
        return NULL;
    a->slots = slots;
    a->size = ((size_t)slots * T2_TRAMP_SLOT + 4095) & ~(size_t)4095;
    a->used = calloc(slots, 1);
    a->base = a->used ? map_near((uintptr_t)near, near_size, a->size) : NULL;
    if (!a->base) {
        free(a->used);
        free(a);
        return NULL;
    }
    return a;
}

void t2_arena_destroy(struct t2_arena *a)
{
    if (!a)
        return;
    munmap(a->base, a->size);
    free(a->used);
    free(a);
}

uint8_t *t2_arena_alloc(struct t2_arena *a)
{
    for (unsigned i = 0; i < a->slots; i++)
        if (!a->used[i]) {
            a->used[i] = 1;
            return a->base + (size_t)i * T2_TRAMP_SLOT;
        }
    return NULL;
}

void t2_arena_free(struct t2_arena *a, uint8_t *slot)
{
    if (slot)
        a->used[(size_t)(slot - a->base) / T2_TRAMP_SLOT] = 0;
}

bool t2_emit_entry_counter(uint8_t *slot, const uint8_t *entry,
                           uint64_t *counter)
{
    uint8_t expect[16];
    size_t first = t1_entry_poll_test(expect), body;
    const uint8_t *poll_stub = t1_entry_poll_stub(entry, &body);
    if (memcmp(entry, expect, first) != 0 || !poll_stub)
        return false;
    struct x86_buf b;
    x86_buf_init(&b, slot, T2_TRAMP_SLOT);
    /* rax is free at a block entry (tier 1 starts with nothing cached). */
    x86_mov_ri(&b, X86_RAX, (uint64_t)(uintptr_t)counter);
    x86_alu_mi(&b, X86_ADD, 8, x86_mem_bd(X86_RAX, 0), 1);
    x86_alu_mi(&b, X86_CMP, 4, x86_mem_bd(T1_STATE, IR_CTX_OFF(poll)), 0);
    size_t to_poll = x86_jcc_rel32(&b, X86_CC_NE);
    size_t to_block = x86_jmp_rel32(&b);
    if (b.overflow)
        return false;
    x86_set_rel32(slot + to_poll, poll_stub);
    x86_set_rel32(slot + to_block, entry + body);
    return true;
}

void t2_unpatch_entry(uint8_t *entry)
{
    uint8_t expect[16];
    size_t first = t1_entry_poll_test(expect);
    uint64_t word;
    memcpy(&word, entry, 8);
    memcpy(&word, expect, first < 8 ? first : 8);
    __atomic_store_n((uint64_t *)(void *)entry, word, __ATOMIC_RELEASE);
}

bool t2_patch_entry(uint8_t *entry, const void *tramp)
{
    uint8_t expect[16];
    size_t first = t1_entry_poll_test(expect);
    int64_t rel = (const uint8_t *)tramp - (entry + 5);
    if (((uintptr_t)entry & 7) || first < 5 ||
        memcmp(entry, expect, first) != 0 || rel != (int32_t)rel)
        return false;
    /* jmp rel32 over the first 5 bytes; the rest of the word unchanged (a
     * longer first instruction is never reached again). */
    uint64_t word;
    memcpy(&word, entry, 8);
    struct x86_buf j;
    x86_buf_init(&j, &word, 8);
    size_t field = x86_jmp_rel32(&j);
    int32_t r32 = (int32_t)rel;
    memcpy((uint8_t *)&word + field, &r32, 4);
    __atomic_store_n((uint64_t *)(void *)entry, word, __ATOMIC_RELEASE);
    return true;
}
