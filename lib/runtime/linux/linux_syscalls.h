/*
 * linux_syscalls.h — the one list of system calls the Linux layer carries
 * out: X(number, name, handler). Numbers are the asm-generic ones riscv64
 * uses (asm-generic/unistd.h; riscv_flush_icache is arch-specific 244 + 15).
 * syscall.c derives the dispatch table and the names (for --strace) from it.
 *
 * renameat (38) is deliberately absent: riscv64 does not define
 * __ARCH_WANT_RENAMEAT, so on Linux it is ENOSYS too.
 */
#ifndef VM_LINUX_SYSCALLS_H
#define VM_LINUX_SYSCALLS_H

#define LINUX_SYSCALLS(X)                                                      \
    X(17, getcwd, sys_getcwd)                                                  \
    X(23, dup, sys_dup)                                                        \
    X(24, dup3, sys_dup3)                                                      \
    X(25, fcntl, sys_fcntl)                                                    \
    X(29, ioctl, sys_ioctl)                                                    \
    X(34, mkdirat, sys_mkdirat)                                                \
    X(35, unlinkat, sys_unlinkat)                                              \
    X(48, faccessat, sys_faccessat)                                            \
    X(49, chdir, sys_chdir)                                                    \
    X(56, openat, sys_openat)                                                  \
    X(57, close, sys_close)                                                    \
    X(59, pipe2, sys_pipe2)                                                    \
    X(61, getdents64, sys_getdents64)                                          \
    X(62, lseek, sys_lseek)                                                    \
    X(63, read, sys_read)                                                      \
    X(64, write, sys_write)                                                    \
    X(65, readv, sys_readv)                                                    \
    X(66, writev, sys_writev)                                                  \
    X(67, pread64, sys_pread64)                                                \
    X(68, pwrite64, sys_pwrite64)                                              \
    X(78, readlinkat, sys_readlinkat)                                          \
    X(79, newfstatat, sys_newfstatat)                                          \
    X(80, fstat, sys_fstat)                                                    \
    X(93, exit, sys_exit)                                                      \
    X(94, exit_group, sys_exit_group)                                          \
    X(96, set_tid_address, sys_set_tid_address)                                \
    X(98, futex, sys_futex)                                                    \
    X(99, set_robust_list, sys_set_robust_list)                                \
    X(101, nanosleep, sys_nanosleep)                                           \
    X(113, clock_gettime, sys_clock_gettime)                                   \
    X(114, clock_getres, sys_clock_getres)                                     \
    X(115, clock_nanosleep, sys_clock_nanosleep)                               \
    X(124, sched_yield, sys_sched_yield)                                       \
    X(129, kill, sys_kill)                                                     \
    X(130, tkill, sys_tkill)                                                   \
    X(131, tgkill, sys_tgkill)                                                 \
    X(132, sigaltstack, sys_sigaltstack)                                       \
    X(134, rt_sigaction, sys_rt_sigaction)                                     \
    X(135, rt_sigprocmask, sys_rt_sigprocmask)                                 \
    X(136, rt_sigpending, sys_rt_sigpending)                                   \
    X(139, rt_sigreturn, sys_rt_sigreturn)                                     \
    X(160, uname, sys_uname)                                                   \
    X(163, getrlimit, sys_getrlimit)                                           \
    X(164, setrlimit, sys_setrlimit)                                           \
    X(166, umask, sys_umask)                                                   \
    X(169, gettimeofday, sys_gettimeofday)                                     \
    X(172, getpid, sys_getpid)                                                 \
    X(173, getppid, sys_getppid)                                               \
    X(174, getuid, sys_getuid)                                                 \
    X(175, geteuid, sys_geteuid)                                               \
    X(176, getgid, sys_getgid)                                                 \
    X(177, getegid, sys_getegid)                                               \
    X(178, gettid, sys_gettid)                                                 \
    X(179, sysinfo, sys_sysinfo)                                               \
    X(214, brk, sys_brk)                                                       \
    X(215, munmap, sys_munmap)                                                 \
    X(216, mremap, sys_mremap)                                                 \
    X(222, mmap, sys_mmap)                                                     \
    X(226, mprotect, sys_mprotect)                                             \
    X(233, madvise, sys_madvise)                                               \
    X(259, riscv_flush_icache, sys_riscv_flush_icache)                         \
    X(261, prlimit64, sys_prlimit64)                                           \
    X(276, renameat2, sys_renameat2)                                           \
    X(278, getrandom, sys_getrandom)                                           \
    X(291, statx, sys_statx)                                                   \
    X(439, faccessat2, sys_faccessat2)

#endif
