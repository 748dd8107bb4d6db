/*
 * ifunc_paths.c — where glibc's IFUNCs of some string functions resolved:
 * each one's offset in libc.so.6. glibc picks a variant per function from
 * cpuid, so the offsets show which CPU features it believed in.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>

int main(void)
{
    static const char *const names[] = {"strcspn", "strspn", "strpbrk"};
    for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        void *p = dlsym(RTLD_DEFAULT, names[i]);
        Dl_info di;
        if (!p || !dladdr(p, &di))
            return 1;
        printf("%s +%#lx\n", names[i],
               (unsigned long)((uintptr_t)p - (uintptr_t)di.dli_fbase));
    }
    return 0;
}
