/*
 * abi_x86_64_host.c — the x86-64 ABI facts of abi_x86_64_fields.h from
 * our own definitions (lib/runtime/linux/linux_abi_x86_64.h).
 */
#include <stddef.h>
#include <stdio.h>

#include "abi_x86_64_fields.h"
#include "linux_abi_x86_64.h"

#define FIELD(label, kt, kf, ot, of)                                           \
    {ABI_FIELD, label, (long long)offsetof(ot, of),                            \
     (long long)sizeof(((ot *)0)->of)},
#define SIZE(label, kt, ot) {ABI_SIZE, label, (long long)sizeof(ot), 0},
#define CONSTANT(label, kc, oc) {ABI_CONSTANT, label, (long long)(oc), 0},

static const struct abi_fact facts[] = {
    ABI_X86_64_STRUCTS(FIELD, SIZE) ABI_X86_64_CONSTANTS(CONSTANT)
};

int main(void)
{
    for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++)
        abi_print(&facts[i]);
    return 0;
}
