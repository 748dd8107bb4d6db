/*
 * linux_syscalls.h — the one list of system calls the Linux layer carries
 * out: X(number, name, handler). Numbers are the asm-generic ones riscv64
 * uses (asm-generic/unistd.h; riscv_flush_icache is arch-specific 244 + 15).
 * syscall.c derives the dispatch table and the names (for --strace) from it.
 *
 * Each call also needs LX_ARGS_<name> below: the kinds of its arguments
 * for --strace (strace.h), at most six, LXA_END when there are none, plus
 * an optional LXR_* marker for a result that is an address or never
 * comes. strace.c builds its table from both, so a call missing there
 * fails to compile rather than going untraced.
 *
 * renameat (38) is deliberately absent: riscv64 does not define
 * __ARCH_WANT_RENAMEAT, so on Linux it is ENOSYS too.
 */
#ifndef VM_LINUX_SYSCALLS_H
#define VM_LINUX_SYSCALLS_H

#define LX_MAX_NR 448 /* every number in the list is below this */

#define LINUX_SYSCALLS(X)                                                      \
    X(17, getcwd, sys_getcwd)                                                  \
    X(19, eventfd2, sys_eventfd2)                                              \
    X(20, epoll_create1, sys_epoll_create1)                                    \
    X(21, epoll_ctl, sys_epoll_ctl)                                            \
    X(22, epoll_pwait, sys_epoll_pwait)                                        \
    X(23, dup, sys_dup)                                                        \
    X(24, dup3, sys_dup3)                                                      \
    X(25, fcntl, sys_fcntl)                                                    \
    X(29, ioctl, sys_ioctl)                                                    \
    X(34, mkdirat, sys_mkdirat)                                                \
    X(35, unlinkat, sys_unlinkat)                                              \
    X(36, symlinkat, sys_symlinkat)                                            \
    X(37, linkat, sys_linkat)                                                  \
    X(45, truncate, sys_truncate)                                              \
    X(46, ftruncate, sys_ftruncate)                                            \
    X(47, fallocate, sys_fallocate)                                            \
    X(48, faccessat, sys_faccessat)                                            \
    X(49, chdir, sys_chdir)                                                    \
    X(52, fchmod, sys_fchmod)                                                  \
    X(53, fchmodat, sys_fchmodat)                                              \
    X(54, fchownat, sys_fchownat)                                              \
    X(55, fchown, sys_fchown)                                                  \
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
    X(72, pselect6, sys_pselect6)                                              \
    X(73, ppoll, sys_ppoll)                                                    \
    X(78, readlinkat, sys_readlinkat)                                          \
    X(79, newfstatat, sys_newfstatat)                                          \
    X(80, fstat, sys_fstat)                                                    \
    X(82, fsync, sys_fsync)                                                    \
    X(83, fdatasync, sys_fdatasync)                                            \
    X(85, timerfd_create, sys_timerfd_create)                                  \
    X(86, timerfd_settime, sys_timerfd_settime)                                \
    X(87, timerfd_gettime, sys_timerfd_gettime)                                \
    X(88, utimensat, sys_utimensat)                                            \
    X(93, exit, sys_exit)                                                      \
    X(94, exit_group, sys_exit_group)                                          \
    X(95, waitid, sys_waitid)                                                  \
    X(96, set_tid_address, sys_set_tid_address)                                \
    X(98, futex, sys_futex)                                                    \
    X(99, set_robust_list, sys_set_robust_list)                                \
    X(101, nanosleep, sys_nanosleep)                                           \
    X(102, getitimer, sys_getitimer)                                           \
    X(103, setitimer, sys_setitimer)                                           \
    X(113, clock_gettime, sys_clock_gettime)                                   \
    X(114, clock_getres, sys_clock_getres)                                     \
    X(115, clock_nanosleep, sys_clock_nanosleep)                               \
    X(117, ptrace, sys_ptrace)                                                 \
    X(123, sched_getaffinity, sys_sched_getaffinity)                           \
    X(124, sched_yield, sys_sched_yield)                                       \
    X(129, kill, sys_kill)                                                     \
    X(130, tkill, sys_tkill)                                                   \
    X(131, tgkill, sys_tgkill)                                                 \
    X(132, sigaltstack, sys_sigaltstack)                                       \
    X(133, rt_sigsuspend, sys_rt_sigsuspend)                                   \
    X(134, rt_sigaction, sys_rt_sigaction)                                     \
    X(135, rt_sigprocmask, sys_rt_sigprocmask)                                 \
    X(136, rt_sigpending, sys_rt_sigpending)                                   \
    X(137, rt_sigtimedwait, sys_rt_sigtimedwait)                               \
    X(138, rt_sigqueueinfo, sys_rt_sigqueueinfo)                               \
    X(139, rt_sigreturn, sys_rt_sigreturn)                                     \
    X(148, getresuid, sys_getresuid)                                           \
    X(150, getresgid, sys_getresgid)                                           \
    X(153, times, sys_times)                                                   \
    X(154, setpgid, sys_setpgid)                                               \
    X(155, getpgid, sys_getpgid)                                               \
    X(156, getsid, sys_getsid)                                                 \
    X(157, setsid, sys_setsid)                                                 \
    X(158, getgroups, sys_getgroups)                                           \
    X(160, uname, sys_uname)                                                   \
    X(163, getrlimit, sys_getrlimit)                                           \
    X(164, setrlimit, sys_setrlimit)                                           \
    X(165, getrusage, sys_getrusage)                                           \
    X(166, umask, sys_umask)                                                   \
    X(167, prctl, sys_prctl)                                                   \
    X(169, gettimeofday, sys_gettimeofday)                                     \
    X(172, getpid, sys_getpid)                                                 \
    X(173, getppid, sys_getppid)                                               \
    X(174, getuid, sys_getuid)                                                 \
    X(175, geteuid, sys_geteuid)                                               \
    X(176, getgid, sys_getgid)                                                 \
    X(177, getegid, sys_getegid)                                               \
    X(178, gettid, sys_gettid)                                                 \
    X(179, sysinfo, sys_sysinfo)                                               \
    X(198, socket, sys_socket)                                                 \
    X(199, socketpair, sys_socketpair)                                         \
    X(200, bind, sys_bind)                                                     \
    X(201, listen, sys_listen)                                                 \
    X(202, accept, sys_accept)                                                 \
    X(203, connect, sys_connect)                                               \
    X(204, getsockname, sys_getsockname)                                       \
    X(205, getpeername, sys_getpeername)                                       \
    X(206, sendto, sys_sendto)                                                 \
    X(207, recvfrom, sys_recvfrom)                                             \
    X(208, setsockopt, sys_setsockopt)                                         \
    X(209, getsockopt, sys_getsockopt)                                         \
    X(210, shutdown, sys_shutdown)                                             \
    X(211, sendmsg, sys_sendmsg)                                               \
    X(212, recvmsg, sys_recvmsg)                                               \
    X(214, brk, sys_brk)                                                       \
    X(215, munmap, sys_munmap)                                                 \
    X(216, mremap, sys_mremap)                                                 \
    X(220, clone, sys_clone)                                                   \
    X(221, execve, sys_execve)                                                 \
    X(222, mmap, sys_mmap)                                                     \
    X(226, mprotect, sys_mprotect)                                             \
    X(227, msync, sys_msync)                                                   \
    X(233, madvise, sys_madvise)                                               \
    X(240, rt_tgsigqueueinfo, sys_rt_tgsigqueueinfo)                           \
    X(242, accept4, sys_accept4)                                               \
    X(258, riscv_hwprobe, sys_riscv_hwprobe)                                   \
    X(259, riscv_flush_icache, sys_riscv_flush_icache)                         \
    X(260, wait4, sys_wait4)                                                   \
    X(261, prlimit64, sys_prlimit64)                                           \
    X(270, process_vm_readv, sys_process_vm_readv)                             \
    X(271, process_vm_writev, sys_process_vm_writev)                           \
    X(276, renameat2, sys_renameat2)                                           \
    X(278, getrandom, sys_getrandom)                                           \
    X(283, membarrier, sys_membarrier)                                         \
    X(291, statx, sys_statx)                                                   \
    X(293, rseq, sys_rseq)                                                     \
    X(435, clone3, sys_clone3)                                                 \
    X(436, close_range, sys_close_range)                                       \
    X(439, faccessat2, sys_faccessat2)                                         \
    X(441, epoll_pwait2, sys_epoll_pwait2)

#define LX_ARGS_getcwd LXA_PTR, LXA_SIZE
#define LX_ARGS_dup LXA_FD
#define LX_ARGS_dup3 LXA_FD, LXA_FD, LXA_FD_FLAGS
#define LX_ARGS_fcntl LXA_FD, LXA_FCNTL_CMD, LXA_HEX
#define LX_ARGS_ioctl LXA_FD, LXA_IOCTL_CMD, LXA_HEX
#define LX_ARGS_mkdirat LXA_DIRFD, LXA_PATH, LXA_MODE
#define LX_ARGS_unlinkat LXA_DIRFD, LXA_PATH, LXA_UNLINK_FLAGS
#define LX_ARGS_faccessat LXA_DIRFD, LXA_PATH, LXA_ACCESS_MODE
#define LX_ARGS_chdir LXA_PATH
#define LX_ARGS_openat LXA_DIRFD, LXA_PATH, LXA_OPEN_FLAGS, LXA_CREATE_MODE
#define LX_ARGS_close LXA_FD
#define LX_ARGS_pipe2 LXA_PTR, LXA_FD_FLAGS
#define LX_ARGS_getdents64 LXA_FD, LXA_PTR, LXA_SIZE
#define LX_ARGS_lseek LXA_FD, LXA_LONG, LXA_WHENCE
#define LX_ARGS_read LXA_FD, LXA_RBUF, LXA_SIZE
#define LX_ARGS_write LXA_FD, LXA_WBUF, LXA_SIZE
#define LX_ARGS_readv LXA_FD, LXA_PTR, LXA_INT
#define LX_ARGS_writev LXA_FD, LXA_PTR, LXA_INT
#define LX_ARGS_pread64 LXA_FD, LXA_RBUF, LXA_SIZE, LXA_LONG
#define LX_ARGS_pwrite64 LXA_FD, LXA_WBUF, LXA_SIZE, LXA_LONG
#define LX_ARGS_readlinkat LXA_DIRFD, LXA_PATH, LXA_PTR, LXA_SIZE
#define LX_ARGS_newfstatat LXA_DIRFD, LXA_PATH, LXA_PTR, LXA_AT_FLAGS
#define LX_ARGS_fstat LXA_FD, LXA_PTR
#define LX_ARGS_exit LXA_INT, LXR_NORETURN
#define LX_ARGS_exit_group LXA_INT, LXR_NORETURN
#define LX_ARGS_set_tid_address LXA_PTR
#define LX_ARGS_futex                                                          \
    LXA_PTR, LXA_FUTEX_OP, LXA_INT, LXA_PTR, LXA_PTR, LXA_INT
#define LX_ARGS_set_robust_list LXA_PTR, LXA_SIZE
#define LX_ARGS_nanosleep LXA_PTR, LXA_PTR
#define LX_ARGS_clock_gettime LXA_CLOCK, LXA_PTR
#define LX_ARGS_clock_getres LXA_CLOCK, LXA_PTR
#define LX_ARGS_clock_nanosleep LXA_CLOCK, LXA_TIMER_FLAGS, LXA_PTR, LXA_PTR
#define LX_ARGS_sched_yield LXA_END
#define LX_ARGS_kill LXA_INT, LXA_SIGNAL
#define LX_ARGS_tkill LXA_INT, LXA_SIGNAL
#define LX_ARGS_tgkill LXA_INT, LXA_INT, LXA_SIGNAL
#define LX_ARGS_sigaltstack LXA_PTR, LXA_PTR
#define LX_ARGS_rt_sigaction LXA_SIGNAL, LXA_PTR, LXA_PTR, LXA_SIZE
#define LX_ARGS_rt_sigprocmask LXA_SIGHOW, LXA_PTR, LXA_PTR, LXA_SIZE
#define LX_ARGS_rt_sigpending LXA_PTR, LXA_SIZE
#define LX_ARGS_rt_sigreturn LXA_END, LXR_NORETURN
#define LX_ARGS_uname LXA_PTR
#define LX_ARGS_getrlimit LXA_RLIMIT, LXA_PTR
#define LX_ARGS_setrlimit LXA_RLIMIT, LXA_PTR
#define LX_ARGS_umask LXA_MODE
#define LX_ARGS_gettimeofday LXA_PTR, LXA_PTR
#define LX_ARGS_getpid LXA_END
#define LX_ARGS_getppid LXA_END
#define LX_ARGS_getuid LXA_END
#define LX_ARGS_geteuid LXA_END
#define LX_ARGS_getgid LXA_END
#define LX_ARGS_getegid LXA_END
#define LX_ARGS_gettid LXA_END
#define LX_ARGS_sysinfo LXA_PTR
#define LX_ARGS_brk LXA_PTR, LXR_ADDR
#define LX_ARGS_munmap LXA_PTR, LXA_SIZE
#define LX_ARGS_mremap                                                         \
    LXA_PTR, LXA_SIZE, LXA_SIZE, LXA_MREMAP_FLAGS, LXA_PTR, LXR_ADDR
#define LX_ARGS_mmap                                                           \
    LXA_PTR, LXA_SIZE, LXA_PROT, LXA_MAP_FLAGS, LXA_FD, LXA_HEX, LXR_ADDR
#define LX_ARGS_mprotect LXA_PTR, LXA_SIZE, LXA_PROT
#define LX_ARGS_madvise LXA_PTR, LXA_SIZE, LXA_MADVICE
#define LX_ARGS_riscv_flush_icache LXA_PTR, LXA_PTR, LXA_HEX
#define LX_ARGS_prlimit64 LXA_INT, LXA_RLIMIT, LXA_PTR, LXA_PTR
#define LX_ARGS_renameat2                                                      \
    LXA_DIRFD, LXA_PATH, LXA_DIRFD, LXA_PATH, LXA_RENAME_FLAGS
#define LX_ARGS_getrandom LXA_PTR, LXA_SIZE, LXA_RANDOM_FLAGS
#define LX_ARGS_statx LXA_DIRFD, LXA_PATH, LXA_AT_FLAGS, LXA_HEX, LXA_PTR
#define LX_ARGS_faccessat2 LXA_DIRFD, LXA_PATH, LXA_ACCESS_MODE, LXA_AT_FLAGS
#define LX_ARGS_symlinkat LXA_PATH, LXA_DIRFD, LXA_PATH
#define LX_ARGS_linkat LXA_DIRFD, LXA_PATH, LXA_DIRFD, LXA_PATH, LXA_AT_FLAGS
#define LX_ARGS_truncate LXA_PATH, LXA_LONG
#define LX_ARGS_ftruncate LXA_FD, LXA_LONG
#define LX_ARGS_fallocate LXA_FD, LXA_INT, LXA_LONG, LXA_LONG
#define LX_ARGS_fchmod LXA_FD, LXA_MODE
#define LX_ARGS_fchmodat LXA_DIRFD, LXA_PATH, LXA_MODE
#define LX_ARGS_fchownat LXA_DIRFD, LXA_PATH, LXA_INT, LXA_INT, LXA_AT_FLAGS
#define LX_ARGS_fchown LXA_FD, LXA_INT, LXA_INT
#define LX_ARGS_fsync LXA_FD
#define LX_ARGS_fdatasync LXA_FD
#define LX_ARGS_utimensat LXA_DIRFD, LXA_PATH, LXA_PTR, LXA_AT_FLAGS
#define LX_ARGS_sched_getaffinity LXA_INT, LXA_SIZE, LXA_PTR
#define LX_ARGS_rt_sigtimedwait LXA_PTR, LXA_PTR, LXA_PTR, LXA_SIZE
#define LX_ARGS_rt_sigqueueinfo LXA_INT, LXA_SIGNAL, LXA_PTR
#define LX_ARGS_rt_tgsigqueueinfo LXA_INT, LXA_INT, LXA_SIGNAL, LXA_PTR
#define LX_ARGS_getresuid LXA_PTR, LXA_PTR, LXA_PTR
#define LX_ARGS_getresgid LXA_PTR, LXA_PTR, LXA_PTR
#define LX_ARGS_times LXA_PTR
#define LX_ARGS_setpgid LXA_INT, LXA_INT
#define LX_ARGS_getpgid LXA_INT
#define LX_ARGS_getsid LXA_INT
#define LX_ARGS_setsid LXA_END
#define LX_ARGS_getgroups LXA_INT, LXA_PTR
#define LX_ARGS_getrusage LXA_INT, LXA_PTR
#define LX_ARGS_msync LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_eventfd2 LXA_INT, LXA_FD_FLAGS
#define LX_ARGS_epoll_create1 LXA_FD_FLAGS
#define LX_ARGS_epoll_ctl LXA_FD, LXA_INT, LXA_FD, LXA_PTR
#define LX_ARGS_epoll_pwait LXA_FD, LXA_PTR, LXA_INT, LXA_INT, LXA_PTR, LXA_SIZE
#define LX_ARGS_pselect6 LXA_INT, LXA_PTR, LXA_PTR, LXA_PTR, LXA_PTR, LXA_PTR
#define LX_ARGS_ppoll LXA_PTR, LXA_SIZE, LXA_PTR, LXA_PTR, LXA_SIZE
#define LX_ARGS_timerfd_create LXA_CLOCK, LXA_FD_FLAGS
#define LX_ARGS_timerfd_settime LXA_FD, LXA_INT, LXA_PTR, LXA_PTR
#define LX_ARGS_timerfd_gettime LXA_FD, LXA_PTR
#define LX_ARGS_prctl LXA_INT, LXA_HEX, LXA_HEX, LXA_HEX, LXA_HEX
#define LX_ARGS_socket LXA_INT, LXA_HEX, LXA_INT
#define LX_ARGS_socketpair LXA_INT, LXA_HEX, LXA_INT, LXA_PTR
#define LX_ARGS_bind LXA_FD, LXA_PTR, LXA_INT
#define LX_ARGS_listen LXA_FD, LXA_INT
#define LX_ARGS_accept LXA_FD, LXA_PTR, LXA_PTR
#define LX_ARGS_connect LXA_FD, LXA_PTR, LXA_INT
#define LX_ARGS_getsockname LXA_FD, LXA_PTR, LXA_PTR
#define LX_ARGS_getpeername LXA_FD, LXA_PTR, LXA_PTR
#define LX_ARGS_sendto LXA_FD, LXA_WBUF, LXA_SIZE, LXA_HEX, LXA_PTR, LXA_INT
#define LX_ARGS_recvfrom LXA_FD, LXA_RBUF, LXA_SIZE, LXA_HEX, LXA_PTR, LXA_PTR
#define LX_ARGS_setsockopt LXA_FD, LXA_INT, LXA_INT, LXA_PTR, LXA_INT
#define LX_ARGS_getsockopt LXA_FD, LXA_INT, LXA_INT, LXA_PTR, LXA_PTR
#define LX_ARGS_shutdown LXA_FD, LXA_INT
#define LX_ARGS_sendmsg LXA_FD, LXA_PTR, LXA_HEX
#define LX_ARGS_recvmsg LXA_FD, LXA_PTR, LXA_HEX
#define LX_ARGS_accept4 LXA_FD, LXA_PTR, LXA_PTR, LXA_FD_FLAGS
#define LX_ARGS_riscv_hwprobe LXA_PTR, LXA_SIZE, LXA_SIZE, LXA_PTR, LXA_HEX
#define LX_ARGS_membarrier LXA_INT, LXA_HEX, LXA_INT
#define LX_ARGS_rseq LXA_PTR, LXA_INT, LXA_HEX, LXA_HEX
#define LX_ARGS_close_range LXA_INT, LXA_INT, LXA_HEX
#define LX_ARGS_waitid LXA_INT, LXA_INT, LXA_PTR, LXA_HEX, LXA_PTR
#define LX_ARGS_getitimer LXA_INT, LXA_PTR
#define LX_ARGS_setitimer LXA_INT, LXA_PTR, LXA_PTR
#define LX_ARGS_ptrace LXA_INT, LXA_INT, LXA_PTR, LXA_PTR
#define LX_ARGS_rt_sigsuspend LXA_PTR, LXA_SIZE
#define LX_ARGS_clone LXA_HEX, LXA_PTR, LXA_PTR, LXA_PTR, LXA_PTR
#define LX_ARGS_execve LXA_PATH, LXA_PTR, LXA_PTR
#define LX_ARGS_wait4 LXA_INT, LXA_PTR, LXA_HEX, LXA_PTR
#define LX_ARGS_process_vm_readv                                               \
    LXA_INT, LXA_PTR, LXA_SIZE, LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_process_vm_writev                                              \
    LXA_INT, LXA_PTR, LXA_SIZE, LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_clone3 LXA_PTR, LXA_SIZE
#define LX_ARGS_epoll_pwait2                                                   \
    LXA_FD, LXA_PTR, LXA_INT, LXA_PTR, LXA_PTR, LXA_SIZE

#endif
