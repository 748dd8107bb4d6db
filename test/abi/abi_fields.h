/*
 * abi_fields.h — the one list of kernel ABI facts test/abi compares: for
 * every structure field the riscv64 kernel header's name and ours
 * (lib/runtime/linux/linux_abi.h), for every structure its size, and for
 * every constant the kernel macro and ours. abi_riscv64*.c expand the
 * kernel side with the cross compiler's headers, abi_host.c our side; the
 * ctest diffs the two outputs.
 *
 * F(label, kernel type, kernel field, our type, our field)
 * S(label, kernel type, our type)
 * C(label, kernel constant, our constant)
 */
#ifndef VM_TEST_ABI_FIELDS_H
#define VM_TEST_ABI_FIELDS_H

#include <stdio.h>

#define ABI_STRUCTS(F, S)                                                      \
    S("stat", struct stat, struct lx_stat)                                     \
    F("stat.st_dev", struct stat, st_dev, struct lx_stat, st_dev)              \
    F("stat.st_ino", struct stat, st_ino, struct lx_stat, st_ino)              \
    F("stat.st_mode", struct stat, st_mode, struct lx_stat, st_mode)           \
    F("stat.st_nlink", struct stat, st_nlink, struct lx_stat, st_nlink)        \
    F("stat.st_uid", struct stat, st_uid, struct lx_stat, st_uid)              \
    F("stat.st_gid", struct stat, st_gid, struct lx_stat, st_gid)              \
    F("stat.st_rdev", struct stat, st_rdev, struct lx_stat, st_rdev)           \
    F("stat.st_size", struct stat, st_size, struct lx_stat, st_size)           \
    F("stat.st_blksize", struct stat, st_blksize, struct lx_stat, st_blksize)  \
    F("stat.st_blocks", struct stat, st_blocks, struct lx_stat, st_blocks)     \
    F("stat.st_atime", struct stat, st_atime, struct lx_stat, st_atime_sec)    \
    F("stat.st_atime_nsec", struct stat, st_atime_nsec, struct lx_stat,        \
      st_atime_nsec)                                                           \
    F("stat.st_mtime", struct stat, st_mtime, struct lx_stat, st_mtime_sec)    \
    F("stat.st_mtime_nsec", struct stat, st_mtime_nsec, struct lx_stat,        \
      st_mtime_nsec)                                                           \
    F("stat.st_ctime", struct stat, st_ctime, struct lx_stat, st_ctime_sec)    \
    F("stat.st_ctime_nsec", struct stat, st_ctime_nsec, struct lx_stat,        \
      st_ctime_nsec)                                                           \
    S("statx", struct statx, struct lx_statx)                                  \
    F("statx.stx_mask", struct statx, stx_mask, struct lx_statx, stx_mask)     \
    F("statx.stx_blksize", struct statx, stx_blksize, struct lx_statx,         \
      stx_blksize)                                                             \
    F("statx.stx_attributes", struct statx, stx_attributes, struct lx_statx,   \
      stx_attributes)                                                          \
    F("statx.stx_nlink", struct statx, stx_nlink, struct lx_statx, stx_nlink)  \
    F("statx.stx_uid", struct statx, stx_uid, struct lx_statx, stx_uid)        \
    F("statx.stx_gid", struct statx, stx_gid, struct lx_statx, stx_gid)        \
    F("statx.stx_mode", struct statx, stx_mode, struct lx_statx, stx_mode)     \
    F("statx.stx_ino", struct statx, stx_ino, struct lx_statx, stx_ino)        \
    F("statx.stx_size", struct statx, stx_size, struct lx_statx, stx_size)     \
    F("statx.stx_blocks", struct statx, stx_blocks, struct lx_statx,           \
      stx_blocks)                                                              \
    F("statx.stx_attributes_mask", struct statx, stx_attributes_mask,          \
      struct lx_statx, stx_attributes_mask)                                    \
    F("statx.stx_atime", struct statx, stx_atime, struct lx_statx, stx_atime)  \
    F("statx.stx_atime.tv_nsec", struct statx, stx_atime.tv_nsec,             \
      struct lx_statx, stx_atime.tv_nsec)                                      \
    F("statx.stx_btime", struct statx, stx_btime, struct lx_statx, stx_btime)  \
    F("statx.stx_ctime", struct statx, stx_ctime, struct lx_statx, stx_ctime)  \
    F("statx.stx_mtime", struct statx, stx_mtime, struct lx_statx, stx_mtime)  \
    F("statx.stx_rdev_major", struct statx, stx_rdev_major, struct lx_statx,   \
      stx_rdev_major)                                                          \
    F("statx.stx_rdev_minor", struct statx, stx_rdev_minor, struct lx_statx,   \
      stx_rdev_minor)                                                          \
    F("statx.stx_dev_major", struct statx, stx_dev_major, struct lx_statx,     \
      stx_dev_major)                                                           \
    F("statx.stx_dev_minor", struct statx, stx_dev_minor, struct lx_statx,     \
      stx_dev_minor)                                                           \
    F("statx.stx_mnt_id", struct statx, stx_mnt_id, struct lx_statx,           \
      stx_mnt_id)                                                              \
    F("statx.stx_dio_mem_align", struct statx, stx_dio_mem_align,             \
      struct lx_statx, stx_dio_mem_align)                                      \
    F("statx.stx_dio_offset_align", struct statx, stx_dio_offset_align,       \
      struct lx_statx, stx_dio_offset_align)                                   \
    S("timespec", struct __kernel_timespec, struct lx_timespec)                \
    F("timespec.tv_sec", struct __kernel_timespec, tv_sec,                     \
      struct lx_timespec, tv_sec)                                              \
    F("timespec.tv_nsec", struct __kernel_timespec, tv_nsec,                   \
      struct lx_timespec, tv_nsec)                                             \
    S("timeval", struct __kernel_old_timeval, struct lx_timeval)               \
    F("timeval.tv_sec", struct __kernel_old_timeval, tv_sec,                   \
      struct lx_timeval, tv_sec)                                               \
    F("timeval.tv_usec", struct __kernel_old_timeval, tv_usec,                 \
      struct lx_timeval, tv_usec)                                              \
    S("timezone", struct timezone, struct lx_timezone)                         \
    F("timezone.tz_dsttime", struct timezone, tz_dsttime, struct lx_timezone,  \
      tz_dsttime)                                                              \
    S("rlimit64", struct rlimit64, struct lx_rlimit)                           \
    F("rlimit64.rlim_cur", struct rlimit64, rlim_cur, struct lx_rlimit,        \
      rlim_cur)                                                                \
    F("rlimit64.rlim_max", struct rlimit64, rlim_max, struct lx_rlimit,        \
      rlim_max)                                                                \
    S("rlimit", struct rlimit, struct lx_rlimit)                               \
    S("sysinfo", struct sysinfo, struct lx_sysinfo)                            \
    F("sysinfo.uptime", struct sysinfo, uptime, struct lx_sysinfo, uptime)     \
    F("sysinfo.loads", struct sysinfo, loads, struct lx_sysinfo, loads)        \
    F("sysinfo.totalram", struct sysinfo, totalram, struct lx_sysinfo,         \
      totalram)                                                                \
    F("sysinfo.freeswap", struct sysinfo, freeswap, struct lx_sysinfo,         \
      freeswap)                                                                \
    F("sysinfo.procs", struct sysinfo, procs, struct lx_sysinfo, procs)        \
    F("sysinfo.totalhigh", struct sysinfo, totalhigh, struct lx_sysinfo,       \
      totalhigh)                                                               \
    F("sysinfo.freehigh", struct sysinfo, freehigh, struct lx_sysinfo,         \
      freehigh)                                                                \
    F("sysinfo.mem_unit", struct sysinfo, mem_unit, struct lx_sysinfo,         \
      mem_unit)                                                                \
    S("utsname", struct new_utsname, struct lx_utsname)                        \
    F("utsname.nodename", struct new_utsname, nodename, struct lx_utsname,     \
      nodename)                                                                \
    F("utsname.machine", struct new_utsname, machine, struct lx_utsname,       \
      machine)                                                                 \
    F("utsname.domainname", struct new_utsname, domainname,                    \
      struct lx_utsname, domainname)                                           \
    S("iovec", struct iovec, struct lx_iovec)                                  \
    F("iovec.iov_base", struct iovec, iov_base, struct lx_iovec, iov_base)     \
    F("iovec.iov_len", struct iovec, iov_len, struct lx_iovec, iov_len)        \
    S("stack_t", stack_t, struct lx_stack)                                     \
    F("stack_t.ss_sp", stack_t, ss_sp, struct lx_stack, ss_sp)                 \
    F("stack_t.ss_flags", stack_t, ss_flags, struct lx_stack, ss_flags)        \
    F("stack_t.ss_size", stack_t, ss_size, struct lx_stack, ss_size)           \
    S("sigaction", struct sigaction, struct lx_sigaction)                      \
    F("sigaction.sa_handler", struct sigaction, sa_handler,                    \
      struct lx_sigaction, handler)                                            \
    F("sigaction.sa_flags", struct sigaction, sa_flags, struct lx_sigaction,   \
      flags)                                                                   \
    F("sigaction.sa_mask", struct sigaction, sa_mask, struct lx_sigaction,     \
      mask)                                                                    \
    S("siginfo", siginfo_t, struct lx_siginfo)                                 \
    F("siginfo.si_signo", siginfo_t, si_signo, struct lx_siginfo, si_signo)    \
    F("siginfo.si_errno", siginfo_t, si_errno, struct lx_siginfo, si_errno)    \
    F("siginfo.si_code", siginfo_t, si_code, struct lx_siginfo, si_code)       \
    F("siginfo.si_pid", siginfo_t, si_pid, struct lx_siginfo, fields.kill.pid) \
    F("siginfo.si_uid", siginfo_t, si_uid, struct lx_siginfo, fields.kill.uid) \
    F("siginfo.si_addr", siginfo_t, si_addr, struct lx_siginfo,                \
      fields.fault.addr)                                                       \
    S("termios", struct termios, struct lx_termios)                            \
    F("termios.c_lflag", struct termios, c_lflag, struct lx_termios, c_lflag)  \
    F("termios.c_line", struct termios, c_line, struct lx_termios, c_line)     \
    F("termios.c_cc", struct termios, c_cc, struct lx_termios, c_cc)           \
    S("winsize", struct winsize, struct lx_winsize)                            \
    F("winsize.ws_col", struct winsize, ws_col, struct lx_winsize, ws_col)     \
    F("winsize.ws_ypixel", struct winsize, ws_ypixel, struct lx_winsize,       \
      ws_ypixel)                                                               \
    S("flock", struct flock, struct lx_flock)                                  \
    F("flock.l_whence", struct flock, l_whence, struct lx_flock, l_whence)     \
    F("flock.l_start", struct flock, l_start, struct lx_flock, l_start)        \
    F("flock.l_len", struct flock, l_len, struct lx_flock, l_len)              \
    F("flock.l_pid", struct flock, l_pid, struct lx_flock, l_pid)              \
    S("user_regs_struct", struct user_regs_struct, struct lx_rv_user_regs)     \
    F("user_regs_struct.pc", struct user_regs_struct, pc,                      \
      struct lx_rv_user_regs, pc)                                              \
    F("user_regs_struct.ra", struct user_regs_struct, ra,                      \
      struct lx_rv_user_regs, x[0])                                            \
    F("user_regs_struct.a0", struct user_regs_struct, a0,                      \
      struct lx_rv_user_regs, x[9])                                            \
    F("user_regs_struct.t6", struct user_regs_struct, t6,                      \
      struct lx_rv_user_regs, x[30])                                           \
    S("sigcontext", struct sigcontext, struct lx_rv_sigcontext)                \
    F("sigcontext.sc_fpregs", struct sigcontext, sc_fpregs,                    \
      struct lx_rv_sigcontext, sc_fpregs)                                      \
    F("sigcontext.sc_fpregs.d.f", struct sigcontext, sc_fpregs.d.f,            \
      struct lx_rv_sigcontext, sc_fpregs.f)                                    \
    F("sigcontext.sc_fpregs.d.fcsr", struct sigcontext, sc_fpregs.d.fcsr,      \
      struct lx_rv_sigcontext, sc_fpregs.fcsr)                                 \
    F("sigcontext.sc_fpregs.q.reserved", struct sigcontext,                    \
      sc_fpregs.q.reserved, struct lx_rv_sigcontext, sc_fpregs.reserved)       \
    S("ucontext", struct ucontext, struct lx_rv_ucontext)                      \
    F("ucontext.uc_flags", struct ucontext, uc_flags, struct lx_rv_ucontext,   \
      uc_flags)                                                                \
    F("ucontext.uc_link", struct ucontext, uc_link, struct lx_rv_ucontext,     \
      uc_link)                                                                 \
    F("ucontext.uc_stack", struct ucontext, uc_stack, struct lx_rv_ucontext,   \
      uc_stack)                                                                \
    F("ucontext.uc_sigmask", struct ucontext, uc_sigmask,                      \
      struct lx_rv_ucontext, uc_sigmask)                                       \
    F("ucontext.uc_mcontext", struct ucontext, uc_mcontext,                    \
      struct lx_rv_ucontext, uc_mcontext)                                      \
    S("rt_sigframe", struct rt_sigframe, struct lx_rv_rt_sigframe)             \
    F("rt_sigframe.info", struct rt_sigframe, info, struct lx_rv_rt_sigframe,  \
      info)                                                                    \
    F("rt_sigframe.uc", struct rt_sigframe, uc, struct lx_rv_rt_sigframe, uc)

#define ABI_CONSTANTS(C)                                                       \
    C("AT_FDCWD", AT_FDCWD, LX_AT_FDCWD)                                       \
    C("SA_SIGINFO", SA_SIGINFO, LX_SA_SIGINFO)                                 \
    C("SA_ONSTACK", SA_ONSTACK, LX_SA_ONSTACK)                                 \
    C("SA_RESTART", SA_RESTART, LX_SA_RESTART)                                 \
    C("SA_NODEFER", SA_NODEFER, LX_SA_NODEFER)                                 \
    C("SA_RESETHAND", SA_RESETHAND, LX_SA_RESETHAND)                           \
    C("SS_ONSTACK", SS_ONSTACK, LX_SS_ONSTACK)                                 \
    C("SS_DISABLE", SS_DISABLE, LX_SS_DISABLE)                                 \
    C("SS_AUTODISARM", SS_AUTODISARM, LX_SS_AUTODISARM)                        \
    C("MINSIGSTKSZ", MINSIGSTKSZ, LX_MINSIGSTKSZ)                              \
    C("SIG_SETMASK", SIG_SETMASK, LX_SIG_SETMASK)                              \
    C("SI_TKILL", SI_TKILL, LX_SI_TKILL)                                       \
    C("MAP_SHARED_VALIDATE", MAP_SHARED_VALIDATE, LX_MAP_SHARED_VALIDATE)      \
    C("MAP_FIXED", MAP_FIXED, LX_MAP_FIXED)                                    \
    C("MAP_ANONYMOUS", MAP_ANONYMOUS, LX_MAP_ANONYMOUS)                        \
    C("MAP_FIXED_NOREPLACE", MAP_FIXED_NOREPLACE, LX_MAP_FIXED_NOREPLACE)      \
    C("MREMAP_DONTUNMAP", MREMAP_DONTUNMAP, LX_MREMAP_DONTUNMAP)               \
    C("MADV_DONTNEED", MADV_DONTNEED, LX_MADV_DONTNEED)                        \
    C("FUTEX_WAIT_BITSET", FUTEX_WAIT_BITSET, LX_FUTEX_WAIT_BITSET)            \
    C("FUTEX_CMP_REQUEUE", FUTEX_CMP_REQUEUE, LX_FUTEX_CMP_REQUEUE)            \
    C("FUTEX_CLOCK_REALTIME", FUTEX_CLOCK_REALTIME, LX_FUTEX_CLOCK_REALTIME)   \
    C("TCGETS", TCGETS, LX_TCGETS)                                             \
    C("TCSETSF", TCSETSF, LX_TCSETSF)                                          \
    C("TCFLSH", TCFLSH, LX_TCFLSH)                                             \
    C("TIOCGPGRP", TIOCGPGRP, LX_TIOCGPGRP)                                    \
    C("TIOCGWINSZ", TIOCGWINSZ, LX_TIOCGWINSZ)                                 \
    C("TIOCSWINSZ", TIOCSWINSZ, LX_TIOCSWINSZ)                                 \
    C("FIONREAD", FIONREAD, LX_FIONREAD)                                       \
    C("FIONBIO", FIONBIO, LX_FIONBIO)                                          \
    C("TIOCGSID", TIOCGSID, LX_TIOCGSID)                                       \
    C("FIOCLEX", FIOCLEX, LX_FIOCLEX)                                          \
    C("FIOASYNC", FIOASYNC, LX_FIOASYNC)                                       \
    C("NCCS", NCCS, LX_NCCS)

/* linux_dirent64 is not in the uapi headers; glibc's dirent64 is it. */
#define ABI_DIRENT(F, C)                                                       \
    F("dirent64.d_ino", struct dirent64, d_ino, struct lx_dirent64, d_ino)     \
    F("dirent64.d_off", struct dirent64, d_off, struct lx_dirent64, d_off)     \
    F("dirent64.d_reclen", struct dirent64, d_reclen, struct lx_dirent64,      \
      d_reclen)                                                                \
    F("dirent64.d_type", struct dirent64, d_type, struct lx_dirent64, d_type)  \
    C("dirent64.d_name", offsetof(struct dirent64, d_name),                    \
      LX_DIRENT64_NAME_OFFSET)

/* One output line per fact. */
enum abi_kind { ABI_FIELD, ABI_SIZE, ABI_CONSTANT };
struct abi_fact {
    enum abi_kind kind;
    const char *label;
    long long a, b; /* offset and size; size; value */
};

static inline void abi_print(const struct abi_fact *f)
{
    switch (f->kind) {
    case ABI_FIELD:
        printf("%s %lld %lld\n", f->label, f->a, f->b);
        break;
    case ABI_SIZE:
        printf("sizeof %s %lld\n", f->label, f->a);
        break;
    case ABI_CONSTANT:
        printf("%s = %lld\n", f->label, f->a);
        break;
    }
}

#endif
