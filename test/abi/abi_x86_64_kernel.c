/*
 * abi_x86_64_kernel.c — the kernel side of the x86-64 ABI check: the host
 * compiler's uapi headers only (glibc's struct stat and sigcontext would
 * collide with them), printed in abi_fields.h's format.
 */
#include <stddef.h>

#include <asm/prctl.h>
#include <asm/sigcontext.h>
#include <asm/signal.h>
#include <asm/stat.h>
#include <asm/ucontext.h>
#include <linux/eventpoll.h>

#include "abi_x86_64_fields.h"

#define FIELD(label, kt, kf, ot, of)                                           \
    {ABI_FIELD, label, (long long)offsetof(kt, kf),                            \
     (long long)sizeof(((kt *)0)->kf)},
#define SIZE(label, kt, ot) {ABI_SIZE, label, (long long)sizeof(kt), 0},
#define CONSTANT(label, kc, oc) {ABI_CONSTANT, label, (long long)(kc), 0},

static const struct abi_fact facts[] = {
    ABI_X86_64_STRUCTS(FIELD, SIZE) ABI_X86_64_CONSTANTS(CONSTANT)
};

int main(void)
{
    for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++)
        abi_print(&facts[i]);
    return 0;
}
