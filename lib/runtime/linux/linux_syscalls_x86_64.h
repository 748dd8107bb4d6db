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
 * Absent on purpose (ENOSYS, as a kernel without them): the AIO and
 * io_uring calls, the 32-bit TLS descriptors (set/get_thread_area) and
 * the calls Linux itself removed; README.md's table (syscall_table.py)
 * lists every call and why.
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
    X(27, mincore, sys_mincore)                                               \
    X(28, madvise, sys_madvise)                                               \
    X(29, shmget, sys_shmget)                                                 \
    X(30, shmat, sys_shmat)                                                   \
    X(31, shmctl, sys_shmctl)                                                 \
    X(32, dup, sys_dup)                                                       \
    X(33, dup2, sys_dup2)                                                     \
    X(34, pause, sys_pause)                                                   \
    X(35, nanosleep, sys_nanosleep)                                           \
    X(36, getitimer, sys_getitimer)                                           \
    X(37, alarm, sys_alarm)                                                   \
    X(38, setitimer, sys_setitimer)                                           \
    X(39, getpid, sys_getpid)                                                 \
    X(40, sendfile, sys_sendfile)                                             \
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
    X(64, semget, sys_semget)                                                 \
    X(65, semop, sys_semop)                                                   \
    X(66, semctl, sys_semctl)                                                 \
    X(67, shmdt, sys_shmdt)                                                   \
    X(68, msgget, sys_msgget)                                                 \
    X(69, msgsnd, sys_msgsnd)                                                 \
    X(70, msgrcv, sys_msgrcv)                                                 \
    X(71, msgctl, sys_msgctl)                                                 \
    X(72, fcntl, sys_fcntl)                                                   \
    X(73, flock, sys_flock)                                                   \
    X(74, fsync, sys_fsync)                                                   \
    X(75, fdatasync, sys_fdatasync)                                           \
    X(76, truncate, sys_truncate)                                             \
    X(77, ftruncate, sys_ftruncate)                                           \
    X(78, getdents, sys_getdents)                                             \
    X(79, getcwd, sys_getcwd)                                                 \
    X(80, chdir, sys_chdir)                                                   \
    X(81, fchdir, sys_fchdir)                                                 \
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
    X(103, syslog, sys_syslog)                                                \
    X(104, getgid, sys_getgid)                                                \
    X(105, setuid, sys_setuid)                                                \
    X(106, setgid, sys_setgid)                                                \
    X(107, geteuid, sys_geteuid)                                              \
    X(108, getegid, sys_getegid)                                              \
    X(109, setpgid, sys_setpgid)                                              \
    X(110, getppid, sys_getppid)                                              \
    X(111, getpgrp, sys_getpgrp)                                              \
    X(112, setsid, sys_setsid)                                                \
    X(113, setreuid, sys_setreuid)                                            \
    X(114, setregid, sys_setregid)                                            \
    X(115, getgroups, sys_getgroups)                                          \
    X(116, setgroups, sys_setgroups)                                          \
    X(117, setresuid, sys_setresuid)                                          \
    X(118, getresuid, sys_getresuid)                                          \
    X(119, setresgid, sys_setresgid)                                          \
    X(120, getresgid, sys_getresgid)                                          \
    X(121, getpgid, sys_getpgid)                                              \
    X(122, setfsuid, sys_setfsuid)                                            \
    X(123, setfsgid, sys_setfsgid)                                            \
    X(124, getsid, sys_getsid)                                                \
    X(125, capget, sys_capget)                                                \
    X(126, capset, sys_capset)                                                \
    X(127, rt_sigpending, sys_rt_sigpending)                                  \
    X(128, rt_sigtimedwait, sys_rt_sigtimedwait)                              \
    X(129, rt_sigqueueinfo, sys_rt_sigqueueinfo)                              \
    X(130, rt_sigsuspend, sys_rt_sigsuspend)                                  \
    X(131, sigaltstack, sys_sigaltstack)                                      \
    X(132, utime, sys_utime)                                                  \
    X(133, mknod, sys_mknod)                                                  \
    X(134, uselib, sys_uselib)                                                \
    X(135, personality, sys_personality)                                      \
    X(136, ustat, sys_ustat)                                                  \
    X(137, statfs, sys_statfs)                                                \
    X(138, fstatfs, sys_fstatfs)                                              \
    X(139, sysfs, sys_sysfs)                                                  \
    X(140, getpriority, sys_getpriority)                                      \
    X(141, setpriority, sys_setpriority)                                      \
    X(142, sched_setparam, sys_sched_setparam)                                \
    X(143, sched_getparam, sys_sched_getparam)                                \
    X(144, sched_setscheduler, sys_sched_setscheduler)                        \
    X(145, sched_getscheduler, sys_sched_getscheduler)                        \
    X(146, sched_get_priority_max, sys_sched_get_priority_max)                \
    X(147, sched_get_priority_min, sys_sched_get_priority_min)                \
    X(148, sched_rr_get_interval, sys_sched_rr_get_interval)                  \
    X(149, mlock, sys_mlock)                                                  \
    X(150, munlock, sys_munlock)                                              \
    X(151, mlockall, sys_mlockall)                                            \
    X(152, munlockall, sys_munlockall)                                        \
    X(153, vhangup, sys_vhangup)                                              \
    X(154, modify_ldt, sys_modify_ldt)                                        \
    X(155, pivot_root, sys_pivot_root)                                        \
    X(157, prctl, sys_prctl)                                                  \
    X(158, arch_prctl, sys_arch_prctl)                                        \
    X(159, adjtimex, sys_adjtimex)                                            \
    X(160, setrlimit, sys_setrlimit)                                          \
    X(161, chroot, sys_chroot)                                                \
    X(162, sync, sys_sync)                                                    \
    X(163, acct, sys_acct)                                                    \
    X(164, settimeofday, sys_settimeofday)                                    \
    X(165, mount, sys_mount)                                                  \
    X(166, umount2, sys_umount2)                                              \
    X(167, swapon, sys_swapon)                                                \
    X(168, swapoff, sys_swapoff)                                              \
    X(169, reboot, sys_reboot)                                                \
    X(170, sethostname, sys_sethostname)                                      \
    X(171, setdomainname, sys_setdomainname)                                  \
    X(172, iopl, sys_iopl)                                                    \
    X(173, ioperm, sys_ioperm)                                                \
    X(175, init_module, sys_init_module)                                      \
    X(176, delete_module, sys_delete_module)                                  \
    X(179, quotactl, sys_quotactl)                                            \
    X(186, gettid, sys_gettid)                                                \
    X(187, readahead, sys_readahead)                                          \
    X(188, setxattr, sys_setxattr)                                            \
    X(189, lsetxattr, sys_lsetxattr)                                          \
    X(190, fsetxattr, sys_fsetxattr)                                          \
    X(191, getxattr, sys_getxattr)                                            \
    X(192, lgetxattr, sys_lgetxattr)                                          \
    X(193, fgetxattr, sys_fgetxattr)                                          \
    X(194, listxattr, sys_listxattr)                                          \
    X(195, llistxattr, sys_llistxattr)                                        \
    X(196, flistxattr, sys_flistxattr)                                        \
    X(197, removexattr, sys_removexattr)                                      \
    X(198, lremovexattr, sys_lremovexattr)                                    \
    X(199, fremovexattr, sys_fremovexattr)                                    \
    X(200, tkill, sys_tkill)                                                  \
    X(201, time, sys_time)                                                    \
    X(202, futex, sys_futex)                                                  \
    X(203, sched_setaffinity, sys_sched_setaffinity)                          \
    X(204, sched_getaffinity, sys_sched_getaffinity)                          \
    X(213, epoll_create, sys_epoll_create)                                    \
    X(217, getdents64, sys_getdents64)                                        \
    X(218, set_tid_address, sys_set_tid_address)                              \
    X(219, restart_syscall, sys_restart_syscall)                              \
    X(220, semtimedop, sys_semtimedop)                                        \
    X(221, fadvise64, sys_fadvise64)                                          \
    X(222, timer_create, sys_timer_create)                                    \
    X(223, timer_settime, sys_timer_settime)                                  \
    X(224, timer_gettime, sys_timer_gettime)                                  \
    X(225, timer_getoverrun, sys_timer_getoverrun)                            \
    X(226, timer_delete, sys_timer_delete)                                    \
    X(227, clock_settime, sys_clock_settime)                                  \
    X(228, clock_gettime, sys_clock_gettime)                                  \
    X(229, clock_getres, sys_clock_getres)                                    \
    X(230, clock_nanosleep, sys_clock_nanosleep)                              \
    X(231, exit_group, sys_exit_group)                                        \
    X(232, epoll_wait, sys_epoll_wait)                                        \
    X(233, epoll_ctl, sys_epoll_ctl)                                          \
    X(234, tgkill, sys_tgkill)                                                \
    X(235, utimes, sys_utimes)                                                \
    X(240, mq_open, sys_mq_open)                                              \
    X(241, mq_unlink, sys_mq_unlink)                                          \
    X(242, mq_timedsend, sys_mq_timedsend)                                    \
    X(243, mq_timedreceive, sys_mq_timedreceive)                              \
    X(244, mq_notify, sys_mq_notify)                                          \
    X(245, mq_getsetattr, sys_mq_getsetattr)                                  \
    X(246, kexec_load, sys_kexec_load)                                        \
    X(247, waitid, sys_waitid)                                                \
    X(251, ioprio_set, sys_ioprio_set)                                        \
    X(252, ioprio_get, sys_ioprio_get)                                        \
    X(253, inotify_init, sys_inotify_init)                                    \
    X(254, inotify_add_watch, sys_inotify_add_watch)                          \
    X(255, inotify_rm_watch, sys_inotify_rm_watch)                            \
    X(257, openat, sys_openat)                                                \
    X(258, mkdirat, sys_mkdirat)                                              \
    X(259, mknodat, sys_mknodat)                                              \
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
    X(272, unshare, sys_unshare)                                              \
    X(273, set_robust_list, sys_set_robust_list)                              \
    X(274, get_robust_list, sys_get_robust_list)                              \
    X(275, splice, sys_splice)                                                \
    X(276, tee, sys_tee)                                                      \
    X(277, sync_file_range, sys_sync_file_range)                              \
    X(278, vmsplice, sys_vmsplice)                                            \
    X(280, utimensat, sys_utimensat)                                          \
    X(281, epoll_pwait, sys_epoll_pwait)                                      \
    X(282, signalfd, sys_signalfd)                                            \
    X(283, timerfd_create, sys_timerfd_create)                                \
    X(284, eventfd, sys_eventfd)                                              \
    X(285, fallocate, sys_fallocate)                                          \
    X(286, timerfd_settime, sys_timerfd_settime)                              \
    X(287, timerfd_gettime, sys_timerfd_gettime)                              \
    X(288, accept4, sys_accept4)                                              \
    X(289, signalfd4, sys_signalfd4)                                          \
    X(290, eventfd2, sys_eventfd2)                                            \
    X(291, epoll_create1, sys_epoll_create1)                                  \
    X(292, dup3, sys_dup3)                                                    \
    X(293, pipe2, sys_pipe2)                                                  \
    X(294, inotify_init1, sys_inotify_init1)                                  \
    X(295, preadv, sys_preadv)                                                \
    X(296, pwritev, sys_pwritev)                                              \
    X(297, rt_tgsigqueueinfo, sys_rt_tgsigqueueinfo)                          \
    X(299, recvmmsg, sys_recvmmsg)                                            \
    X(300, fanotify_init, sys_fanotify_init)                                  \
    X(301, fanotify_mark, sys_fanotify_mark)                                  \
    X(302, prlimit64, sys_prlimit64)                                          \
    X(303, name_to_handle_at, sys_name_to_handle_at)                          \
    X(304, open_by_handle_at, sys_open_by_handle_at)                          \
    X(305, clock_adjtime, sys_clock_adjtime)                                  \
    X(306, syncfs, sys_syncfs)                                                \
    X(307, sendmmsg, sys_sendmmsg)                                            \
    X(308, setns, sys_setns)                                                  \
    X(309, getcpu, sys_getcpu)                                                \
    X(310, process_vm_readv, sys_process_vm_readv)                            \
    X(311, process_vm_writev, sys_process_vm_writev)                          \
    X(312, kcmp, sys_kcmp)                                                    \
    X(313, finit_module, sys_finit_module)                                    \
    X(314, sched_setattr, sys_sched_setattr)                                  \
    X(315, sched_getattr, sys_sched_getattr)                                  \
    X(316, renameat2, sys_renameat2)                                          \
    X(318, getrandom, sys_getrandom)                                          \
    X(319, memfd_create, sys_memfd_create)                                    \
    X(320, kexec_file_load, sys_kexec_file_load)                              \
    X(321, bpf, sys_bpf)                                                      \
    X(322, execveat, sys_execveat)                                            \
    X(323, userfaultfd, sys_userfaultfd)                                      \
    X(324, membarrier, sys_membarrier)                                        \
    X(325, mlock2, sys_mlock2)                                                \
    X(326, copy_file_range, sys_copy_file_range)                              \
    X(327, preadv2, sys_preadv2)                                              \
    X(328, pwritev2, sys_pwritev2)                                            \
    X(329, pkey_mprotect, sys_pkey_mprotect)                                  \
    X(330, pkey_alloc, sys_pkey_alloc)                                        \
    X(331, pkey_free, sys_pkey_free)                                          \
    X(332, statx, sys_statx)                                                  \
    X(334, rseq, sys_rseq)                                                    \
    X(424, pidfd_send_signal, sys_pidfd_send_signal)                          \
    X(428, open_tree, sys_open_tree)                                          \
    X(429, move_mount, sys_move_mount)                                        \
    X(430, fsopen, sys_fsopen)                                                \
    X(431, fsconfig, sys_fsconfig)                                            \
    X(432, fsmount, sys_fsmount)                                              \
    X(433, fspick, sys_fspick)                                                \
    X(434, pidfd_open, sys_pidfd_open)                                        \
    X(435, clone3, sys_clone3)                                                \
    X(436, close_range, sys_close_range)                                      \
    X(437, openat2, sys_openat2)                                              \
    X(438, pidfd_getfd, sys_pidfd_getfd)                                      \
    X(439, faccessat2, sys_faccessat2)                                        \
    X(440, process_madvise, sys_process_madvise)                              \
    X(441, epoll_pwait2, sys_epoll_pwait2)                                    \
    X(442, mount_setattr, sys_mount_setattr)                                  \
    X(443, quotactl_fd, sys_quotactl_fd)                                      \
    X(448, process_mrelease, sys_process_mrelease)                            \
    X(449, futex_waitv, sys_futex_waitv)

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
#define LX_ARGS_inotify_init LXA_END
#define LX_ARGS_mknod LXA_PATH, LXA_MODE, LXA_HEX
#define LX_ARGS_signalfd LXA_FD, LXA_PTR, LXA_SIZE
#define LX_ARGS_ustat LXA_HEX, LXA_PTR
#define LX_ARGS_sysfs LXA_INT, LXA_HEX, LXA_HEX

#endif
