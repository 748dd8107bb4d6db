/*
 * sys_prctl.c — process controls: prctl, membarrier, rseq.
 *
 * prctl passes to the host only the options that concern the process as a
 * whole and cannot disturb vm-run (names, the parent-death signal,
 * dumpable, keepcaps, timer slack, subreaper, no_new_privs); the host
 * thread is the guest's, so a name set here is what ps and
 * /proc/self/stat show. The others (seccomp, which would filter vm-run's
 * own calls; PR_SET_MM; vector and tagged-address controls of hardware we
 * do not have) are EINVAL, as Linux answers options it does not know.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/membarrier.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

#define LX_TASK_COMM_LEN 16

/* How an option's second argument travels. */
enum prctl_arg {
    PRCTL_VALUES,   /* every argument is a value the host checks */
    PRCTL_OUT_INT,  /* arg2 points to an int the host fills */
    PRCTL_IN_NAME,  /* arg2 points to a name of up to 15 bytes */
    PRCTL_OUT_NAME, /* arg2 points to 16 bytes the host fills */
};

static const struct {
    int option;
    enum prctl_arg arg;
} prctl_options[] = {
    {PR_SET_PDEATHSIG, PRCTL_VALUES},
    {PR_GET_PDEATHSIG, PRCTL_OUT_INT},
    {PR_GET_DUMPABLE, PRCTL_VALUES},
    {PR_SET_DUMPABLE, PRCTL_VALUES},
    {PR_GET_KEEPCAPS, PRCTL_VALUES},
    {PR_SET_KEEPCAPS, PRCTL_VALUES},
    {PR_SET_NAME, PRCTL_IN_NAME},
    {PR_GET_NAME, PRCTL_OUT_NAME},
    {PR_CAPBSET_READ, PRCTL_VALUES},
    {PR_SET_TIMERSLACK, PRCTL_VALUES},
    {PR_GET_TIMERSLACK, PRCTL_VALUES},
    {PR_SET_CHILD_SUBREAPER, PRCTL_VALUES},
    {PR_GET_CHILD_SUBREAPER, PRCTL_OUT_INT},
    {PR_SET_NO_NEW_PRIVS, PRCTL_VALUES},
    {PR_GET_NO_NEW_PRIVS, PRCTL_VALUES},
};

/* The name at addr as Linux copies it: up to 15 bytes or the NUL. */
static int get_name(struct rt_thread *t, uint64_t addr,
                    char name[LX_TASK_COMM_LEN])
{
    int i = 0;
    for (; i < LX_TASK_COMM_LEN - 1; i++) {
        if (mmu_read(t->proc->mmu, addr + (uint64_t)i, &name[i], 1))
            return -EFAULT;
        if (!name[i])
            break;
    }
    name[i] = '\0';
    return 0;
}

int64_t sys_prctl(struct rt_thread *t, const uint64_t a[6])
{
    size_t n = sizeof(prctl_options) / sizeof(prctl_options[0]), i = 0;
    while (i < n && prctl_options[i].option != (int)a[0])
        i++;
    if (i == n)
        return -EINVAL;
    char name[LX_TASK_COMM_LEN] = {0};
    int value = 0, err;
    switch (prctl_options[i].arg) {
    case PRCTL_VALUES:
        return lx_result(prctl((int)a[0], a[1], a[2], a[3], a[4]));
    case PRCTL_OUT_INT:
        if (prctl((int)a[0], &value, a[2], a[3], a[4]) < 0)
            return -errno;
        return mmu_write(t->proc->mmu, a[1], &value, sizeof(value));
    case PRCTL_IN_NAME:
        err = get_name(t, a[1], name);
        return err ? err : lx_result(prctl(PR_SET_NAME, name, 0, 0, 0));
    case PRCTL_OUT_NAME:
        if (prctl(PR_GET_NAME, name, 0, 0, 0) < 0)
            return -errno;
        return mmu_write(t->proc->mmu, a[1], name, sizeof(name));
    }
    return -EINVAL;
}

/* The barriers a guest may ask for: the host's, minus the SYNC_CORE ones
 * (they promise fresh instruction fetch, which our translated code does
 * not give) and the RSEQ ones (rseq is not supported). */
#define LX_MEMBARRIER_OK                                                       \
    (MEMBARRIER_CMD_GLOBAL | MEMBARRIER_CMD_GLOBAL_EXPEDITED |                 \
     MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED |                                \
     MEMBARRIER_CMD_PRIVATE_EXPEDITED |                                        \
     MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED)

/* membarrier(cmd, flags, cpu_id) */
int64_t sys_membarrier(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    int cmd = (int)a[0];
    int64_t supported = syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    if (supported < 0)
        return -errno;
    supported &= LX_MEMBARRIER_OK;
    if (cmd == MEMBARRIER_CMD_QUERY)
        return a[1] ? -EINVAL : supported;
    if (cmd <= 0 || (cmd & (cmd - 1)) || !(cmd & supported))
        return -EINVAL;
    return lx_result(syscall(SYS_membarrier, cmd, (unsigned)a[1], (int)a[2]));
}

/*
 * rseq asks the kernel to keep the current CPU number in guest memory and
 * to restart critical sections that a preemption or signal interrupts;
 * the translated code cannot be restarted at guest-instruction
 * boundaries that way, so the call is refused as by a kernel without it,
 * and glibc and the others fall back to sched_getcpu and plain atomics.
 */
int64_t sys_rseq(struct rt_thread *t, const uint64_t a[6])
{
    (void)t, (void)a;
    return -ENOSYS;
}
