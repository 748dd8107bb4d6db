/*
 * mmu_fault.c — the host SIGSEGV/SIGBUS handler behind mmu_catch scopes.
 */
#define _GNU_SOURCE
#include "mmu_fault.h"

#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <ucontext.h>
#include <xmmintrin.h>

static _Thread_local struct mmu_catch *volatile current_catch;

/* x86-64 page-fault error code: bit 1 set for a write access. */
#define PF_WRITE_BIT 2

static void (*sent_handler)(int, siginfo_t *, void *);
static mmu_resume_fn resume_fn;
/* The handlers before ours: a host bug goes back to them (the default
 * action, or a sanitizer's report and libFuzzer's crash file). */
static struct sigaction old_segv, old_bus;

/* ucontext's gregs index of each x86-64 register, by register number. */
static const int greg_of_reg[16] = {
    REG_RAX, REG_RCX, REG_RDX, REG_RBX, REG_RSP, REG_RBP, REG_RSI, REG_RDI,
    REG_R8,  REG_R9,  REG_R10, REG_R11, REG_R12, REG_R13, REG_R14, REG_R15,
};

void mmu_fault_set_sent_handler(void (*handler)(int, siginfo_t *, void *))
{
    sent_handler = handler;
}

void mmu_fault_set_resume(mmu_resume_fn fn)
{
    __atomic_store_n(&resume_fn, fn, __ATOMIC_RELEASE);
}

static void on_host_fault(int sig, siginfo_t *si, void *uc_void)
{
    if (si->si_code <= 0) {
        if (sent_handler)
            sent_handler(sig, si, uc_void);
        return;
    }
    struct mmu_catch *c = current_catch;
    uintptr_t a = (uintptr_t)si->si_addr;
    if (c && a >= c->lo && a < c->hi) {
        ucontext_t *uc = uc_void;
        mmu_resume_fn resume = __atomic_load_n(&resume_fn, __ATOMIC_ACQUIRE);
        uintptr_t rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
        uintptr_t to = resume ? resume(rip) : 0;
        if (to) { /* its careful path redoes the access, state stored */
            uc->uc_mcontext.gregs[REG_RIP] = (greg_t)to;
            return;
        }
        c->guest_addr = a - c->lo;
        c->write = (uc->uc_mcontext.gregs[REG_ERR] & PF_WRITE_BIT) != 0;
        c->host_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
        c->sig = sig;
        for (int r = 0; r < 16; r++)
            c->host_regs[r] = (uint64_t)uc->uc_mcontext.gregs[greg_of_reg[r]];
        current_catch = NULL;
        /* The kernel ran this handler with a fresh FPU state, and
         * siglongjmp does not bring back the interrupted one: its MXCSR
         * holds an x86 guest's pending exception flags
         * (lib/lift/x86_64/README.md, "SSE inline"). */
        if (uc->uc_mcontext.fpregs)
            _mm_setcsr(uc->uc_mcontext.fpregs->mxcsr);
        siglongjmp(c->env, 1);
    }
    /* Not a guest access: a host bug. Crash with the handler there was
     * before ours (the access faults again on return). */
    sigaction(sig, sig == SIGBUS ? &old_bus : &old_segv, NULL);
}

int mmu_fault_init(void)
{
    static bool installed;
    if (installed)
        return 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_host_fault;
    /* No SA_RESTART: a SIGSEGV/SIGBUS another process sends interrupts
     * blocking calls like every signal meant for the guest. */
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask); /* siglongjmp does not restore a mask */
    if (sigaction(SIGSEGV, &sa, &old_segv) != 0 ||
        sigaction(SIGBUS, &sa, &old_bus) != 0)
        return -errno;
    installed = true;
    return 0;
}

void mmu_catch_enter(struct mmu_catch *c)
{
    current_catch = c;
}

void mmu_catch_leave(void)
{
    current_catch = NULL;
}
