/*
 * x86_64_lift_misc.c — everything else of the integer set: hints and
 * fences, cpuid and rdtsc (helpers), syscall, the traps (ud2, int3, and the
 * privileged hlt/in/out/cli/sti), the flag instructions and lahf/sahf.
 */
#include "x86_64_int.h"

/* nop (any length), endbr64, pause, prefetch*: nothing to do. rdssp is a
 * hint NOP without CET shadow stacks (not reported): its register keeps
 * its value, which is how libgcc and glibc find shadow stacks disabled. */
bool x86_lift_nop(struct x86_lift *l)
{
    (void)l;
    return true;
}

bool x86_lift_fence(struct x86_lift *l)
{
    ir_emit(l->b, IR_FENCE, 8, 0, 0, 0, 0, 0);
    return true;
}

bool x86_lift_cpuid(struct x86_lift *l)
{
    ir_call(l->b, IR_H_x86_cpuid, 0, 0, 0, 0);
    return true;
}

/* edx:eax = a cycle-like counter. */
bool x86_lift_rdtsc(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    ir_temp t = ir_call(b, IR_H_rdcycle, 0, 0, 0, 0);
    x86_put_gpr(l, X86_RAX_, ir_unop(b, IR_ZEXT, 4, t));
    x86_put_gpr(l, X86_RDX_, ir_binop(b, IR_SHR, 8, t, ir_const(b, 32)));
    return true;
}

/* rcx = return address, r11 = rflags; the runtime runs the call. */
bool x86_lift_syscall(struct x86_lift *l)
{
    x86_put_gpr(l, X86_R11_, x86_rflags_read(l));
    x86_put_gpr(l, X86_RCX_, ir_const(l->b, l->next_pc));
    ir_exit_trap(l->b, IR_TRAP_SYSCALL, l->next_pc);
    l->ends_block = true;
    return true;
}

static bool trap(struct x86_lift *l, enum ir_trap why, uint64_t pc)
{
    ir_exit_trap(l->b, why, pc);
    l->ends_block = true;
    return true;
}

bool x86_lift_ud2(struct x86_lift *l)
{
    return trap(l, IR_TRAP_ILLEGAL, l->pc);
}

/* Linux reports int3 with the pc after it. */
bool x86_lift_int3(struct x86_lift *l)
{
    return trap(l, IR_TRAP_BREAKPOINT, l->next_pc);
}

bool x86_lift_privileged(struct x86_lift *l)
{
    return trap(l, IR_TRAP_PRIVILEGED, l->pc);
}

/* lahf: ah = SF:ZF:0:AF:0:PF:1:CF. */
bool x86_lift_lahf(struct x86_lift *l)
{
    struct ir_block *b = l->b;
    ir_temp v = ir_binop(b, IR_AND, 8, x86_rflags_read(l), ir_const(b, 0xd5));
    x86_write_reg(l, ZYDIS_REGISTER_AH, ir_binop(b, IR_OR, 8, v,
                                                 ir_const(b, 2)));
    return true;
}

bool x86_lift_sahf(struct x86_lift *l)
{
    ir_temp ah = x86_read_reg(l, ZYDIS_REGISTER_AH);
    static const struct { enum x86_flag f; unsigned bit; } bits[] = {
        {X86_CF, 0}, {X86_PF, 2}, {X86_AF, 4}, {X86_ZF, 6}, {X86_SF, 7},
    };
    struct x86_flag_set f = {0};
    for (size_t i = 0; i < sizeof(bits) / sizeof(*bits); i++)
        f.v[bits[i].f] = x86_bit(l, ah, bits[i].bit);
    x86_flags_commit(l, &f, 0);
    return true;
}

static bool set_flag(struct x86_lift *l, enum x86_flag f, uint64_t v)
{
    x86_put_flag(l, f, ir_const(l->b, v));
    return true;
}

bool x86_lift_cmc(struct x86_lift *l)
{
    ir_temp cf = x86_get_flag(l, X86_CF);
    x86_put_flag(l, X86_CF, ir_binop(l->b, IR_XOR, 8, cf, ir_const(l->b, 1)));
    return true;
}

bool x86_lift_clc(struct x86_lift *l) { return set_flag(l, X86_CF, 0); }
bool x86_lift_stc(struct x86_lift *l) { return set_flag(l, X86_CF, 1); }
bool x86_lift_cld(struct x86_lift *l) { return set_flag(l, X86_DF, 0); }
bool x86_lift_std(struct x86_lift *l) { return set_flag(l, X86_DF, 1); }
