/*
 * abi_host.c — prints the ABI facts of abi_fields.h from our own
 * definitions (lib/runtime/linux/linux_abi.h), in abi_riscv64.c's format.
 */
#include <stddef.h>
#include <stdio.h>

#include "abi_fields.h"
#include "linux_abi.h"

#define FIELD(label, kt, kf, ot, of)                                           \
    {ABI_FIELD, label, (long long)offsetof(ot, of),                      \
     (long long)sizeof(((ot *)0)->of)},
#define SIZE(label, kt, ot) {ABI_SIZE, label, (long long)sizeof(ot), 0},
#define CONSTANT(label, kc, oc) {ABI_CONSTANT, label, (long long)(oc), 0},

static const struct abi_fact facts[] = {
    ABI_STRUCTS(FIELD, SIZE) ABI_CONSTANTS(CONSTANT)
    ABI_DIRENT(FIELD, CONSTANT)
};

int main(void)
{
    for (size_t i = 0; i < sizeof(facts) / sizeof(facts[0]); i++)
        abi_print(&facts[i]);
    return 0;
}
