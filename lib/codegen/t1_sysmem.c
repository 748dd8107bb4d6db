/*
 * t1_sysmem.c — system mode's guest memory access in tier 1: the inline
 * TLB lookup that stands in for the arena fast path (t1_mem.c's hook
 * calls it when t1_options.sys_mem is set), and its out-of-line miss stub.
 *
 * Hit path (rax, rcx scratch; T1_BASE / T1_LIMIT hold the loads' and the
 * stores' TLB tables, see tier1.h):
 *     rax = table + ((va >> 12) & (entries - 1)) * entry size
 *     rcx = (va + size - 1) & ~0xfff     the page of the last byte: an
 *     cmp rcx, [rax + tag]               access crossing a page misses
 *     jne miss
 *     rcx = [rax + addend] + va          the access is then [rcx]
 * Miss stub: the host registers the C ABI may clobber that can hold temps
 * or dirty guest registers are pushed around the call of the slow path,
 * which returns the host address to resume at (rcx) or NULL for a fault;
 * the fault leaves like a bounds stub, with the access's snapshot of
 * dirty guest registers, so the guest state is that of the faulting
 * instruction's start.
 */
#include <stddef.h>

#include "t1_internal.h"
#include "tier1.h"

#define GUEST_PAGE_SHIFT 12

/* Caller-saved allocatable registers: the slow path may clobber them. */
static const enum x86_reg clobbered[] = {X86_RSI, X86_RDI, X86_R8,
                                         X86_R9,  X86_R10, X86_R11};
#define N_CLOBBERED (sizeof(clobbered) / sizeof(clobbered[0]))
_Static_assert(N_CLOBBERED % 2 == 0, "pushes keep rsp 16-byte aligned");

struct x86_mem t1_sys_mem_access(struct t1 *t, const struct ir_insn *in,
                                 enum x86_reg addr, unsigned kind,
                                 enum x86_reg value_reg, int64_t value_imm)
{
    const struct ir_sys_tlb *sm = t->opts->sys_mem;
    struct x86_buf *buf = &t->buf;
    bool write = kind != IR_SYS_LOAD;
    x86_mov_rr(buf, 8, X86_RAX, addr);
    x86_shift_ri(buf, X86_SHR, 8, X86_RAX,
                 (uint8_t)(GUEST_PAGE_SHIFT - sm->entry_shift));
    x86_alu_ri(buf, X86_AND, 4, X86_RAX,
               (int32_t)(((1u << sm->index_bits) - 1) << sm->entry_shift));
    x86_alu_rr(buf, X86_ADD, 8, X86_RAX, write ? T1_LIMIT : T1_BASE);
    if (in->size > 1)
        x86_lea(buf, X86_RCX, x86_mem_bd(addr, (int32_t)in->size - 1));
    else
        x86_mov_rr(buf, 8, X86_RCX, addr);
    x86_alu_ri(buf, X86_AND, 8, X86_RCX, -(1 << GUEST_PAGE_SHIFT));
    x86_alu_rm(buf, X86_CMP, 8, X86_RCX,
               x86_mem_bd(X86_RAX, sm->tag_off[write]));
    size_t miss = x86_jcc_rel32(buf, X86_CC_NE);
    uint32_t n = t->n_stubs;
    t1_add_stub(t, T1_STUB_TLB, miss, addr, write);
    x86_load(buf, 8, X86_RCX, x86_mem_bd(X86_RAX, sm->addend_off));
    x86_alu_rr(buf, X86_ADD, 8, X86_RCX, addr);
    if (t->n_stubs > n) {
        struct t1_stub *s = &t->stubs[n];
        s->resume = x86_buf_used(buf);
        s->sys_kind = (uint16_t)(in->size | kind << 8);
        s->b_reg = (int8_t)value_reg;
        s->imm = (uint64_t)value_imm;
    }
    return x86_mem_bd(X86_RCX, 0);
}

void t1_emit_sys_mem_stub(struct t1 *t, const struct t1_stub *s)
{
    struct x86_buf *buf = &t->buf;
    const struct ir_sys_tlb *sm = t->opts->sys_mem;
    for (size_t i = 0; i < N_CLOBBERED; i++)
        x86_push(buf, clobbered[i]);
    /* Arguments (ctx, va, value, kind): the value first, as the address
     * may sit in rsi or rdi. */
    if ((s->sys_kind >> 8) == IR_SYS_STORE && s->b_reg != X86_NOREG)
        x86_mov_rr(buf, 8, X86_RDX, (enum x86_reg)s->b_reg);
    else
        x86_mov_ri(buf, X86_RDX, s->imm);
    x86_mov_rr(buf, 8, X86_RSI, (enum x86_reg)s->addr_reg);
    x86_mov_rr(buf, 8, X86_RDI, T1_STATE);
    x86_mov_ri(buf, X86_RCX, s->sys_kind);
    /* JIT code only (never AOT): the hook's absolute address is fine. */
    x86_mov_ri(buf, X86_RAX, (uint64_t)(uintptr_t)sm);
    x86_call_m(buf, x86_mem_bd(X86_RAX, offsetof(struct ir_sys_tlb, slow)));
    for (size_t i = N_CLOBBERED; i-- > 0;)
        x86_pop(buf, clobbered[i]);
    x86_test_rr(buf, 8, X86_RAX, X86_RAX);
    size_t fault = x86_jcc_rel32(buf, X86_CC_E);
    x86_mov_rr(buf, 8, X86_RCX, X86_RAX);
    size_t back = x86_jmp_rel32(buf);
    x86_patch_rel32(buf, back, s->resume);
    x86_patch_rel32(buf, fault, x86_buf_used(buf));
    for (unsigned k = 0; k < s->n_live; k++)
        x86_store(buf, 8, x86_mem_bd(T1_STATE, (int32_t)s->live[k].state_off),
                  (enum x86_reg)s->live[k].host_reg);
    t1_set_pc_imm(t, s->guest_pc);
    x86_mov_rr(buf, 8, X86_RDX, (enum x86_reg)s->addr_reg);
    t1_exit_to_runtime(t, CG_EXIT_FAULT | (s->write ? CG_FAULT_WRITE : 0));
}
