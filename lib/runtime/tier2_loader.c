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

/*
 * Where the module sits relative to the executable's directory: installed
 * (make install, the Debian package: <prefix>/bin/vm-run and
 * <prefix>/lib/vm/vm_llvm.so) or in the build tree (build/bin/vm-run and
 * build/lib/vm_llvm.so). The first that exists wins; when none does, the
 * installed one is named, so that the error says where it was looked for.
 */
static const char *const module_dirs[] = {"../lib/vm", "../lib"};
#define N_MODULE_DIRS (sizeof(module_dirs) / sizeof(*module_dirs))

bool t2_default_module_path(char *out, size_t len)
{
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n <= 0)
        return false;
    exe[n] = 0;
    const char *dir = dirname(exe);
    for (size_t i = 0; i <= N_MODULE_DIRS; i++) {
        const char *sub = module_dirs[i < N_MODULE_DIRS ? i : 0];
        int w = snprintf(out, len, "%s/%s/%s", dir, sub, MODULE_NAME);
        if (w <= 0 || (size_t)w >= len)
            return false;
        if (i == N_MODULE_DIRS || access(out, R_OK) == 0)
            break;
    }
    return true;
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
