/*
 * mmu_fault.h — turning host faults on the guest arena into guest faults.
 *
 * Guest code (any tier) runs inside a catch scope: while a thread is in
 * one, a host SIGSEGV/SIGBUS whose address falls in [lo, hi) jumps back to
 * the scope's sigsetjmp with the guest-relative address and whether the
 * access was a write. Any other host fault is a bug in vm: the handler
 * puts back the handler there was before (the default action, or a
 * sanitizer's report) so the process crashes visibly.
 */
#ifndef VM_MMU_FAULT_H
#define VM_MMU_FAULT_H

#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct mmu_catch {
    sigjmp_buf env;
    uintptr_t lo, hi;      /* host range whose faults are guest faults */
    uint64_t guest_addr;   /* out: faulting guest address (host - lo) */
    bool write;            /* out: the access was a write */
    uintptr_t host_pc;     /* out: host pc of the faulting instruction
                              (translated code maps it to a guest pc) */
    int sig;               /* out: SIGSEGV, or SIGBUS for a file page past
                              the end of its file */
    uint64_t host_regs[16]; /* out: the host's general registers at the
                              fault, x86-64 numbering (rax 0 ... r15 15):
                              translated code keeps guest values there */
};

/* Installs the process-wide SIGSEGV/SIGBUS handlers (idempotent).
 * Returns 0 or -errno. */
int mmu_fault_init(void);

/* A SIGSEGV or SIGBUS that another process sent (si_code <= 0) is no
 * fault: it goes to `handler` (the guest's signal machinery) instead. */
void mmu_fault_set_sent_handler(void (*handler)(int, siginfo_t *, void *));

/* Translated code whose accesses carry their own recovery (tier 2's
 * implicit checks): given the host pc of an access that faulted inside a
 * catch scope's range, returns the host pc to go on at, every register as
 * it was, or 0 for the scope's ordinary jump. Called from the signal
 * handler: it must be async-signal-safe and take no lock. */
typedef uintptr_t (*mmu_resume_fn)(uintptr_t host_pc);
void mmu_fault_set_resume(mmu_resume_fn fn);

/* Enters/leaves a catch scope on the calling thread. Scopes don't nest. */
void mmu_catch_enter(struct mmu_catch *c);
void mmu_catch_leave(void);

#endif
