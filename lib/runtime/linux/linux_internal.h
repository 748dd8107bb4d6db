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

#include "linux_abi.h"
#include "linux_syscalls.h"
#include "process.h"

#define LX_RET_KEEP INT64_MIN

typedef int64_t lx_handler(struct rt_thread *t, const uint64_t a[6]);

#define LX_DECLARE_HANDLER(nr, name, handler) lx_handler handler;
LINUX_SYSCALLS(LX_DECLARE_HANDLER)
#undef LX_DECLARE_HANDLER

/* Name of system call nr, or NULL when the layer does not know it. */
const char *linux_syscall_name(uint64_t nr);

/* ---- guest memory (guest_mem.c) ---- */

/* A host result r (-1 with errno set on failure) as Linux returns it. */
int64_t lx_result(int64_t r);

/* lx_result for a call that writes to a descriptor: EPIPE also raises
 * SIGPIPE in the guest, as Linux does (the host ignores its own). */
int64_t lx_write_result(struct rt_thread *t, int64_t r);

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

/* Builds host iovecs for a guest array of cnt lx_iovec at addr whose
 * buffers need prot (sys_io.c): the count, -EINVAL or -EFAULT. */
struct iovec;
int64_t lx_import_iovec(struct rt_thread *t, uint64_t addr, uint64_t cnt,
                        int prot, struct iovec *host);

/* ---- vm-run's own descriptors, hidden from the guest (fd_hidden.c) ---- */

bool lx_fd_hidden(int64_t fd);
bool lx_any_fd_hidden(void);

/* -EBADF when a descriptor argument of call nr (by its LXA_FD/LXA_DIRFD
 * kinds) is a hidden one, else 0. */
int64_t lx_check_fd_args(struct rt_thread *t, uint64_t nr, const uint64_t a[6]);

/* Whether path is /proc/self/fd/N or fdinfo/N of a hidden N. */
bool lx_path_names_hidden_fd(const char *path);

/* getdents64 on host descriptor fd into buf, without the hidden
 * descriptors when fd lists our own /proc/self/fd. */
int64_t lx_getdents_hiding(int fd, void *buf, unsigned count);

/* ---- synthesized /proc files (proc_files.c, proc_maps.c, proc_stat.c) ---- */

/* What follows "/proc/self/", "/proc/thread-self/" or "/proc/<our pid>/"
 * (and a "task/<tid>/" after it) in path, or NULL for another path. */
const char *lx_proc_self_rest(const char *path);

/* When path is one of the /proc files that must describe the guest
 * (maps, auxv, cmdline, stat, status, cpuinfo), opens a read-only host
 * file holding the guest's version and returns its descriptor, or -errno;
 * returns LX_NOT_PROC_FILE for any other path. */
#define LX_NOT_PROC_FILE (INT64_MIN + 1)
int64_t lx_open_proc_file(struct rt_thread *t, const char *path, int flags);

/* The generators: each writes one file's text to out. */
void lx_proc_maps(struct rt_thread *t, FILE *out);
void lx_proc_stat(struct rt_thread *t, FILE *out);
void lx_proc_status(struct rt_thread *t, FILE *out);

/* ---- ABI conversions (abi_convert.c) ---- */

void lx_stat_from_host(struct lx_stat *out, const struct stat *in);
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

/* Makes sig pending on t with the given si_code (SI_USER, SI_TKILL...)
 * and the guest as sender, unless it would be ignored (discarded as Linux
 * does at send time). 0, or -EAGAIN when a real-time signal cannot queue. */
int lx_signal_send(struct rt_thread *t, int sig, int code);

/* lx_signal_send with a complete siginfo (info->si_signo is the signal). */
int lx_signal_post(struct rt_thread *t, const struct lx_siginfo *info);

/* Removes the oldest pending instance of sig into *out (sig must be
 * pending); clears sig from t->sig_pending when none is left. */
void lx_signal_take(struct rt_thread *t, int sig, struct lx_siginfo *out);

/* Drops every pending instance of sig. */
void lx_signal_discard(struct rt_thread *t, int sig);

/* Whether sig's current disposition discards it (SIG_IGN, or SIG_DFL with
 * an ignoring default). */
bool lx_signal_ignored(const struct rt_process *p, int sig);

/* Whether the guest stack pointer sp lies on t's alternate signal stack. */
bool lx_on_altstack(const struct rt_thread *t, uint64_t sp);

/* The altstack as a frame's uc_stack records it, for stack pointer sp. */
void lx_altstack_for_frame(struct rt_thread *t, uint64_t sp,
                           struct lx_stack *saved);

#endif
