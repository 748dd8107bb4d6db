/*
 * abi_riscv64.c — prints the riscv64 kernel's ABI facts (one per line,
 * "label offset size" or "label value"), from the cross compiler's own
 * headers. Runs under qemu-riscv64; abi_host.c prints the same lines from
 * our linux_abi.h.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stddef.h>
#include <stdio.h>

#include "abi_fields.h"

extern const struct abi_fact abi_kernel_facts[];
extern const size_t abi_kernel_count;

#define FIELD(label, kt, kf, ot, of)                                           \
    {ABI_FIELD, label, (long long)offsetof(kt, kf),                      \
     (long long)sizeof(((kt *)0)->kf)},
#define CONSTANT(label, kc, oc) {ABI_CONSTANT, label, (long long)(kc), 0},

static const struct abi_fact libc_facts[] = {ABI_DIRENT(FIELD, CONSTANT)};

int main(void)
{
    for (size_t i = 0; i < abi_kernel_count; i++)
        abi_print(&abi_kernel_facts[i]);
    for (size_t i = 0; i < sizeof(libc_facts) / sizeof(libc_facts[0]); i++)
        abi_print(&libc_facts[i]);
    return 0;
}
