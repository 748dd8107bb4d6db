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

#define LX_MAX_NR 451 /* every number in the list is below this */

#define LINUX_SYSCALLS(X)                                                      \
    X(5, setxattr, sys_setxattr)                                               \
    X(6, lsetxattr, sys_lsetxattr)                                             \
    X(7, fsetxattr, sys_fsetxattr)                                             \
    X(8, getxattr, sys_getxattr)                                               \
    X(9, lgetxattr, sys_lgetxattr)                                             \
    X(10, fgetxattr, sys_fgetxattr)                                            \
    X(11, listxattr, sys_listxattr)                                            \
    X(12, llistxattr, sys_llistxattr)                                          \
    X(13, flistxattr, sys_flistxattr)                                          \
    X(14, removexattr, sys_removexattr)                                        \
    X(15, lremovexattr, sys_lremovexattr)                                      \
    X(16, fremovexattr, sys_fremovexattr)                                      \
    X(17, getcwd, sys_getcwd)                                                  \
    X(19, eventfd2, sys_eventfd2)                                              \
    X(20, epoll_create1, sys_epoll_create1)                                    \
    X(21, epoll_ctl, sys_epoll_ctl)                                            \
    X(22, epoll_pwait, sys_epoll_pwait)                                        \
    X(23, dup, sys_dup)                                                        \
    X(24, dup3, sys_dup3)                                                      \
    X(25, fcntl, sys_fcntl)                                                    \
    X(26, inotify_init1, sys_inotify_init1)                                    \
    X(27, inotify_add_watch, sys_inotify_add_watch)                            \
    X(28, inotify_rm_watch, sys_inotify_rm_watch)                              \
    X(29, ioctl, sys_ioctl)                                                    \
    X(30, ioprio_set, sys_ioprio_set)                                          \
    X(31, ioprio_get, sys_ioprio_get)                                          \
    X(32, flock, sys_flock)                                                    \
    X(33, mknodat, sys_mknodat)                                                \
    X(34, mkdirat, sys_mkdirat)                                                \
    X(35, unlinkat, sys_unlinkat)                                              \
    X(36, symlinkat, sys_symlinkat)                                            \
    X(37, linkat, sys_linkat)                                                  \
    X(39, umount2, sys_umount2)                                                \
    X(40, mount, sys_mount)                                                    \
    X(41, pivot_root, sys_pivot_root)                                          \
    X(43, statfs, sys_statfs)                                                  \
    X(44, fstatfs, sys_fstatfs)                                                \
    X(45, truncate, sys_truncate)                                              \
    X(46, ftruncate, sys_ftruncate)                                            \
    X(47, fallocate, sys_fallocate)                                            \
    X(48, faccessat, sys_faccessat)                                            \
    X(49, chdir, sys_chdir)                                                    \
    X(50, fchdir, sys_fchdir)                                                  \
    X(51, chroot, sys_chroot)                                                  \
    X(52, fchmod, sys_fchmod)                                                  \
    X(53, fchmodat, sys_fchmodat)                                              \
    X(54, fchownat, sys_fchownat)                                              \
    X(55, fchown, sys_fchown)                                                  \
    X(56, openat, sys_openat)                                                  \
    X(57, close, sys_close)                                                    \
    X(58, vhangup, sys_vhangup)                                                \
    X(59, pipe2, sys_pipe2)                                                    \
    X(60, quotactl, sys_quotactl)                                              \
    X(61, getdents64, sys_getdents64)                                          \
    X(62, lseek, sys_lseek)                                                    \
    X(63, read, sys_read)                                                      \
    X(64, write, sys_write)                                                    \
    X(65, readv, sys_readv)                                                    \
    X(66, writev, sys_writev)                                                  \
    X(67, pread64, sys_pread64)                                                \
    X(68, pwrite64, sys_pwrite64)                                              \
    X(69, preadv, sys_preadv)                                                  \
    X(70, pwritev, sys_pwritev)                                                \
    X(71, sendfile, sys_sendfile)                                              \
    X(72, pselect6, sys_pselect6)                                              \
    X(73, ppoll, sys_ppoll)                                                    \
    X(74, signalfd4, sys_signalfd4)                                            \
    X(75, vmsplice, sys_vmsplice)                                              \
    X(76, splice, sys_splice)                                                  \
    X(77, tee, sys_tee)                                                        \
    X(78, readlinkat, sys_readlinkat)                                          \
    X(79, newfstatat, sys_newfstatat)                                          \
    X(80, fstat, sys_fstat)                                                    \
    X(81, sync, sys_sync)                                                      \
    X(82, fsync, sys_fsync)                                                    \
    X(83, fdatasync, sys_fdatasync)                                            \
    X(84, sync_file_range, sys_sync_file_range)                                \
    X(85, timerfd_create, sys_timerfd_create)                                  \
    X(86, timerfd_settime, sys_timerfd_settime)                                \
    X(87, timerfd_gettime, sys_timerfd_gettime)                                \
    X(88, utimensat, sys_utimensat)                                            \
    X(89, acct, sys_acct)                                                      \
    X(90, capget, sys_capget)                                                  \
    X(91, capset, sys_capset)                                                  \
    X(92, personality, sys_personality)                                        \
    X(93, exit, sys_exit)                                                      \
    X(94, exit_group, sys_exit_group)                                          \
    X(95, waitid, sys_waitid)                                                  \
    X(96, set_tid_address, sys_set_tid_address)                                \
    X(97, unshare, sys_unshare)                                                \
    X(98, futex, sys_futex)                                                    \
    X(99, set_robust_list, sys_set_robust_list)                                \
    X(100, get_robust_list, sys_get_robust_list)                               \
    X(101, nanosleep, sys_nanosleep)                                           \
    X(102, getitimer, sys_getitimer)                                           \
    X(103, setitimer, sys_setitimer)                                           \
    X(104, kexec_load, sys_kexec_load)                                         \
    X(105, init_module, sys_init_module)                                       \
    X(106, delete_module, sys_delete_module)                                   \
    X(107, timer_create, sys_timer_create)                                     \
    X(108, timer_gettime, sys_timer_gettime)                                   \
    X(109, timer_getoverrun, sys_timer_getoverrun)                             \
    X(110, timer_settime, sys_timer_settime)                                   \
    X(111, timer_delete, sys_timer_delete)                                     \
    X(112, clock_settime, sys_clock_settime)                                   \
    X(113, clock_gettime, sys_clock_gettime)                                   \
    X(114, clock_getres, sys_clock_getres)                                     \
    X(115, clock_nanosleep, sys_clock_nanosleep)                               \
    X(116, syslog, sys_syslog)                                                 \
    X(117, ptrace, sys_ptrace)                                                 \
    X(118, sched_setparam, sys_sched_setparam)                                 \
    X(119, sched_setscheduler, sys_sched_setscheduler)                         \
    X(120, sched_getscheduler, sys_sched_getscheduler)                         \
    X(121, sched_getparam, sys_sched_getparam)                                 \
    X(122, sched_setaffinity, sys_sched_setaffinity)                           \
    X(123, sched_getaffinity, sys_sched_getaffinity)                           \
    X(124, sched_yield, sys_sched_yield)                                       \
    X(125, sched_get_priority_max, sys_sched_get_priority_max)                 \
    X(126, sched_get_priority_min, sys_sched_get_priority_min)                 \
    X(127, sched_rr_get_interval, sys_sched_rr_get_interval)                   \
    X(128, restart_syscall, sys_restart_syscall)                               \
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
    X(140, setpriority, sys_setpriority)                                       \
    X(141, getpriority, sys_getpriority)                                       \
    X(142, reboot, sys_reboot)                                                 \
    X(143, setregid, sys_setregid)                                             \
    X(144, setgid, sys_setgid)                                                 \
    X(145, setreuid, sys_setreuid)                                             \
    X(146, setuid, sys_setuid)                                                 \
    X(147, setresuid, sys_setresuid)                                           \
    X(148, getresuid, sys_getresuid)                                           \
    X(149, setresgid, sys_setresgid)                                           \
    X(150, getresgid, sys_getresgid)                                           \
    X(151, setfsuid, sys_setfsuid)                                             \
    X(152, setfsgid, sys_setfsgid)                                             \
    X(153, times, sys_times)                                                   \
    X(154, setpgid, sys_setpgid)                                               \
    X(155, getpgid, sys_getpgid)                                               \
    X(156, getsid, sys_getsid)                                                 \
    X(157, setsid, sys_setsid)                                                 \
    X(158, getgroups, sys_getgroups)                                           \
    X(159, setgroups, sys_setgroups)                                           \
    X(160, uname, sys_uname)                                                   \
    X(161, sethostname, sys_sethostname)                                       \
    X(162, setdomainname, sys_setdomainname)                                   \
    X(163, getrlimit, sys_getrlimit)                                           \
    X(164, setrlimit, sys_setrlimit)                                           \
    X(165, getrusage, sys_getrusage)                                           \
    X(166, umask, sys_umask)                                                   \
    X(167, prctl, sys_prctl)                                                   \
    X(168, getcpu, sys_getcpu)                                                 \
    X(169, gettimeofday, sys_gettimeofday)                                     \
    X(170, settimeofday, sys_settimeofday)                                     \
    X(171, adjtimex, sys_adjtimex)                                             \
    X(172, getpid, sys_getpid)                                                 \
    X(173, getppid, sys_getppid)                                               \
    X(174, getuid, sys_getuid)                                                 \
    X(175, geteuid, sys_geteuid)                                               \
    X(176, getgid, sys_getgid)                                                 \
    X(177, getegid, sys_getegid)                                               \
    X(178, gettid, sys_gettid)                                                 \
    X(179, sysinfo, sys_sysinfo)                                               \
    X(180, mq_open, sys_mq_open)                                               \
    X(181, mq_unlink, sys_mq_unlink)                                           \
    X(182, mq_timedsend, sys_mq_timedsend)                                     \
    X(183, mq_timedreceive, sys_mq_timedreceive)                               \
    X(184, mq_notify, sys_mq_notify)                                           \
    X(185, mq_getsetattr, sys_mq_getsetattr)                                   \
    X(186, msgget, sys_msgget)                                                 \
    X(187, msgctl, sys_msgctl)                                                 \
    X(188, msgrcv, sys_msgrcv)                                                 \
    X(189, msgsnd, sys_msgsnd)                                                 \
    X(190, semget, sys_semget)                                                 \
    X(191, semctl, sys_semctl)                                                 \
    X(192, semtimedop, sys_semtimedop)                                         \
    X(193, semop, sys_semop)                                                   \
    X(194, shmget, sys_shmget)                                                 \
    X(195, shmctl, sys_shmctl)                                                 \
    X(196, shmat, sys_shmat)                                                   \
    X(197, shmdt, sys_shmdt)                                                   \
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
    X(213, readahead, sys_readahead)                                           \
    X(214, brk, sys_brk)                                                       \
    X(215, munmap, sys_munmap)                                                 \
    X(216, mremap, sys_mremap)                                                 \
    X(220, clone, sys_clone)                                                   \
    X(221, execve, sys_execve)                                                 \
    X(222, mmap, sys_mmap)                                                     \
    X(223, fadvise64, sys_fadvise64)                                           \
    X(224, swapon, sys_swapon)                                                 \
    X(225, swapoff, sys_swapoff)                                               \
    X(226, mprotect, sys_mprotect)                                             \
    X(227, msync, sys_msync)                                                   \
    X(228, mlock, sys_mlock)                                                   \
    X(229, munlock, sys_munlock)                                               \
    X(230, mlockall, sys_mlockall)                                             \
    X(231, munlockall, sys_munlockall)                                         \
    X(232, mincore, sys_mincore)                                               \
    X(233, madvise, sys_madvise)                                               \
    X(240, rt_tgsigqueueinfo, sys_rt_tgsigqueueinfo)                           \
    X(242, accept4, sys_accept4)                                               \
    X(243, recvmmsg, sys_recvmmsg)                                             \
    X(258, riscv_hwprobe, sys_riscv_hwprobe)                                   \
    X(259, riscv_flush_icache, sys_riscv_flush_icache)                         \
    X(260, wait4, sys_wait4)                                                   \
    X(261, prlimit64, sys_prlimit64)                                           \
    X(262, fanotify_init, sys_fanotify_init)                                   \
    X(263, fanotify_mark, sys_fanotify_mark)                                   \
    X(264, name_to_handle_at, sys_name_to_handle_at)                           \
    X(265, open_by_handle_at, sys_open_by_handle_at)                           \
    X(266, clock_adjtime, sys_clock_adjtime)                                   \
    X(267, syncfs, sys_syncfs)                                                 \
    X(268, setns, sys_setns)                                                   \
    X(269, sendmmsg, sys_sendmmsg)                                             \
    X(270, process_vm_readv, sys_process_vm_readv)                             \
    X(271, process_vm_writev, sys_process_vm_writev)                           \
    X(272, kcmp, sys_kcmp)                                                     \
    X(273, finit_module, sys_finit_module)                                     \
    X(274, sched_setattr, sys_sched_setattr)                                   \
    X(275, sched_getattr, sys_sched_getattr)                                   \
    X(276, renameat2, sys_renameat2)                                           \
    X(278, getrandom, sys_getrandom)                                           \
    X(279, memfd_create, sys_memfd_create)                                     \
    X(280, bpf, sys_bpf)                                                       \
    X(281, execveat, sys_execveat)                                             \
    X(282, userfaultfd, sys_userfaultfd)                                       \
    X(283, membarrier, sys_membarrier)                                         \
    X(284, mlock2, sys_mlock2)                                                 \
    X(285, copy_file_range, sys_copy_file_range)                               \
    X(286, preadv2, sys_preadv2)                                               \
    X(287, pwritev2, sys_pwritev2)                                             \
    X(288, pkey_mprotect, sys_pkey_mprotect)                                   \
    X(289, pkey_alloc, sys_pkey_alloc)                                         \
    X(290, pkey_free, sys_pkey_free)                                           \
    X(291, statx, sys_statx)                                                   \
    X(293, rseq, sys_rseq)                                                     \
    X(294, kexec_file_load, sys_kexec_file_load)                               \
    X(424, pidfd_send_signal, sys_pidfd_send_signal)                           \
    X(428, open_tree, sys_open_tree)                                           \
    X(429, move_mount, sys_move_mount)                                         \
    X(430, fsopen, sys_fsopen)                                                 \
    X(431, fsconfig, sys_fsconfig)                                             \
    X(432, fsmount, sys_fsmount)                                               \
    X(433, fspick, sys_fspick)                                                 \
    X(434, pidfd_open, sys_pidfd_open)                                         \
    X(435, clone3, sys_clone3)                                                 \
    X(436, close_range, sys_close_range)                                       \
    X(437, openat2, sys_openat2)                                               \
    X(438, pidfd_getfd, sys_pidfd_getfd)                                       \
    X(439, faccessat2, sys_faccessat2)                                         \
    X(440, process_madvise, sys_process_madvise)                               \
    X(441, epoll_pwait2, sys_epoll_pwait2)                                     \
    X(442, mount_setattr, sys_mount_setattr)                                   \
    X(443, quotactl_fd, sys_quotactl_fd)                                       \
    X(448, process_mrelease, sys_process_mrelease)                             \
    X(449, futex_waitv, sys_futex_waitv)

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

/* The calls of the second wave (issue 2.2). */
#define LX_ARGS_fchdir LXA_FD
#define LX_ARGS_statfs LXA_PATH, LXA_PTR
#define LX_ARGS_fstatfs LXA_FD, LXA_PTR
#define LX_ARGS_flock LXA_FD, LXA_INT
#define LX_ARGS_sync LXA_END
#define LX_ARGS_syncfs LXA_FD
#define LX_ARGS_sync_file_range LXA_FD, LXA_LONG, LXA_LONG, LXA_HEX
#define LX_ARGS_mknodat LXA_DIRFD, LXA_PATH, LXA_MODE, LXA_HEX
#define LX_ARGS_readahead LXA_FD, LXA_LONG, LXA_SIZE
#define LX_ARGS_fadvise64 LXA_FD, LXA_LONG, LXA_LONG, LXA_INT
#define LX_ARGS_chroot LXA_PATH
#define LX_ARGS_preadv LXA_FD, LXA_PTR, LXA_INT, LXA_LONG, LXA_LONG
#define LX_ARGS_pwritev LXA_FD, LXA_PTR, LXA_INT, LXA_LONG, LXA_LONG
#define LX_ARGS_preadv2 LXA_FD, LXA_PTR, LXA_INT, LXA_LONG, LXA_LONG, LXA_HEX
#define LX_ARGS_pwritev2 LXA_FD, LXA_PTR, LXA_INT, LXA_LONG, LXA_LONG, LXA_HEX
#define LX_ARGS_sendfile LXA_FD, LXA_FD, LXA_PTR, LXA_SIZE
#define LX_ARGS_copy_file_range                                                \
    LXA_FD, LXA_PTR, LXA_FD, LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_splice LXA_FD, LXA_PTR, LXA_FD, LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_tee LXA_FD, LXA_FD, LXA_SIZE, LXA_HEX
#define LX_ARGS_vmsplice LXA_FD, LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_getxattr LXA_PATH, LXA_PATH, LXA_PTR, LXA_SIZE
#define LX_ARGS_lgetxattr LXA_PATH, LXA_PATH, LXA_PTR, LXA_SIZE
#define LX_ARGS_fgetxattr LXA_FD, LXA_PATH, LXA_PTR, LXA_SIZE
#define LX_ARGS_setxattr LXA_PATH, LXA_PATH, LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_lsetxattr LXA_PATH, LXA_PATH, LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_fsetxattr LXA_FD, LXA_PATH, LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_listxattr LXA_PATH, LXA_PTR, LXA_SIZE
#define LX_ARGS_llistxattr LXA_PATH, LXA_PTR, LXA_SIZE
#define LX_ARGS_flistxattr LXA_FD, LXA_PTR, LXA_SIZE
#define LX_ARGS_removexattr LXA_PATH, LXA_PATH
#define LX_ARGS_lremovexattr LXA_PATH, LXA_PATH
#define LX_ARGS_fremovexattr LXA_FD, LXA_PATH
#define LX_ARGS_setuid LXA_INT
#define LX_ARGS_setgid LXA_INT
#define LX_ARGS_setreuid LXA_INT, LXA_INT
#define LX_ARGS_setregid LXA_INT, LXA_INT
#define LX_ARGS_setresuid LXA_INT, LXA_INT, LXA_INT
#define LX_ARGS_setresgid LXA_INT, LXA_INT, LXA_INT
#define LX_ARGS_setfsuid LXA_INT
#define LX_ARGS_setfsgid LXA_INT
#define LX_ARGS_setgroups LXA_INT, LXA_PTR
#define LX_ARGS_capget LXA_PTR, LXA_PTR
#define LX_ARGS_capset LXA_PTR, LXA_PTR
#define LX_ARGS_personality LXA_HEX
#define LX_ARGS_getpriority LXA_INT, LXA_INT
#define LX_ARGS_setpriority LXA_INT, LXA_INT, LXA_INT
#define LX_ARGS_sched_setscheduler LXA_INT, LXA_INT, LXA_PTR
#define LX_ARGS_sched_getscheduler LXA_INT
#define LX_ARGS_sched_setparam LXA_INT, LXA_PTR
#define LX_ARGS_sched_getparam LXA_INT, LXA_PTR
#define LX_ARGS_sched_get_priority_max LXA_INT
#define LX_ARGS_sched_get_priority_min LXA_INT
#define LX_ARGS_sched_rr_get_interval LXA_INT, LXA_PTR
#define LX_ARGS_sched_setattr LXA_INT, LXA_PTR, LXA_HEX
#define LX_ARGS_sched_getattr LXA_INT, LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_sched_setaffinity LXA_INT, LXA_SIZE, LXA_PTR
#define LX_ARGS_getcpu LXA_PTR, LXA_PTR, LXA_PTR
#define LX_ARGS_mlock LXA_PTR, LXA_SIZE
#define LX_ARGS_mlock2 LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_munlock LXA_PTR, LXA_SIZE
#define LX_ARGS_mlockall LXA_HEX
#define LX_ARGS_munlockall LXA_END
#define LX_ARGS_mincore LXA_PTR, LXA_SIZE, LXA_PTR
#define LX_ARGS_pkey_alloc LXA_HEX, LXA_HEX
#define LX_ARGS_pkey_free LXA_INT
#define LX_ARGS_pkey_mprotect LXA_PTR, LXA_SIZE, LXA_PROT, LXA_INT
#define LX_ARGS_reboot LXA_HEX, LXA_HEX, LXA_HEX, LXA_PTR
#define LX_ARGS_kexec_load LXA_PTR, LXA_SIZE, LXA_PTR, LXA_HEX
#define LX_ARGS_kexec_file_load LXA_FD, LXA_FD, LXA_SIZE, LXA_PTR, LXA_HEX
#define LX_ARGS_init_module LXA_PTR, LXA_SIZE, LXA_PTR
#define LX_ARGS_finit_module LXA_FD, LXA_PTR, LXA_HEX
#define LX_ARGS_delete_module LXA_PATH, LXA_HEX
#define LX_ARGS_swapon LXA_PATH, LXA_HEX
#define LX_ARGS_swapoff LXA_PATH
#define LX_ARGS_acct LXA_PATH
#define LX_ARGS_sethostname LXA_PTR, LXA_SIZE
#define LX_ARGS_setdomainname LXA_PTR, LXA_SIZE
#define LX_ARGS_settimeofday LXA_PTR, LXA_PTR
#define LX_ARGS_clock_settime LXA_CLOCK, LXA_PTR
#define LX_ARGS_vhangup LXA_END
#define LX_ARGS_bpf LXA_INT, LXA_PTR, LXA_SIZE
#define LX_ARGS_userfaultfd LXA_HEX
#define LX_ARGS_open_by_handle_at LXA_DIRFD, LXA_PTR, LXA_OPEN_FLAGS
#define LX_ARGS_fanotify_init LXA_HEX, LXA_HEX
#define LX_ARGS_move_mount LXA_DIRFD, LXA_PATH, LXA_DIRFD, LXA_PATH, LXA_HEX
#define LX_ARGS_fsopen LXA_PATH, LXA_HEX
#define LX_ARGS_fsconfig LXA_FD, LXA_INT, LXA_PTR, LXA_PTR, LXA_INT
#define LX_ARGS_fsmount LXA_FD, LXA_HEX, LXA_HEX
#define LX_ARGS_fspick LXA_DIRFD, LXA_PATH, LXA_HEX
#define LX_ARGS_mount_setattr LXA_DIRFD, LXA_PATH, LXA_HEX, LXA_PTR, LXA_SIZE
#define LX_ARGS_quotactl LXA_HEX, LXA_PATH, LXA_INT, LXA_PTR
#define LX_ARGS_mount LXA_PATH, LXA_PATH, LXA_PATH, LXA_HEX, LXA_PTR
#define LX_ARGS_umount2 LXA_PATH, LXA_HEX
#define LX_ARGS_pivot_root LXA_PATH, LXA_PATH
#define LX_ARGS_unshare LXA_HEX
#define LX_ARGS_setns LXA_FD, LXA_HEX
#define LX_ARGS_open_tree LXA_DIRFD, LXA_PATH, LXA_HEX
#define LX_ARGS_ioprio_get LXA_INT, LXA_INT
#define LX_ARGS_ioprio_set LXA_INT, LXA_INT, LXA_HEX
#define LX_ARGS_kcmp LXA_INT, LXA_INT, LXA_INT, LXA_HEX, LXA_HEX
#define LX_ARGS_clock_adjtime LXA_CLOCK, LXA_PTR
#define LX_ARGS_adjtimex LXA_PTR
#define LX_ARGS_syslog LXA_INT, LXA_PTR, LXA_INT
#define LX_ARGS_restart_syscall LXA_END
#define LX_ARGS_memfd_create LXA_PATH, LXA_HEX
#define LX_ARGS_pidfd_open LXA_INT, LXA_HEX
#define LX_ARGS_pidfd_send_signal LXA_FD, LXA_SIGNAL, LXA_PTR, LXA_HEX
#define LX_ARGS_pidfd_getfd LXA_FD, LXA_INT, LXA_HEX
#define LX_ARGS_inotify_init1 LXA_FD_FLAGS
#define LX_ARGS_inotify_add_watch LXA_FD, LXA_PATH, LXA_HEX
#define LX_ARGS_inotify_rm_watch LXA_FD, LXA_INT
#define LX_ARGS_openat2 LXA_DIRFD, LXA_PATH, LXA_PTR, LXA_SIZE
#define LX_ARGS_execveat LXA_DIRFD, LXA_PATH, LXA_PTR, LXA_PTR, LXA_AT_FLAGS
#define LX_ARGS_sendmmsg LXA_FD, LXA_PTR, LXA_INT, LXA_HEX
#define LX_ARGS_recvmmsg LXA_FD, LXA_PTR, LXA_INT, LXA_HEX, LXA_PTR
#define LX_ARGS_timer_create LXA_CLOCK, LXA_PTR, LXA_PTR
#define LX_ARGS_timer_settime LXA_INT, LXA_TIMER_FLAGS, LXA_PTR, LXA_PTR
#define LX_ARGS_timer_gettime LXA_INT, LXA_PTR
#define LX_ARGS_timer_getoverrun LXA_INT
#define LX_ARGS_timer_delete LXA_INT
#define LX_ARGS_signalfd4 LXA_FD, LXA_PTR, LXA_SIZE, LXA_FD_FLAGS
#define LX_ARGS_shmget LXA_HEX, LXA_SIZE, LXA_HEX
#define LX_ARGS_shmat LXA_INT, LXA_PTR, LXA_HEX, LXR_ADDR
#define LX_ARGS_shmdt LXA_PTR
#define LX_ARGS_shmctl LXA_INT, LXA_INT, LXA_PTR
#define LX_ARGS_semget LXA_HEX, LXA_INT, LXA_HEX
#define LX_ARGS_semop LXA_INT, LXA_PTR, LXA_SIZE
#define LX_ARGS_semtimedop LXA_INT, LXA_PTR, LXA_SIZE, LXA_PTR
#define LX_ARGS_semctl LXA_INT, LXA_INT, LXA_INT, LXA_HEX
#define LX_ARGS_msgget LXA_HEX, LXA_HEX
#define LX_ARGS_msgsnd LXA_INT, LXA_PTR, LXA_SIZE, LXA_HEX
#define LX_ARGS_msgrcv LXA_INT, LXA_PTR, LXA_SIZE, LXA_LONG, LXA_HEX
#define LX_ARGS_msgctl LXA_INT, LXA_INT, LXA_PTR
#define LX_ARGS_mq_open LXA_PATH, LXA_OPEN_FLAGS, LXA_CREATE_MODE, LXA_PTR
#define LX_ARGS_mq_unlink LXA_PATH
#define LX_ARGS_mq_timedsend LXA_FD, LXA_WBUF, LXA_SIZE, LXA_INT, LXA_PTR
#define LX_ARGS_mq_timedreceive LXA_FD, LXA_RBUF, LXA_SIZE, LXA_PTR, LXA_PTR
#define LX_ARGS_mq_notify LXA_FD, LXA_PTR
#define LX_ARGS_mq_getsetattr LXA_FD, LXA_PTR, LXA_PTR
#define LX_ARGS_name_to_handle_at                                              \
    LXA_DIRFD, LXA_PATH, LXA_PTR, LXA_PTR, LXA_AT_FLAGS
#define LX_ARGS_fanotify_mark LXA_FD, LXA_HEX, LXA_HEX, LXA_DIRFD, LXA_PATH
#define LX_ARGS_get_robust_list LXA_INT, LXA_PTR, LXA_PTR
#define LX_ARGS_futex_waitv LXA_PTR, LXA_INT, LXA_HEX, LXA_PTR, LXA_CLOCK
#define LX_ARGS_quotactl_fd LXA_FD, LXA_HEX, LXA_INT, LXA_PTR
#define LX_ARGS_process_mrelease LXA_FD, LXA_HEX
#define LX_ARGS_process_madvise LXA_FD, LXA_PTR, LXA_SIZE, LXA_MADVICE, LXA_HEX

#endif
