/*
 * sys_hwprobe.c — riscv_hwprobe (258): what the guest's "hardware" offers,
 * for libcs and programs choosing code paths (glibc's ifuncs, OpenSSL...).
 *
 * We emulate one kind of hart, RV64GC, on every host CPU: vendor, arch and
 * implementation ids 0 (none to name), the IMA base behaviour, F, D and C
 * in IMA_EXT_0, and misaligned-access speed unknown. Keys and values are
 * Linux 6.4's uapi/asm/hwprobe.h; a key we do not know gets key -1 and
 * value 0, as the kernel answers. No flags are defined: any is EINVAL.
 */
#include <errno.h>
#include <unistd.h>

#include "linux_internal.h"

struct lx_hwprobe {
    int64_t key;
    uint64_t value;
};

enum {
    HWPROBE_KEY_MVENDORID = 0,
    HWPROBE_KEY_MARCHID = 1,
    HWPROBE_KEY_MIMPID = 2,
    HWPROBE_KEY_BASE_BEHAVIOR = 3,
    HWPROBE_KEY_IMA_EXT_0 = 4,
    HWPROBE_KEY_CPUPERF_0 = 5,
};
#define HWPROBE_BASE_BEHAVIOR_IMA 1ull
#define HWPROBE_IMA_FD 1ull
#define HWPROBE_IMA_C 2ull
#define HWPROBE_MISALIGNED_UNKNOWN 0ull

static const uint64_t key_values[] = {
    [HWPROBE_KEY_MVENDORID] = 0,
    [HWPROBE_KEY_MARCHID] = 0,
    [HWPROBE_KEY_MIMPID] = 0,
    [HWPROBE_KEY_BASE_BEHAVIOR] = HWPROBE_BASE_BEHAVIOR_IMA,
    [HWPROBE_KEY_IMA_EXT_0] = HWPROBE_IMA_FD | HWPROBE_IMA_C,
    [HWPROBE_KEY_CPUPERF_0] = HWPROBE_MISALIGNED_UNKNOWN,
};

#define MAX_CPU_BYTES 1024 /* cpumask bytes looked at (8192 CPUs) */

/* Whether the guest's cpu set names at least one online CPU (Linux's
 * EINVAL test); an absent set (size 0, NULL) means all of them. */
static int check_cpus(struct rt_thread *t, uint64_t size, uint64_t addr)
{
    if (size == 0 && addr == 0)
        return 0;
    uint8_t mask[MAX_CPU_BYTES] = {0};
    if (size > sizeof(mask))
        size = sizeof(mask);
    if (mmu_read(t->proc->mmu, addr, mask, size))
        return -EFAULT;
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    for (long cpu = 0; cpu < online && (uint64_t)cpu / 8 < size; cpu++)
        if (mask[cpu / 8] >> (cpu % 8) & 1)
            return 0;
    return -EINVAL;
}

/* riscv_hwprobe(pairs, pair_count, cpusetsize, cpus, flags) */
int64_t sys_riscv_hwprobe(struct rt_thread *t, const uint64_t a[6])
{
    if (a[4])
        return -EINVAL;
    int err = check_cpus(t, a[2], a[3]);
    if (err)
        return err;
    for (uint64_t i = 0; i < a[1]; i++) {
        uint64_t at = a[0] + i * sizeof(struct lx_hwprobe);
        struct lx_hwprobe p;
        if (mmu_read(t->proc->mmu, at, &p, sizeof(p)))
            return -EFAULT;
        size_t nkeys = sizeof(key_values) / sizeof(key_values[0]);
        bool known = p.key >= 0 && (uint64_t)p.key < nkeys;
        p.value = known ? key_values[p.key] : 0;
        if (!known)
            p.key = -1;
        if (mmu_write(t->proc->mmu, at, &p, sizeof(p)))
            return -EFAULT;
    }
    return 0;
}
