/*
 * linux_syscalls_x86_64.h — the x86-64 guest's system calls:
 * X(number, name, handler) with <asm/unistd_64.h>'s numbers. Most map to
 * the handlers of the asm-generic list (linux_syscalls.h); the calls only
 * x86-64 still has (open, stat, fork, select...) are thin adapters onto
 * them (sys_x86_*.c), and clone takes its arguments in x86-64's order.
 * Names are the __NR_ names, so --strace prints them and a unit test
 * checks every number against the host's header. New names need their
 * LX_ARGS_<name> kinds below.
 *
 * Absent on purpose (ENOSYS, as a kernel without them): signalfd and
 * inotify_init (their signalfd4 and inotify_init1 forms are not emulated
 * either), the SysV IPC and AIO calls, and the 32-bit compatibility ones.
 */
#ifndef VM_LINUX_SYSCALLS_X86_64_H
#define VM_LINUX_SYSCALLS_X86_64_H

#define LINUX_SYSCALLS_X86_64(X)                                               \
    X(0, read, sys_read)                                                      \
    X(1, write, sys_write)                                                    \
    X(2, open, sys_open)                                                      \
    X(3, close, sys_close)                                                    \
    X(4, stat, sys_stat)                                                      \
    X(5, fstat, sys_fstat)                                                    \
    X(6, lstat, sys_lstat)                                                    \
    X(7, poll, sys_poll)                                                      \
    X(8, lseek, sys_lseek)                                                    \
    X(9, mmap, sys_mmap)                                                      \
    X(10, mprotect, sys_mprotect)                                             \
    X(11, munmap, sys_munmap)                                                 \
    X(12, brk, sys_brk)                                                       \
    X(13, rt_sigaction, sys_rt_sigaction)                                     \
    X(14, rt_sigprocmask, sys_rt_sigprocmask)                                 \
    X(15, rt_sigreturn, sys_rt_sigreturn)                                     \
    X(16, ioctl, sys_ioctl)                                                   \
    X(17, pread64, sys_pread64)                                               \
    X(18, pwrite64, sys_pwrite64)                                             \
    X(19, readv, sys_readv)                                                   \
    X(20, writev, sys_writev)                                                 \
    X(21, access, sys_access)                                                 \
    X(22, pipe, sys_pipe)                                                     \
    X(23, select, sys_select)                                                 \
    X(24, sched_yield, sys_sched_yield)                                       \
    X(25, mremap, sys_mremap)                                                 \
    X(26, msync, sys_msync)                                                   \
    X(28, madvise, sys_madvise)                                               \
    X(32, dup, sys_dup)                                                       \
    X(33, dup2, sys_dup2)                                                     \
    X(34, pause, sys_pause)                                                   \
    X(35, nanosleep, sys_nanosleep)                                           \
    X(36, getitimer, sys_getitimer)                                           \
    X(37, alarm, sys_alarm)                                                   \
    X(38, setitimer, sys_setitimer)                                           \
    X(39, getpid, sys_getpid)                                                 \
    X(41, socket, sys_socket)                                                 \
    X(42, connect, sys_connect)                                               \
    X(43, accept, sys_accept)                                                 \
    X(44, sendto, sys_sendto)                                                 \
    X(45, recvfrom, sys_recvfrom)                                             \
    X(46, sendmsg, sys_sendmsg)                                               \
    X(47, recvmsg, sys_recvmsg)                                               \
    X(48, shutdown, sys_shutdown)                                             \
    X(49, bind, sys_bind)                                                     \
    X(50, listen, sys_listen)                                                 \
    X(51, getsockname, sys_getsockname)                                       \
    X(52, getpeername, sys_getpeername)                                       \
    X(53, socketpair, sys_socketpair)                                         \
    X(54, setsockopt, sys_setsockopt)                                         \
    X(55, getsockopt, sys_getsockopt)                                         \
    X(56, clone, sys_clone_x86_64)                                            \
    X(57, fork, sys_fork)                                                     \
    X(58, vfork, sys_vfork)                                                   \
    X(59, execve, sys_execve)                                                 \
    X(60, exit, sys_exit)                                                     \
    X(61, wait4, sys_wait4)                                                   \
    X(62, kill, sys_kill)                                                     \
    X(63, uname, sys_uname)                                                   \
    X(72, fcntl, sys_fcntl)                                                   \
    X(74, fsync, sys_fsync)                                                   \
    X(75, fdatasync, sys_fdatasync)                                           \
    X(76, truncate, sys_truncate)                                             \
    X(77, ftruncate, sys_ftruncate)                                           \
    X(78, getdents, sys_getdents)                                             \
    X(79, getcwd, sys_getcwd)                                                 \
    X(80, chdir, sys_chdir)                                                   \
    X(82, rename, sys_rename)                                                 \
    X(83, mkdir, sys_mkdir)                                                   \
    X(84, rmdir, sys_rmdir)                                                   \
    X(85, creat, sys_creat)                                                   \
    X(86, link, sys_link)                                                     \
    X(87, unlink, sys_unlink)                                                 \
    X(88, symlink, sys_symlink)                                               \
    X(89, readlink, sys_readlink)                                             \
    X(90, chmod, sys_chmod)                                                   \
    X(91, fchmod, sys_fchmod)                                                 \
    X(92, chown, sys_chown)                                                   \
    X(93, fchown, sys_fchown)                                                 \
    X(94, lchown, sys_lchown)                                                 \
    X(95, umask, sys_umask)                                                   \
    X(96, gettimeofday, sys_gettimeofday)                                     \
    X(97, getrlimit, sys_getrlimit)                                           \
    X(98, getrusage, sys_getrusage)                                           \
    X(99, sysinfo, sys_sysinfo)                                               \
    X(100, times, sys_times)                                                  \
    X(101, ptrace, sys_ptrace)                                                \
    X(102, getuid, sys_getuid)                                                \
    X(104, getgid, sys_getgid)                                                \
    X(107, geteuid, sys_geteuid)                                              \
    X(108, getegid, sys_getegid)                                              \
    X(109, setpgid, sys_setpgid)                                              \
    X(110, getppid, sys_getppid)                                              \
    X(111, getpgrp, sys_getpgrp)                                              \
    X(112, setsid, sys_setsid)                                                \
    X(115, getgroups, sys_getgroups)                                          \
    X(118, getresuid, sys_getresuid)                                          \
    X(120, getresgid, sys_getresgid)                                          \
    X(121, getpgid, sys_getpgid)                                              \
    X(124, getsid, sys_getsid)                                                \
    X(127, rt_sigpending, sys_rt_sigpending)                                  \
    X(128, rt_sigtimedwait, sys_rt_sigtimedwait)                              \
    X(129, rt_sigqueueinfo, sys_rt_sigqueueinfo)                              \
    X(130, rt_sigsuspend, sys_rt_sigsuspend)                                  \
    X(131, sigaltstack, sys_sigaltstack)                                      \
    X(132, utime, sys_utime)                                                  \
    X(134, uselib, sys_uselib)                                                \
    X(154, modify_ldt, sys_modify_ldt)                                        \
    X(157, prctl, sys_prctl)                                                  \
    X(158, arch_prctl, sys_arch_prctl)                                        \
    X(160, setrlimit, sys_setrlimit)                                          \
    X(172, iopl, sys_iopl)                                                    \
    X(173, ioperm, sys_ioperm)                                                \
    X(186, gettid, sys_gettid)                                                \
    X(200, tkill, sys_tkill)                                                  \
    X(201, time, sys_time)                                                    \
    X(202, futex, sys_futex)                                                  \
    X(204, sched_getaffinity, sys_sched_getaffinity)                          \
    X(213, epoll_create, sys_epoll_create)                                    \
    X(217, getdents64, sys_getdents64)                                        \
    X(218, set_tid_address, sys_set_tid_address)                              \
    X(228, clock_gettime, sys_clock_gettime)                                  \
    X(229, clock_getres, sys_clock_getres)                                    \
    X(230, clock_nanosleep, sys_clock_nanosleep)                              \
    X(231, exit_group, sys_exit_group)                                        \
    X(232, epoll_wait, sys_epoll_wait)                                        \
    X(233, epoll_ctl, sys_epoll_ctl)                                          \
    X(234, tgkill, sys_tgkill)                                                \
    X(235, utimes, sys_utimes)                                                \
    X(247, waitid, sys_waitid)                                                \
    X(257, openat, sys_openat)                                                \
    X(258, mkdirat, sys_mkdirat)                                              \
    X(260, fchownat, sys_fchownat)                                            \
    X(261, futimesat, sys_futimesat)                                          \
    X(262, newfstatat, sys_newfstatat)                                        \
    X(263, unlinkat, sys_unlinkat)                                            \
    X(264, renameat, sys_renameat)                                            \
    X(265, linkat, sys_linkat)                                                \
    X(266, symlinkat, sys_symlinkat)                                          \
    X(267, readlinkat, sys_readlinkat)                                        \
    X(268, fchmodat, sys_fchmodat)                                            \
    X(269, faccessat, sys_faccessat)                                          \
    X(270, pselect6, sys_pselect6)                                            \
    X(271, ppoll, sys_ppoll)                                                  \
    X(273, set_robust_list, sys_set_robust_list)                              \
    X(280, utimensat, sys_utimensat)                                          \
    X(281, epoll_pwait, sys_epoll_pwait)                                      \
    X(283, timerfd_create, sys_timerfd_create)                                \
    X(284, eventfd, sys_eventfd)                                              \
    X(285, fallocate, sys_fallocate)                                          \
    X(286, timerfd_settime, sys_timerfd_settime)                              \
    X(287, timerfd_gettime, sys_timerfd_gettime)                              \
    X(288, accept4, sys_accept4)                                              \
    X(290, eventfd2, sys_eventfd2)                                            \
    X(291, epoll_create1, sys_epoll_create1)                                  \
    X(292, dup3, sys_dup3)                                                    \
    X(293, pipe2, sys_pipe2)                                                  \
    X(297, rt_tgsigqueueinfo, sys_rt_tgsigqueueinfo)                          \
    X(302, prlimit64, sys_prlimit64)                                          \
    X(310, process_vm_readv, sys_process_vm_readv)                            \
    X(311, process_vm_writev, sys_process_vm_writev)                          \
    X(316, renameat2, sys_renameat2)                                          \
    X(318, getrandom, sys_getrandom)                                          \
    X(324, membarrier, sys_membarrier)                                        \
    X(332, statx, sys_statx)                                                  \
    X(334, rseq, sys_rseq)                                                    \
    X(435, clone3, sys_clone3)                                                \
    X(436, close_range, sys_close_range)                                      \
    X(439, faccessat2, sys_faccessat2)                                        \
    X(441, epoll_pwait2, sys_epoll_pwait2)

/* Kinds of the calls not in linux_syscalls.h. */
#define LX_ARGS_open LXA_PATH, LXA_OPEN_FLAGS, LXA_CREATE_MODE
#define LX_ARGS_creat LXA_PATH, LXA_MODE
#define LX_ARGS_stat LXA_PATH, LXA_PTR
#define LX_ARGS_lstat LXA_PATH, LXA_PTR
#define LX_ARGS_access LXA_PATH, LXA_ACCESS_MODE
#define LX_ARGS_poll LXA_PTR, LXA_SIZE, LXA_INT
#define LX_ARGS_select LXA_INT, LXA_PTR, LXA_PTR, LXA_PTR, LXA_PTR
#define LX_ARGS_pipe LXA_PTR
#define LX_ARGS_dup2 LXA_FD, LXA_FD
#define LX_ARGS_pause LXA_END
#define LX_ARGS_alarm LXA_SIZE
#define LX_ARGS_fork LXA_END
#define LX_ARGS_vfork LXA_END
#define LX_ARGS_getdents LXA_FD, LXA_PTR, LXA_SIZE
#define LX_ARGS_rename LXA_PATH, LXA_PATH
#define LX_ARGS_renameat LXA_DIRFD, LXA_PATH, LXA_DIRFD, LXA_PATH
#define LX_ARGS_mkdir LXA_PATH, LXA_MODE
#define LX_ARGS_rmdir LXA_PATH
#define LX_ARGS_link LXA_PATH, LXA_PATH
#define LX_ARGS_unlink LXA_PATH
#define LX_ARGS_symlink LXA_PATH, LXA_PATH
#define LX_ARGS_readlink LXA_PATH, LXA_PTR, LXA_SIZE
#define LX_ARGS_chmod LXA_PATH, LXA_MODE
#define LX_ARGS_chown LXA_PATH, LXA_INT, LXA_INT
#define LX_ARGS_lchown LXA_PATH, LXA_INT, LXA_INT
#define LX_ARGS_getpgrp LXA_END
#define LX_ARGS_time LXA_PTR
#define LX_ARGS_utime LXA_PATH, LXA_PTR
#define LX_ARGS_utimes LXA_PATH, LXA_PTR
#define LX_ARGS_futimesat LXA_DIRFD, LXA_PATH, LXA_PTR
#define LX_ARGS_epoll_create LXA_INT
#define LX_ARGS_epoll_wait LXA_FD, LXA_PTR, LXA_INT, LXA_INT
#define LX_ARGS_eventfd LXA_INT
#define LX_ARGS_arch_prctl LXA_HEX, LXA_HEX
#define LX_ARGS_modify_ldt LXA_INT, LXA_PTR, LXA_SIZE
#define LX_ARGS_iopl LXA_INT
#define LX_ARGS_ioperm LXA_HEX, LXA_HEX, LXA_INT
#define LX_ARGS_uselib LXA_PATH

#endif
