/*
 * sys_ipc_sem.c — System V semaphores: semget, semop, semtimedop, semctl.
 *
 * Semaphore sets are the host's, shared with every other process. A
 * waiting semop goes through lx_safe_syscall, so a guest signal ends it
 * (EINTR) as Linux would. struct sembuf is the same everywhere; struct
 * semid_ds is not: riscv64's asm-generic semid64_ds has no padding after
 * its two times, x86-64's (the host's) has a word after each, so it is
 * converted for riscv64 (linux_guest_abi.semid_ds_padded).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "linux_internal.h"

_Static_assert(sizeof(struct semid_ds) == 104 && sizeof(struct sembuf) == 6,
               "host semid_ds/sembuf");

/* asm-generic semid64_ds on a 64-bit architecture. */
struct lx_semid_ds {
    uint8_t perm[48]; /* ipc64_perm, the same everywhere */
    int64_t otime;
    int64_t ctime;
    uint64_t nsems;
    uint64_t unused3, unused4;
};
_Static_assert(sizeof(struct lx_semid_ds) == 88, "generic semid64_ds");

#define LX_SEMOPM_CAP 4096 /* above any semopm Linux allows */

int64_t sys_semget(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(syscall(SYS_semget, (int)a[0], (int)a[1], (int)a[2]));
}

/* semtimedop(semid, sops, nsops, timeout) */
static int64_t do_semop(struct rt_thread *t, int id, uint64_t sops_addr,
                        uint64_t nsops, uint64_t timeout_addr)
{
    if (nsops == 0)
        return -EINVAL;
    if (nsops > LX_SEMOPM_CAP)
        return -E2BIG;
    struct timespec ts;
    if (timeout_addr) {
        struct lx_timespec g;
        if (mmu_read(t->proc->mmu, timeout_addr, &g, sizeof(g)))
            return -EFAULT;
        if (g.tv_sec < 0 || lx_timespec_to_host(&ts, &g))
            return -EINVAL;
    }
    struct sembuf *sops = malloc(nsops * sizeof(*sops));
    if (!sops)
        return -ENOMEM;
    int64_t r;
    if (mmu_read(t->proc->mmu, sops_addr, sops, nsops * sizeof(*sops)))
        r = -EFAULT;
    else
        r = lx_safe_syscall(t, SYS_semtimedop, id, (long)sops, (long)nsops,
                            timeout_addr ? (long)&ts : 0, 0, 0);
    free(sops);
    return r;
}

int64_t sys_semop(struct rt_thread *t, const uint64_t a[6])
{
    return do_semop(t, (int)a[0], a[1], (unsigned)a[2], 0);
}

int64_t sys_semtimedop(struct rt_thread *t, const uint64_t a[6])
{
    return do_semop(t, (int)a[0], a[1], (unsigned)a[2], a[3]);
}

static bool padded(struct rt_thread *t)
{
    return t->proc->guest->linux_abi->semid_ds_padded;
}

static size_t guest_ds_size(struct rt_thread *t)
{
    return padded(t) ? sizeof(struct semid_ds) : sizeof(struct lx_semid_ds);
}

static int get_ds(struct rt_thread *t, uint64_t addr, struct semid_ds *ds)
{
    if (padded(t))
        return mmu_read(t->proc->mmu, addr, ds, sizeof(*ds));
    struct lx_semid_ds g;
    if (mmu_read(t->proc->mmu, addr, &g, sizeof(g)))
        return -EFAULT;
    memset(ds, 0, sizeof(*ds));
    memcpy(&ds->sem_perm, g.perm, sizeof(g.perm));
    ds->sem_otime = g.otime;
    ds->sem_ctime = g.ctime;
    ds->sem_nsems = g.nsems;
    return 0;
}

static int put_ds(struct rt_thread *t, uint64_t addr, const struct semid_ds *ds)
{
    if (padded(t))
        return mmu_write(t->proc->mmu, addr, ds, sizeof(*ds));
    struct lx_semid_ds g = {0};
    memcpy(g.perm, &ds->sem_perm, sizeof(g.perm));
    g.otime = ds->sem_otime;
    g.ctime = ds->sem_ctime;
    g.nsems = ds->sem_nsems;
    return mmu_write(t->proc->mmu, addr, &g, sizeof(g));
}

/* GETALL/SETALL: the set's size, from IPC_STAT. */
static int64_t nsems_of(int id)
{
    struct semid_ds ds;
    if (syscall(SYS_semctl, id, 0, IPC_STAT, &ds) < 0)
        return -errno;
    return (int64_t)ds.sem_nsems;
}

/* semctl(semid, semnum, cmd, arg): arg is union semun, by value. */
int64_t sys_semctl(struct rt_thread *t, const uint64_t a[6])
{
    int id = (int)a[0], num = (int)a[1], cmd = (int)a[2];
    uint64_t arg = a[3];
    switch (cmd) {
    case IPC_STAT: case SEM_STAT: case SEM_STAT_ANY: {
        struct semid_ds ds;
        if (!lx_guest_ptr(t, arg, guest_ds_size(t), MMU_WRITE))
            return -EFAULT;
        int64_t r = lx_result(syscall(SYS_semctl, id, num, cmd, &ds));
        if (r >= 0 && put_ds(t, arg, &ds))
            return -EFAULT;
        return r;
    }
    case IPC_SET: {
        struct semid_ds ds;
        if (get_ds(t, arg, &ds))
            return -EFAULT;
        return lx_result(syscall(SYS_semctl, id, num, cmd, &ds));
    }
    case IPC_INFO: case SEM_INFO: {
        struct seminfo info;
        int64_t r = lx_result(syscall(SYS_semctl, id, num, cmd, &info));
        if (r >= 0 && mmu_write(t->proc->mmu, arg, &info, sizeof(info)))
            return -EFAULT;
        return r;
    }
    case GETALL: case SETALL: {
        int64_t n = nsems_of(id);
        if (n < 0)
            return n;
        uint16_t *vals = malloc(n ? (size_t)n * 2 : 2);
        if (!vals)
            return -ENOMEM;
        int64_t r;
        if (cmd == SETALL && mmu_read(t->proc->mmu, arg, vals, (uint64_t)n * 2))
            r = -EFAULT;
        else if (cmd == GETALL &&
                 !lx_guest_ptr(t, arg, (uint64_t)n * 2, MMU_WRITE))
            r = -EFAULT;
        else
            r = lx_result(syscall(SYS_semctl, id, num, cmd, vals));
        if (r >= 0 && cmd == GETALL &&
            mmu_write(t->proc->mmu, arg, vals, (uint64_t)n * 2))
            r = -EFAULT;
        free(vals);
        return r;
    }
    default:
        /* SETVAL (an int), GETVAL, GETPID, GETNCNT, GETZCNT, IPC_RMID. */
        return lx_result(syscall(SYS_semctl, id, num, cmd, (long)(int)arg));
    }
}
