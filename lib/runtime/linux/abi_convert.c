/*
 * abi_convert.c — host (x86-64 glibc) structures to the guest kernel
 * layouts of linux_abi.h and linux_abi_x86_64.h, field by field: riscv64's
 * differ in field order and width (x86-64's struct stat has a 64-bit
 * st_nlink before st_mode); the x86-64 guest's are converted the same way
 * so the result does not depend on the host's headers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>

#include "linux_internal.h"

void lx_stat_from_host(struct lx_stat *out, const struct stat *in)
{
    memset(out, 0, sizeof(*out));
    out->st_dev = in->st_dev;
    out->st_ino = in->st_ino;
    out->st_mode = in->st_mode;
    out->st_nlink = (uint32_t)in->st_nlink;
    out->st_uid = in->st_uid;
    out->st_gid = in->st_gid;
    out->st_rdev = in->st_rdev;
    out->st_size = in->st_size;
    out->st_blksize = (int32_t)in->st_blksize;
    out->st_blocks = in->st_blocks;
    out->st_atime_sec = in->st_atim.tv_sec;
    out->st_atime_nsec = (uint64_t)in->st_atim.tv_nsec;
    out->st_mtime_sec = in->st_mtim.tv_sec;
    out->st_mtime_nsec = (uint64_t)in->st_mtim.tv_nsec;
    out->st_ctime_sec = in->st_ctim.tv_sec;
    out->st_ctime_nsec = (uint64_t)in->st_ctim.tv_nsec;
}

void lx_x86_stat_from_host(struct lx_x86_stat *out, const struct stat *in)
{
    memset(out, 0, sizeof(*out));
    out->st_dev = in->st_dev;
    out->st_ino = in->st_ino;
    out->st_nlink = in->st_nlink;
    out->st_mode = in->st_mode;
    out->st_uid = in->st_uid;
    out->st_gid = in->st_gid;
    out->st_rdev = in->st_rdev;
    out->st_size = in->st_size;
    out->st_blksize = in->st_blksize;
    out->st_blocks = in->st_blocks;
    out->st_atime_sec = (uint64_t)in->st_atim.tv_sec;
    out->st_atime_nsec = (uint64_t)in->st_atim.tv_nsec;
    out->st_mtime_sec = (uint64_t)in->st_mtim.tv_sec;
    out->st_mtime_nsec = (uint64_t)in->st_mtim.tv_nsec;
    out->st_ctime_sec = (uint64_t)in->st_ctim.tv_sec;
    out->st_ctime_nsec = (uint64_t)in->st_ctim.tv_nsec;
}

int64_t lx_put_stat(struct rt_thread *t, uint64_t addr, const struct stat *st)
{
    const struct linux_guest_abi *abi = t->proc->guest->linux_abi;
    union {
        struct lx_stat generic;
        struct lx_x86_stat x86;
    } out;
    abi->stat_from_host(&out, st);
    return mmu_write(t->proc->mmu, addr, &out, abi->stat_size) ? -EFAULT : 0;
}

void lx_timespec_from_host(struct lx_timespec *out, const struct timespec *in)
{
    out->tv_sec = in->tv_sec;
    out->tv_nsec = in->tv_nsec;
}

int lx_timespec_to_host(struct timespec *out, const struct lx_timespec *in)
{
    if (in->tv_nsec < 0 || in->tv_nsec >= 1000000000)
        return -EINVAL;
    out->tv_sec = in->tv_sec;
    out->tv_nsec = in->tv_nsec;
    return 0;
}

void lx_sysinfo_from_host(struct lx_sysinfo *out, const struct sysinfo *in)
{
    memset(out, 0, sizeof(*out));
    out->uptime = in->uptime;
    for (int i = 0; i < 3; i++)
        out->loads[i] = in->loads[i];
    out->totalram = in->totalram;
    out->freeram = in->freeram;
    out->sharedram = in->sharedram;
    out->bufferram = in->bufferram;
    out->totalswap = in->totalswap;
    out->freeswap = in->freeswap;
    out->procs = in->procs;
    out->totalhigh = in->totalhigh;
    out->freehigh = in->freehigh;
    out->mem_unit = in->mem_unit;
}

static void copy_name(char dst[LX_UTSNAME_LEN], const char *src)
{
    size_t n = strnlen(src, LX_UTSNAME_LEN - 1);
    memset(dst, 0, LX_UTSNAME_LEN);
    memcpy(dst, src, n);
}

void lx_utsname_from_host(struct lx_utsname *out, const struct utsname *in,
                          const char *machine)
{
    copy_name(out->sysname, in->sysname);
    copy_name(out->nodename, in->nodename);
    copy_name(out->release, in->release);
    copy_name(out->version, in->version);
    copy_name(out->machine, machine);
    copy_name(out->domainname, in->domainname);
}
