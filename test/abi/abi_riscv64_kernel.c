/*
 * abi_riscv64_kernel.c — the kernel side of the ABI check, compiled by the
 * riscv64 cross compiler against its uapi headers only (no glibc headers,
 * whose struct stat, sigset_t and sigaction differ from the kernel's).
 */
#include <stddef.h>

#include <asm/fcntl.h>
#include <asm/ioctls.h>
#include <asm/mman.h>
#include <asm/ptrace.h>
#include <asm/sigcontext.h>
#include <asm/siginfo.h>
#include <asm/signal.h>
#include <asm/stat.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <asm/ucontext.h>
#include <linux/fcntl.h>
#include <linux/futex.h>
#include <linux/mman.h>
#include <linux/resource.h>
#include <linux/signal.h>
#include <linux/stat.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <linux/time_types.h>
#include <linux/uio.h>
#include <linux/utsname.h>

#include "abi_fields.h"

/* arch/riscv/kernel/signal.c (kernel-internal, so not in uapi). */
struct rt_sigframe {
    siginfo_t info;
    struct ucontext uc;
};

#define FIELD(label, kt, kf, ot, of)                                           \
    {ABI_FIELD, label, (long long)offsetof(kt, kf),                      \
     (long long)sizeof(((kt *)0)->kf)},
#define SIZE(label, kt, ot) {ABI_SIZE, label, (long long)sizeof(kt), 0},
#define CONSTANT(label, kc, oc) {ABI_CONSTANT, label, (long long)(kc), 0},

const struct abi_fact abi_kernel_facts[] = {
    ABI_STRUCTS(FIELD, SIZE) ABI_CONSTANTS(CONSTANT)
};
const size_t abi_kernel_count =
    sizeof(abi_kernel_facts) / sizeof(abi_kernel_facts[0]);
