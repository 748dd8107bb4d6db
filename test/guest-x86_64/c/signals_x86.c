/*
 * signals_x86.c — x86-64 faults delivered as Linux delivers them: SIGFPE
 * from div by zero and from idiv overflow (FPE_INTDIV, si_addr = the
 * instruction), SIGSEGV from a load of an unmapped address (SEGV_MAPERR,
 * si_addr = that address) and a store to a read-only page (SEGV_ACCERR),
 * ud2 -> SIGILL (ILL_ILLOPN at the instruction), int3 -> SIGTRAP (rip
 * after it), hlt -> SIGSEGV (SI_KERNEL). The handler reads uc_mcontext
 * (RIP, a register set before the fault, CF in EFL), edits rax and CF and
 * skips the faulting instruction by moving REG_RIP; the code after it
 * shows what it got back. Addresses print relative to the instruction.
 */
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

/* Each probe fault_X(arg) sets rbx = 0x1234, rax = 0x7777 and CF, runs
 * the faulting instruction at fault_X_insn (ending at fault_X_end), and
 * returns eax | CF << 32 as they are after it. */
#define PROBE(name, setup, insn)                                               \
    __asm__(".text\n.globl " #name "\n" #name ":\n"                            \
            "push %rbx\n"                                                      \
            "mov $0x1234, %ebx\n" setup "\n"                                   \
            "mov $0x7777, %eax\n"                                              \
            "stc\n"                                                            \
            ".globl " #name "_insn\n" #name "_insn:\n" insn "\n"              \
            ".globl " #name "_end\n" #name "_end:\n"                          \
            "setc %dl\n"                                                       \
            "movzbl %dl, %edx\n"                                               \
            "shl $32, %rdx\n"                                                  \
            "or %rdx, %rax\n"                                                  \
            "pop %rbx\n"                                                       \
            "ret\n");                                                          \
    extern uint64_t name(void *arg);                                           \
    extern const char name##_insn[], name##_end[];

PROBE(fault_div0, "xor %ecx, %ecx\nxor %edx, %edx", "div %rcx")
PROBE(fault_idiv_overflow, "mov $-1, %rcx\nmov $1, %rax\nshl $63, %rax\ncqo", "idiv %rcx")
PROBE(fault_load, "", "mov (%rdi), %rcx")
PROBE(fault_store, "", "movl $5, (%rdi)")
PROBE(fault_ud2, "", "ud2")
PROBE(fault_int3, "", "int3")
PROBE(fault_hlt, "", "hlt")

struct probe {
    const char *name;
    uint64_t (*run)(void *);
    const char *insn, *end;
    int data; /* si_addr is the data address (arg), not the instruction */
};

static const struct probe *current;
static const char *current_arg;
static volatile sig_atomic_t handled;
static char report[256];

static void handler(int sig, siginfo_t *info, void *ctx)
{
    ucontext_t *uc = ctx;
    greg_t *g = uc->uc_mcontext.gregs;
    const char *rip = (const char *)g[REG_RIP];
    const char *base = current->data ? current_arg : current->insn;
    const char *addr = info->si_addr;
    snprintf(report, sizeof report,
             "sig=%d code=%d addr=%s%+ld rip=insn%+ld rbx=%#llx cf=%lld", sig,
             info->si_code, addr ? (current->data ? "arg" : "insn") : "0",
             addr ? (long)(addr - base) : 0L, (long)(rip - current->insn),
             (long long)g[REG_RBX], (long long)(g[REG_EFL] & 1));
    handled++;
    /* Skip the instruction unless the CPU already did (int3); the code
     * after it sees the edited rax and a clear carry. */
    if (rip == current->insn)
        g[REG_RIP] = (greg_t)current->end;
    g[REG_RAX] = 0x5a5a;
    g[REG_EFL] &= ~(greg_t)1;
}

static void run(const struct probe *p, char *arg)
{
    current = p;
    current_arg = arg;
    handled = 0;
    strcpy(report, "no signal");
    uint64_t r = p->run(arg);
    printf("%s: handled=%d %s -> eax=%#llx cf=%llu\n", p->name, (int)handled,
           report, (unsigned long long)(r & 0xffffffff), (unsigned long long)(r >> 32));
}

int main(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = handler;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    const int signals[] = {SIGFPE, SIGSEGV, SIGILL, SIGTRAP, SIGBUS};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        if (sigaction(signals[i], &sa, NULL) != 0)
            return 1;

    long page = sysconf(_SC_PAGESIZE);
    char *ro = mmap(NULL, (size_t)page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (ro == MAP_FAILED)
        return 2;

    static const struct probe probes[] = {
        {"div by zero", fault_div0, fault_div0_insn, fault_div0_end, 0},
        {"idiv overflow", fault_idiv_overflow, fault_idiv_overflow_insn, fault_idiv_overflow_end, 0},
        {"load unmapped", fault_load, fault_load_insn, fault_load_end, 1},
        {"store read-only", fault_store, fault_store_insn, fault_store_end, 1},
        {"ud2", fault_ud2, fault_ud2_insn, fault_ud2_end, 0},
        {"int3", fault_int3, fault_int3_insn, fault_int3_end, 0},
        {"hlt", fault_hlt, fault_hlt_insn, fault_hlt_end, 0},
    };
    for (size_t i = 0; i < sizeof probes / sizeof probes[0]; i++)
        run(&probes[i], probes[i].run == fault_store ? ro + 24 : (char *)(uintptr_t)0x18);
    munmap(ro, (size_t)page);
    return 0;
}
