/*
 * linux_internal.h — what the files of the Linux user-mode layer share:
 * the handler signature, guest-pointer helpers, ABI conversions and the
 * signal machinery. Nothing here is used outside lib/runtime/linux except
 * by its unit test (test/unit/test_linux_abi.c).
 *
 * Handler contract: a handler returns the value the guest sees in its
 * result register (a negative errno on failure, as Linux), or
 * LX_RET_KEEP when it has set the guest registers itself (rt_sigreturn):
 * linux_syscall then leaves them alone.
 */
#ifndef VM_LINUX_INTERNAL_H
#define VM_LINUX_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "guest_abi.h"
#include "linux_abi.h"
#include "linux_abi_x86_64.h"
#include "linux_syscalls.h"
#include "linux_syscalls_x86_64.h"
#include "process.h"

#define LX_RET_KEEP INT64_MIN

/* Both lists declare their handlers (shared ones twice, harmlessly). */
#define LX_DECLARE_HANDLER(nr, name, handler) lx_handler handler;
LINUX_SYSCALLS(LX_DECLARE_HANDLER)
LINUX_SYSCALLS_X86_64(LX_DECLARE_HANDLER)
#undef LX_DECLARE_HANDLER

/* Name of guest g's system call nr, or NULL when the layer does not know
 * it. */
const char *linux_syscall_name(const struct rt_guest *g, uint64_t nr);

/* clone with its arguments decoded (sys_clone.c): every guest's clone,
 * fork and vfork end here. */
int64_t lx_clone(struct rt_thread *t, uint64_t flags, uint64_t sp,
                 uint64_t ptid, uint64_t ctid, uint64_t tls);

/* execve of the guest path `path` (already read) with the guest's argv
 * and envp arrays (sys_exec.c): only returns on failure, -errno. */
int64_t lx_execve_path(struct rt_thread *t, const char *path,
                       uint64_t argv_addr, uint64_t envp_addr);

/* Refuses a call with EPERM (sys_admin.c). */
int64_t lx_refuse_eperm(struct rt_thread *t, const uint64_t a[6]);

/* ---- guest memory (guest_mem.c) ---- */

/* A host result r (-1 with errno set on failure) as Linux returns it. */
int64_t lx_result(int64_t r);

/* lx_result for a call that writes to a descriptor: EPIPE also raises
 * SIGPIPE in the guest, as Linux does (the host ignores its own). */
int64_t lx_write_result(struct rt_thread *t, int64_t r);
/* The same for a raw result (-errno on failure). */
int64_t lx_write_result_raw(struct rt_thread *t, int64_t r);

/* For a call interrupted by a host EINTR (syscall.c): takes in host
 * signals and tells whether the guest must see it (a signal it can take
 * is pending, or the thread is ending); false means "just wait again". */
bool lx_interrupted(struct rt_thread *t);
/* Before checking for work and blocking: clears t's poll flag (so that
 * only a later poke interrupts the wait) and takes in host signals. */
void lx_wait_prepare(struct rt_thread *t);
/* The current call must not restart after a handler, whatever SA_RESTART
 * says (a timed wait). */
void lx_restart_nohand(struct rt_thread *t);

/* Copies the guest path at addr into buf[PATH_MAX]: 0, -EFAULT or
 * -ENAMETOOLONG. */
int lx_get_path(struct rt_thread *t, uint64_t addr, char buf[PATH_MAX]);

/* Host pointer to [addr, addr+len) when mapped with prot, else NULL. A
 * zero-length range gives a non-NULL pointer whatever addr is. */
void *lx_guest_ptr(struct rt_thread *t, uint64_t addr, uint64_t len, int prot);

/* Whether path names our own executable ("/proc/self/exe" and the like). */
bool lx_is_self_exe(const char *path);

/* The host path for a guest path that is only looked up (open, stat,
 * access, readlink): "/proc/self/exe" is the guest's executable, and
 * absolute paths that exist under the sysroot (-L) are taken from there;
 * buf may hold the result. */
const char *lx_translate_path(struct rt_thread *t, const char *path,
                              char buf[PATH_MAX]);

/* True when some page of [addr, addr+len) is mapped executable. */
bool lx_range_has_exec(const struct mmu *m, uint64_t addr, uint64_t len);

/* True when every page of [addr, addr+len) is mapped (any protection). */
bool lx_range_mapped(const struct mmu *m, uint64_t addr, uint64_t len);

/* A system call's temporary signal mask (ppoll, pselect6, epoll_pwait):
 * 0 when addr is NULL or a readable set of the guest's size, else -EINVAL
 * (wrong size) or -EFAULT. */
int lx_check_sigmask(struct rt_thread *t, uint64_t addr, uint64_t size);

/* Runs host call nr (five arguments) through lx_safe_syscall with the
 * guest's temporary mask at mask_addr (0: none; already checked) in
 * force. Returns the raw result. */
int64_t lx_wait_with_mask(struct rt_thread *t, uint64_t mask_addr, long nr,
                          long a1, long a2, long a3, long a4, long a5);

/* The cores of ppoll and pselect6 (sys_poll.c), for x86-64's poll and
 * select too: tp (NULL = forever) is the host timeout, left with the time
 * that remains; mask_addr a checked guest sigmask or 0. set_addr are the
 * three fd_set addresses (0 = none). The result or -errno. */
int64_t lx_poll(struct rt_thread *t, uint64_t addr, uint64_t nfds,
                struct timespec *tp, uint64_t mask_addr);
int64_t lx_select(struct rt_thread *t, int nfds, const uint64_t set_addr[3],
                  struct timespec *tp, uint64_t mask_addr);

/* ---- socket addresses (sys_socket.c) ---- */

struct sockaddr_storage;
/* Reads a guest socket address of len bytes: 0, -EINVAL (too long, or
 * negative as an int) or -EFAULT. */
int lx_get_sockaddr(struct rt_thread *t, uint64_t addr, uint64_t len,
                    struct sockaddr_storage *out);
/* Returns an address of got bytes as Linux does: at most *len_addr bytes
 * of it to addr, then got to *len_addr. Nothing when addr is NULL. */
int lx_put_sockaddr(struct rt_thread *t, uint64_t addr, uint64_t len_addr,
                    const struct sockaddr_storage *in, uint32_t got);

/* sendmsg and recvmsg of one guest msghdr at addr (sys_sockmsg.c), for
 * sendmmsg and recvmmsg too: the byte count or -errno. */
int64_t lx_sendmsg_one(struct rt_thread *t, int fd, uint64_t addr, int flags);
int64_t lx_recvmsg_one(struct rt_thread *t, int fd, uint64_t addr, int flags);

/* Builds host iovecs for a guest array of cnt lx_iovec at addr whose
 * buffers need prot (sys_io.c): the count, -EINVAL or -EFAULT. */
struct iovec;
int64_t lx_import_iovec(struct rt_thread *t, uint64_t addr, uint64_t cnt,
                        int prot, struct iovec *host);

/* ---- vm-run's own descriptors, hidden from the guest (fd_hidden.c) ---- */

bool lx_fd_hidden(int64_t fd);
bool lx_any_fd_hidden(void);

/* -EBADF when a descriptor argument of a call with these argument kinds
 * (its LXA_FD/LXA_DIRFD ones) is a hidden one, else 0. */
int64_t lx_check_fd_args(struct rt_thread *t, const uint8_t *kinds,
                         const uint64_t a[6]);

/* Whether path is /proc/self/fd/N or fdinfo/N of a hidden N. */
bool lx_path_names_hidden_fd(const char *path);

/* getdents64 on host descriptor fd into buf, without the hidden
 * descriptors when fd lists our own /proc/self/fd. */
int64_t lx_getdents_hiding(int fd, void *buf, unsigned count);

/* ---- synthesized /proc files (proc_files.c, proc_maps.c, proc_stat.c) ---- */

/* What follows "/proc/self/", "/proc/thread-self/" or "/proc/<our pid>/"
 * (and a "task/<tid>/" after it) in path, or NULL for another path. */
const char *lx_proc_self_rest(const char *path);

/* A generator writes one synthesized file's text to out. */
typedef void lx_proc_generator(struct rt_thread *t, FILE *out);

/* What the guest gets for a host file it reached (proc_files.c). */
enum lx_proc_action {
    LX_PROC_HOST,      /* the host file itself */
    LX_PROC_BUILD,     /* the guest's version, made by generate */
    LX_PROC_DENY,      /* -err */
    LX_PROC_GUEST_EXE, /* vm-run's executable: the guest's instead */
};
struct lx_proc_verdict {
    enum lx_proc_action action;
    int err;
    lx_proc_generator *generate;
    bool procfs; /* the file is in procfs (a symlink there: the kernel's) */
};

/* The verdict for host descriptor fd, judged by the file it refers to
 * (for procfs, by its canonical /proc/<pid>/... name): one fstat for a
 * file outside procfs. fd may be an O_PATH descriptor of a symlink. */
struct lx_proc_verdict lx_proc_judge(int fd);

/* Whether st describes vm-run's own executable. */
bool lx_is_vm_exe(const struct stat *st);

/* After a host open of fd with the guest's flags: returns fd, or closes it
 * and returns the guest's version of the file (a synthesized one, the
 * guest executable) or -errno. */
int64_t lx_proc_finish_open(struct rt_thread *t, int fd, int flags);

/* ---- opening guest paths (path_walk.c) ---- */

/* openat(dirfd, path, flags, mode) as Linux does it, except that no magic
 * link the guest may not follow is followed (/proc/self/fd/N of a hidden
 * N, map_files entries), whatever spelling, symlink or dirfd leads there;
 * the result goes through lx_proc_finish_open. The descriptor or -errno. */
int64_t lx_open_guest_path(struct rt_thread *t, int dirfd, const char *path,
                           int flags, unsigned mode);

/* The same without lx_proc_finish_open: the host file reached, for a
 * caller that judges it itself (readlink, stat). */
int lx_open_host_path(int dirfd, const char *path, int flags, unsigned mode);

/* The generators. */
void lx_proc_maps(struct rt_thread *t, FILE *out);
void lx_proc_stat(struct rt_thread *t, FILE *out);
void lx_proc_status(struct rt_thread *t, FILE *out);
/* /proc/cpuinfo of an x86-64 guest, from its cpuid (proc_cpuinfo_x86.c). */
void lx_x86_cpuinfo(struct rt_thread *t, FILE *out);

/* ---- ABI conversions (abi_convert.c) ---- */

void lx_stat_from_host(struct lx_stat *out, const struct stat *in);
void lx_x86_stat_from_host(struct lx_x86_stat *out, const struct stat *in);
/* Writes st to guest addr in the guest's struct stat layout: 0/-EFAULT. */
int64_t lx_put_stat(struct rt_thread *t, uint64_t addr, const struct stat *st);
struct timespec;
struct sysinfo;
struct utsname;
void lx_timespec_from_host(struct lx_timespec *out, const struct timespec *in);
/* -EINVAL when tv_nsec is outside [0, 1e9). */
int lx_timespec_to_host(struct timespec *out, const struct lx_timespec *in);
void lx_sysinfo_from_host(struct lx_sysinfo *out, const struct sysinfo *in);
/* uname as a riscv64 Linux answers it: the host's names, our machine. */
void lx_utsname_from_host(struct lx_utsname *out, const struct utsname *in,
                          const char *machine);

/* ---- signals (signal_state.c, signal_deliver.c) ---- */

static inline uint64_t lx_sigbit(int sig)
{
    return 1ull << (sig - 1);
}

/* Signals no mask can block. */
#define LX_UNBLOCKABLE (lx_sigbit(9) | lx_sigbit(19)) /* SIGKILL, SIGSTOP */

/* Makes sig pending on thread t with the given si_code (SI_USER,
 * SI_TKILL...) and the guest as sender, unless it would be ignored
 * (discarded as Linux does at send time). 0, or -EAGAIN when a real-time
 * signal cannot queue. Pokes t when it is another thread. */
int lx_signal_send(struct rt_thread *t, int sig, int code);
/* The same for the whole process (kill): the first thread that does not
 * block it takes it; that thread is poked. */
int lx_signal_send_process(struct rt_thread *self, int sig, int code);

/* With a complete siginfo (info->si_signo is the signal). */
int lx_signal_post(struct rt_thread *t, const struct lx_siginfo *info);
int lx_signal_post_process(struct rt_process *p, struct rt_thread *self,
                           const struct lx_siginfo *info);
/* The same with p->lock held; *wake is the thread to poke afterwards. */
int lx_signal_post_locked(struct rt_thread *t, const struct lx_siginfo *info);
int lx_signal_post_process_locked(struct rt_process *p,
                                  struct rt_thread *self,
                                  const struct lx_siginfo *info,
                                  struct rt_thread **wake);

/* Signals pending for t (its own and the process's), and those of them
 * it does not block. */
uint64_t lx_signal_pending_set(const struct rt_thread *t);
uint64_t lx_signal_deliverable(const struct rt_thread *t);

/* Takes the lowest pending signal of t in set (t's own queue first, then
 * the process's) into *out; returns it, or 0 when none. */
int lx_signal_dequeue(struct rt_thread *t, uint64_t set,
                      struct lx_siginfo *out);

/* Drops every pending instance of sig, in every queue (p->lock held). */
void lx_signal_discard_locked(struct rt_process *p, int sig);

/* The thread of p with that tid, or NULL. */
struct rt_thread *lx_find_thread(struct rt_process *p, int tid);

/* Whether host process pid descends from us (a fork, spawned or exec'd
 * program of the guest, or theirs). */
bool lx_is_descendant(int pid);

/* Sends sig to our descendants in process group pgrp (sys_children.c). */
void lx_signal_group_descendants(int pgrp, int sig);

/* sigqueue to another process: through the host for a descendant,
 * else -EPERM or -ESRCH. */
int64_t lx_host_sigqueue(int pid, int sig, const struct lx_siginfo *info);

/* ---- processes (sys_clone.c) ---- */

/* In a vfork child: sends the pages written since the fork back to the
 * parent; `last` (exit) also releases it. Nothing in other processes. */
void lx_vfork_sync(struct rt_process *p, bool last);

/* A fault at addr that is an x86-64 guest's call into the legacy
 * vsyscall page: carried out (true) or not one (vsyscall_x86_64.c). */
bool lx_x86_vsyscall(struct rt_thread *t, int sig, uint64_t addr);

/* ---- POSIX timers (sys_timer.c) ---- */

/* From the host signal handler: the host timer of record cookie expired
 * (1 + overrun times). Async-signal-safe. */
void lx_timer_fired(const void *cookie, int overrun);
/* Posts the guest signals of the timers that expired (from
 * lx_signal_receive, on a guest thread). */
void lx_timers_collect(struct rt_thread *t);
/* A timer's signal taken from a queue: fills in its si_overrun. */
void lx_timer_dequeued(struct lx_siginfo *info);
/* In a fork's child: no timers. */
void lx_timers_after_fork(void);

/* ---- signalfd (sys_signalfd.c) ---- */

/* Makes every signalfd readable exactly while one of its signals is
 * pending (after a signal is queued or taken; p->lock not held). */
void lx_signalfd_update(struct rt_process *p);
/* The guest closed or replaced descriptor fd. */
void lx_signalfd_forget(int fd);
/* read() on a signalfd: true (with *result) when fd is one. */
bool lx_signalfd_read(struct rt_thread *t, int fd, uint64_t addr,
                      uint64_t count, int64_t *result);

/* ---- host signals (signal_host.c) ---- */

/* The host signal that only interrupts a thread (see signal_host.c). */
#define LX_WAKE_SIG 64

/* Moves what the host handler recorded for t into the queues. */
void lx_signal_receive(struct rt_thread *t);

/* A host system call that a signal for t interrupts: returns -EINTR
 * without blocking when t's poll flag is already set, even if it gets set
 * just before the call starts. The raw result (-errno on failure). */
long lx_safe_syscall(struct rt_thread *t, long nr, long a1, long a2, long a3,
                     long a4, long a5, long a6);

/* Blocks until t is poked or a host signal comes (0), or the absolute
 * CLOCK_MONOTONIC deadline passes (-ETIMEDOUT). */
struct timespec;
int lx_wait_for_signal(struct rt_thread *t, const struct timespec *deadline);

/* A temporary signal mask (rt_sigsuspend, ppoll, pselect6, epoll_pwait):
 * push saves the current one (once); pop restores it. */
void lx_sigmask_push(struct rt_thread *t, uint64_t mask);
void lx_sigmask_pop(struct rt_thread *t);

/* Gives sig on_host_signal (or the host default, for job control) as the
 * guest's new disposition needs. 0 or -errno. */
int lx_host_follow_disposition(int sig, uint64_t handler);
int lx_install_host_handler(int sig);

/* Whether sig's current disposition discards it (SIG_IGN, or SIG_DFL with
 * an ignoring default). */
bool lx_signal_ignored(const struct rt_process *p, int sig);

/* Whether the guest stack pointer sp lies on t's alternate signal stack. */
bool lx_on_altstack(const struct rt_thread *t, uint64_t sp);

/* The altstack as a frame's uc_stack records it, for stack pointer sp. */
void lx_altstack_for_frame(struct rt_thread *t, uint64_t sp,
                           struct lx_stack *saved);

#endif
