/*
 * tier2_loader.c — finding and loading the tier-2 backend module. vm-run
 * never links libLLVM: the module (and with it libLLVM, about 15 ms to
 * load) is dlopened on the compile thread when the first hot region is
 * submitted, so short programs never pay for it.
 */
#define _GNU_SOURCE
#include "tier2.h"

#include <dlfcn.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ll_backend.h"

#define MODULE_NAME "vm_llvm.so"

bool t2_default_module_path(char *out, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return false;
    exe[n] = 0;
    /* <prefix>/bin/vm-run -> <prefix>/lib/vm_llvm.so */
    char *dir = dirname(exe);
    int w = snprintf(out, len, "%s/../lib/%s", dir, MODULE_NAME);
    return w > 0 && (size_t)w < len;
}

const struct ll_backend *t2_load_backend(const char *path, char *err,
                                         size_t errlen)
{
    /* RTLD_LOCAL: LLVM's symbols stay out of the global namespace. */
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(err, errlen, "%s", dlerror());
        return NULL;
    }
    ll_backend_get_fn get;
    void *sym = dlsym(h, LL_BACKEND_SYMBOL);
    memcpy(&get, &sym, sizeof(get));
    const struct ll_backend *be = sym ? get() : NULL;
    if (!be || be->abi != LL_BACKEND_ABI) {
        snprintf(err, errlen, "%s: no %s of ABI %d", path, LL_BACKEND_SYMBOL,
                 LL_BACKEND_ABI);
        dlclose(h);
        return NULL;
    }
    /* The handle stays open for the life of the process: the code it
     * compiled is in use until the end. */
    return be;
}
