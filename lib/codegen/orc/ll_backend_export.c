/*
 * ll_backend_export.c — the one symbol the vm_llvm shared module exports:
 * the runtime finds it with dlsym(LL_BACKEND_SYMBOL) and reaches all of
 * tier 2 through the table it returns.
 */
#include "ll_backend.h"

__attribute__((visibility("default"))) const struct ll_backend *
vm_llvm_backend(void)
{
    return ll_backend_get();
}
