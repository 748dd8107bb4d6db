/*
 * strace.h — --strace: one line per guest system call, in the shape of
 * qemu-user's -strace, e.g.
 *   12345 openat(AT_FDCWD,"/etc/passwd",O_RDONLY|O_CLOEXEC) = 3
 *   12345 read(3,0x3ffffff6a0,4096) = -1 errno=2 (No such file or directory)
 *
 * Each call in LINUX_SYSCALLS describes its arguments with the kinds
 * below (LX_ARGS_<name> in linux_syscalls.h); strace_args.c turns a kind
 * and a raw register value into text. Every line reaches the log
 * descriptor with a single write(), so lines of different threads never
 * interleave.
 */
#ifndef VM_LINUX_STRACE_H
#define VM_LINUX_STRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "process.h"

/* How one argument is shown. */
enum lx_arg_kind {
    LXA_END,          /* no more arguments */
    LXA_INT,          /* int, decimal */
    LXA_LONG,         /* 64-bit signed, decimal (offsets) */
    LXA_SIZE,         /* 64-bit unsigned, decimal */
    LXA_HEX,          /* 64-bit unsigned, hex */
    LXA_PTR,          /* guest address: hex, NULL for 0 */
    LXA_FD,           /* descriptor */
    LXA_DIRFD,        /* descriptor or AT_FDCWD */
    LXA_PATH,         /* NUL-terminated guest string */
    LXA_WBUF,         /* bytes the call reads; the next argument counts them */
    LXA_RBUF,         /* bytes the call fills; the result counts them */
    LXA_MODE,         /* permission bits, octal */
    LXA_CREATE_MODE,  /* octal, shown only when the preceding open flags
                         create a file (O_CREAT, O_TMPFILE), as qemu */
    LXA_OPEN_FLAGS,   /* O_* */
    LXA_FD_FLAGS,     /* O_CLOEXEC, O_NONBLOCK (pipe2, dup3) */
    LXA_AT_FLAGS,     /* AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH... */
    LXA_UNLINK_FLAGS, /* AT_REMOVEDIR */
    LXA_ACCESS_MODE,  /* F_OK, R_OK|W_OK|X_OK */
    LXA_PROT,         /* PROT_* */
    LXA_MAP_FLAGS,    /* MAP_* */
    LXA_MREMAP_FLAGS, /* MREMAP_* */
    LXA_MADVICE,      /* MADV_* */
    LXA_WHENCE,       /* SEEK_* */
    LXA_FCNTL_CMD,    /* F_* */
    LXA_IOCTL_CMD,    /* TCGETS... */
    LXA_SIGNAL,       /* SIGINT... */
    LXA_SIGHOW,       /* SIG_BLOCK... */
    LXA_CLOCK,        /* CLOCK_* */
    LXA_TIMER_FLAGS,  /* TIMER_ABSTIME */
    LXA_FUTEX_OP,     /* FUTEX_WAIT|FUTEX_PRIVATE_FLAG... */
    LXA_RLIMIT,       /* RLIMIT_* */
    LXA_RENAME_FLAGS, /* RENAME_* */
    LXA_RANDOM_FLAGS, /* GRND_* */
    LXA_COUNT,
    /* Markers after the arguments: how the result is shown. */
    LXR_ADDR = LXA_COUNT, /* an address, in hex (brk, mmap) */
    LXR_NORETURN,         /* no result: the line is written before the call */
};

#define LX_STRACE_MAX_ARGS 6

/* One trace line being built; it never overflows (the tail is cut). */
struct lx_line {
    size_t len;
    char text[1024];
};

void lx_line_puts(struct lx_line *l, const char *s);
void lx_line_printf(struct lx_line *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* s[0..n) as a C string literal, with "..." after it when more is set. */
void lx_line_quote(struct lx_line *l, const uint8_t *s, size_t n, bool more);

/* Named values of one argument kind: an enumerated value in field_mask
 * (the whole argument when field_mask is 0), then flag bits. */
struct lx_sym {
    uint64_t value;
    const char *name;
};

struct lx_syms {
    uint64_t field_mask;
    const struct lx_sym *values;
    size_t nvalues;
    const struct lx_sym *bits; /* wider flags before their parts */
    size_t nbits;
    const char *zero; /* name of 0 for pure flags (PROT_NONE), or NULL */
    bool hex;         /* unnamed values in hex rather than decimal */
};

/* The names of a kind (strace_names.c), or NULL when it has none. */
const struct lx_syms *lx_strace_syms(enum lx_arg_kind kind);

/* Appends x decoded with s: "O_RDWR|O_CREAT|0x40000000". */
void lx_line_syms(struct lx_line *l, const struct lx_syms *s, uint64_t x);

/*
 * Appends argument i of a call, of the given kind, to l. Returns false
 * when the kind shows nothing here (LXA_CREATE_MODE without O_CREAT).
 * result is the call's result, for LXA_RBUF.
 */
bool lx_strace_arg(struct lx_line *l, struct rt_thread *t,
                   enum lx_arg_kind kind, const uint64_t a[6], int i,
                   int64_t result);

/* Appends " = result" as qemu shows it, errors as
 * "-1 errno=N (message)". */
void lx_strace_result(struct lx_line *l, int64_t r, bool addr);

/* Hooks around the handler in linux_syscall, called only with --strace:
 * enter writes the line of a call that does not return (exit_group),
 * leave writes all the others, result included. */
void lx_strace_enter(struct rt_thread *t, uint64_t nr, const uint64_t a[6]);
void lx_strace_leave(struct rt_thread *t, uint64_t nr, const uint64_t a[6],
                     int64_t result);

/* The line qemu prints when a signal reaches the guest:
 * "tid --- SIGSEGV {si_signo=SIGSEGV, si_code=1, si_addr=0x10} ---". */
struct lx_siginfo;
void lx_strace_signal(struct rt_thread *t, const struct lx_siginfo *info);

#endif
