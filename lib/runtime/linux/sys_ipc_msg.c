/*
 * sys_ipc_msg.c — System V message queues: msgget, msgsnd, msgrcv,
 * msgctl. The queues are the host's, shared with every other process;
 * a message (a long type and its text) is the same in memory everywhere,
 * so the host reads or fills the guest's buffer in place. Waiting calls
 * go through lx_safe_syscall (a guest signal ends them with EINTR).
 * struct msqid_ds (msqid64_ds) and msginfo are the same on riscv64,
 * x86-64 and the host.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

_Static_assert(sizeof(struct msqid_ds) == 120 && sizeof(struct msginfo) == 32,
               "host msqid_ds/msginfo");

int64_t sys_msgget(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_msgget, (int)a[0], (int)a[1]));
}

/* msgsnd(msqid, msgp, msgsz, flags) */
int64_t sys_msgsnd(struct rt_thread *t, const uint64_t a[6])
{
    if ((int64_t)a[2] < 0 || a[2] > INT_MAX)
        return -EINVAL;
    void *msg = lx_guest_ptr(t, a[1], 8 + a[2], MMU_READ);
    if (!msg)
        return -EFAULT;
    return lx_safe_syscall(t, SYS_msgsnd, (int)a[0], (long)msg, (long)a[2],
                           (int)a[3], 0, 0);
}

/* msgrcv(msqid, msgp, msgsz, msgtyp, flags) */
int64_t sys_msgrcv(struct rt_thread *t, const uint64_t a[6])
{
    if ((int64_t)a[2] < 0 || a[2] > INT_MAX)
        return -EINVAL;
    void *msg = lx_guest_ptr(t, a[1], 8 + a[2], MMU_WRITE);
    if (!msg)
        return -EFAULT;
    return lx_safe_syscall(t, SYS_msgrcv, (int)a[0], (long)msg, (long)a[2],
                           (long)a[3], (int)a[4], 0);
}

/* msgctl(msqid, cmd, buf) */
int64_t sys_msgctl(struct rt_thread *t, const uint64_t a[6])
{
    int cmd = (int)a[1];
    size_t in = 0, out = 0;
    switch (cmd) {
    case IPC_STAT: case MSG_STAT: case MSG_STAT_ANY:
        out = sizeof(struct msqid_ds);
        break;
    case IPC_SET:
        in = sizeof(struct msqid_ds);
        break;
    case IPC_INFO: case MSG_INFO:
        out = sizeof(struct msginfo);
        break;
    default:
        break;
    }
    uint8_t buf[sizeof(struct msqid_ds)];
    memset(buf, 0, sizeof(buf));
    if (in && mmu_read(t->proc->mmu, a[2], buf, in))
        return -EFAULT;
    if (out && !lx_guest_ptr(t, a[2], out, MMU_WRITE))
        return -EFAULT;
    int64_t r = lx_result(syscall(SYS_msgctl, (int)a[0], cmd,
                                  in || out ? buf : NULL));
    if (r >= 0 && out && mmu_write(t->proc->mmu, a[2], buf, out))
        return -EFAULT;
    return r;
}
