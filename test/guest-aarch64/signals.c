/* signals: a SIGUSR1 handler (SA_SIGINFO, our own SA_RESTORER
 * trampoline), then a SIGSEGV whose handler checks si_addr and the
 * frame's pc and registers, and resumes after the faulting load by
 * advancing the saved pc. */
#include "nolibc.h"

#define SA_SIGINFO 4
#define SA_RESTORER 0x04000000
#define SIGUSR1 10
#define SIGSEGV 11

struct k_sigaction {
    void (*handler)(int, void *, void *);
    unsigned long flags;
    void (*restorer)(void);
    uint64_t mask;
};

/* uc_mcontext starts 176 bytes into the ucontext: fault_address, x0..x30,
 * sp, pc. */
#define UC_REG(uc, n) ((uint64_t *)((char *)(uc) + 176 + 8 + 8 * (n)))
#define UC_PC(uc) UC_REG(uc, 32)

void restorer(void);
__asm__(".global restorer\nrestorer:\n mov x8, #139\n svc #0\n");

static volatile int usr1_seen;

static void on_usr1(int sig, void *info, void *uc)
{
    (void)uc;
    put_str("SIGUSR1: sig ");
    put_dec(sig);
    put_str(" si_signo ");
    put_dec(*(int *)info);
    put_str(" si_code ");
    put_dec(((int *)info)[2]);
    put_str("\n");
    usr1_seen++;
}

extern char fault_insn[];

static void on_segv(int sig, void *info, void *uc)
{
    put_str("SIGSEGV: sig ");
    put_dec(sig);
    put_str(" si_addr ");
    put_hex(*(uint64_t *)((char *)info + 16));
    put_str(" pc at fault ");
    put_str(*UC_PC(uc) == (uint64_t)fault_insn ? "yes" : "no");
    put_str(" x19 ");
    put_hex(*UC_REG(uc, 19));
    put_str("\n");
    *UC_REG(uc, 0) = 0x5151; /* what the load "returns" */
    *UC_PC(uc) += 4;
}

static void install(int sig, void (*fn)(int, void *, void *))
{
    struct k_sigaction act = {fn, SA_SIGINFO | SA_RESTORER, restorer, 0};
    long r = sys6(NR_rt_sigaction, sig, (long)&act, 0, 8, 0, 0);
    if (r) {
        put_str("rt_sigaction failed\n");
        sys_exit(1);
    }
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    install(SIGUSR1, on_usr1);
    install(SIGSEGV, on_segv);
    sys3(NR_kill, sys3(NR_getpid, 0, 0, 0), SIGUSR1, 0);
    put_str(usr1_seen == 1 ? "usr1 handled once\n" : "usr1 not handled\n");
    uint64_t got;
    __asm__ volatile("mov x19, #0x1919\n"
                     "mov x1, #0x10\n"
                     ".global fault_insn\n"
                     "fault_insn: ldr x0, [x1]\n"
                     "mov %0, x0\n"
                     : "=r"(got)
                     :
                     : "x0", "x1", "x19", "memory");
    put_str("resumed with x0 ");
    put_hex(got);
    put_str("\n");
    return 0;
}
