/*
 * vsyscall_x86_64.c — x86-64's legacy vsyscall page: old static programs
 * call gettimeofday, time and getcpu at fixed addresses
 * (0xffffffffff600000, +0x400, +0x800). Linux's default vsyscall=xonly
 * has no readable page there; a call faults and the kernel emulates it:
 * the system call is made with the call's registers, its result goes to
 * rax and the call returns to the address on the stack. An x86-64
 * guest's jump there reaches linux_raise_fault as a fetch fault, which
 * asks here first. Any other address in the page is a SIGSEGV, as on
 * Linux.
 */
#include "linux_internal.h"
#include "x86_64_state.h"

#define VSYSCALL_BASE 0xffffffffff600000ull

bool lx_x86_vsyscall(struct rt_thread *t, int sig, uint64_t addr)
{
    if (sig != 11 || t->proc->guest->linux_abi != &linux_guest_abi_x86_64 ||
        addr < VSYSCALL_BASE || addr >= VSYSCALL_BASE + MMU_PAGE_SIZE)
        return false;
    struct x86_cpu *c = (struct x86_cpu *)t->cpu;
    if (c->ctx.pc != addr)
        return false;
    uint64_t a[6] = {c->gpr[X86_RDI_], c->gpr[X86_RSI_], c->gpr[X86_RDX_],
                     0, 0, 0};
    uint64_t ret;
    if (mmu_read(t->proc->mmu, c->gpr[X86_RSP_], &ret, sizeof(ret)))
        return false;
    int64_t r;
    switch (addr - VSYSCALL_BASE) {
    case 0x000: r = sys_gettimeofday(t, a); break;
    case 0x400: r = sys_time(t, a); break;
    case 0x800: r = sys_getcpu(t, a); break;
    default: return false;
    }
    c->gpr[X86_RAX_] = (uint64_t)r;
    c->gpr[X86_RSP_] += 8;
    c->ctx.pc = ret;
    return true;
}
