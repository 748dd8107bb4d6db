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

static _Thread_local struct mmu_catch *volatile current_catch;

/* x86-64 page-fault error code: bit 1 set for a write access. */
#define PF_WRITE_BIT 2

static void (*sent_handler)(int, siginfo_t *, void *);

void mmu_fault_set_sent_handler(void (*handler)(int, siginfo_t *, void *))
{
    sent_handler = handler;
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
        const ucontext_t *uc = uc_void;
        c->guest_addr = a - c->lo;
        c->write = (uc->uc_mcontext.gregs[REG_ERR] & PF_WRITE_BIT) != 0;
        c->host_pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
        c->sig = sig;
        current_catch = NULL;
        siglongjmp(c->env, 1);
    }
    /* Not a guest access: a host bug. Crash with the default action. */
    signal(sig, SIG_DFL);
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
    if (sigaction(SIGSEGV, &sa, NULL) != 0 || sigaction(SIGBUS, &sa, NULL) != 0)
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
