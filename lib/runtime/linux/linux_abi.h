/*
 * linux_abi.h — the riscv64 Linux kernel ABI as the guest sees it: the
 * structures system calls read and write, and the constants whose values
 * we rely on. riscv64 uses the asm-generic definitions (64-bit longs), so
 * these also describe aarch64.
 *
 * Every structure is written with fixed-size types so its layout does not
 * depend on the host; test/abi checks each offset and size against the
 * riscv64 cross compiler's own kernel headers.
 */
#ifndef VM_LINUX_ABI_H
#define VM_LINUX_ABI_H

#include <stdint.h>

/* asm-generic/stat.h (struct stat for newfstatat and fstat). */
struct lx_stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint32_t st_mode;
    uint32_t st_nlink;
    uint32_t st_uid;
    uint32_t st_gid;
    uint64_t st_rdev;
    uint64_t pad1;
    int64_t st_size;
    int32_t st_blksize;
    int32_t pad2;
    int64_t st_blocks;
    int64_t st_atime_sec;
    uint64_t st_atime_nsec;
    int64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    int64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    uint32_t unused4;
    uint32_t unused5;
};

/* linux/stat.h: statx is the same on every architecture. */
struct lx_statx_timestamp {
    int64_t tv_sec;
    uint32_t tv_nsec;
    int32_t reserved;
};

struct lx_statx {
    uint32_t stx_mask;
    uint32_t stx_blksize;
    uint64_t stx_attributes;
    uint32_t stx_nlink;
    uint32_t stx_uid;
    uint32_t stx_gid;
    uint16_t stx_mode;
    uint16_t spare0;
    uint64_t stx_ino;
    uint64_t stx_size;
    uint64_t stx_blocks;
    uint64_t stx_attributes_mask;
    struct lx_statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
    uint32_t stx_rdev_major;
    uint32_t stx_rdev_minor;
    uint32_t stx_dev_major;
    uint32_t stx_dev_minor;
    uint64_t stx_mnt_id;
    uint32_t stx_dio_mem_align;
    uint32_t stx_dio_offset_align;
    uint64_t spare3[12];
};

struct lx_timespec {
    int64_t tv_sec;
    int64_t tv_nsec;
};

struct lx_timeval {
    int64_t tv_sec;
    int64_t tv_usec;
};

/* struct itimerval (getitimer, setitimer). */
struct lx_itimerval {
    struct lx_timeval it_interval;
    struct lx_timeval it_value;
};

struct lx_timezone {
    int32_t tz_minuteswest;
    int32_t tz_dsttime;
};

/* prlimit64's struct rlimit64 (and getrlimit's struct rlimit on 64-bit). */
struct lx_rlimit {
    uint64_t rlim_cur;
    uint64_t rlim_max;
};

struct lx_sysinfo {
    int64_t uptime;
    uint64_t loads[3];
    uint64_t totalram;
    uint64_t freeram;
    uint64_t sharedram;
    uint64_t bufferram;
    uint64_t totalswap;
    uint64_t freeswap;
    uint16_t procs;
    uint16_t pad;
    uint32_t pad_align; /* implicit padding before the next 64-bit field */
    uint64_t totalhigh;
    uint64_t freehigh;
    uint32_t mem_unit;
    uint32_t pad_end;   /* char _f[0] on 64-bit, then tail padding */
};

#define LX_UTSNAME_LEN 65
struct lx_utsname {
    char sysname[LX_UTSNAME_LEN];
    char nodename[LX_UTSNAME_LEN];
    char release[LX_UTSNAME_LEN];
    char version[LX_UTSNAME_LEN];
    char machine[LX_UTSNAME_LEN];
    char domainname[LX_UTSNAME_LEN];
};

/* getdents64 records; the same on every architecture (and on the host). */
struct lx_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    uint16_t d_reclen;
    uint8_t d_type;
    char d_name[5]; /* NUL-terminated, d_reclen - 19 bytes in fact */
};
#define LX_DIRENT64_NAME_OFFSET 19

struct lx_iovec {
    uint64_t iov_base;
    uint64_t iov_len;
};
#define LX_UIO_MAXIOV 1024

/* asm-generic/signal.h */
struct lx_stack {
    uint64_t ss_sp;
    int32_t ss_flags;
    int32_t pad;
    uint64_t ss_size;
};

/* The kernel's struct sigaction on riscv64: no sa_restorer (riscv does not
 * define SA_RESTORER) and an 8-byte sigset. */
struct lx_sigaction {  /* sa_handler, sa_flags, sa_mask (glibc macros) */
    uint64_t handler;
    uint64_t flags;
    uint64_t mask;
};
#define LX_SIGSET_SIZE 8

/* siginfo_t: 128 bytes; the union starts at 16 on 64-bit. */
struct lx_siginfo {
    int32_t si_signo;
    int32_t si_errno;
    int32_t si_code;
    int32_t pad;
    union {
        struct { int32_t pid; uint32_t uid; } kill;   /* SI_USER, SI_TKILL */
        struct { uint64_t addr; } fault;              /* SIGSEGV, SIGILL... */
        uint8_t bytes[112];
    } fields;
};

/* asm-generic/termbits.h: the kernel's termios (TCGETS), not glibc's. */
#define LX_NCCS 19
struct lx_termios {
    uint32_t c_iflag;
    uint32_t c_oflag;
    uint32_t c_cflag;
    uint32_t c_lflag;
    uint8_t c_line;
    uint8_t c_cc[LX_NCCS];
};

struct lx_winsize {
    uint16_t ws_row;
    uint16_t ws_col;
    uint16_t ws_xpixel;
    uint16_t ws_ypixel;
};

/* asm-generic/fcntl.h struct flock (64-bit). */
struct lx_flock {
    int16_t l_type;
    int16_t l_whence;
    int32_t pad;
    int64_t l_start;
    int64_t l_len;
    int32_t l_pid;
    int32_t pad2;
};

/*
 * The riscv64 signal frame (arch/riscv/kernel/signal.c, Linux 6.1 uapi):
 * struct rt_sigframe { siginfo_t info; struct ucontext uc; } with
 * uc_mcontext = struct sigcontext { user_regs_struct; __riscv_fp_state }.
 */
struct lx_rv_user_regs {
    uint64_t pc;
    uint64_t x[31]; /* ra, sp, gp, ... t6: register n at x[n - 1] */
};

/* union __riscv_fp_state: Linux saves the d member (f[32], fcsr) and
 * zeroes q.reserved, which lies past q's f[64] and fcsr. */
struct lx_rv_fp_state {
    uint64_t f[32];
    uint32_t fcsr;
    uint8_t unused[256];
    uint32_t reserved[3];    /* q.reserved: zero, checked by sigreturn */
} __attribute__((aligned(16)));

struct lx_rv_sigcontext {
    struct lx_rv_user_regs sc_regs;
    struct lx_rv_fp_state sc_fpregs;
};

struct lx_rv_ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct lx_stack uc_stack;
    uint64_t uc_sigmask;
    uint8_t unused[1024 / 8 - LX_SIGSET_SIZE];
    struct lx_rv_sigcontext uc_mcontext;
};

struct lx_rv_rt_sigframe {
    struct lx_siginfo info;
    struct lx_rv_ucontext uc;
};

/* Flags with bit 31 set: unsigned, as the kernel's. */
#define LX_SA_RESETHAND 0x80000000u
#define LX_SS_AUTODISARM 0x80000000u

/* Constants the layer interprets (asm-generic values, checked by test/abi). */
enum {
    LX_AT_FDCWD = -100,
    LX_SIG_DFL = 0,
    LX_SIG_IGN = 1,
    LX_SA_SIGINFO = 0x00000004,
    LX_SA_ONSTACK = 0x08000000,
    LX_SA_RESTART = 0x10000000,
    LX_SA_NODEFER = 0x40000000,
    LX_SS_ONSTACK = 1,
    LX_SS_DISABLE = 2,
    LX_MINSIGSTKSZ = 2048,
    LX_SIG_BLOCK = 0,
    LX_SIG_UNBLOCK = 1,
    LX_SIG_SETMASK = 2,
    LX_SI_USER = 0,
    LX_SI_TKILL = -6,
    LX_PROT_READ = 1,
    LX_PROT_WRITE = 2,
    LX_PROT_EXEC = 4,
    LX_MAP_SHARED = 0x01,
    LX_MAP_PRIVATE = 0x02,
    LX_MAP_SHARED_VALIDATE = 0x03,
    LX_MAP_TYPE = 0x0f,
    LX_MAP_FIXED = 0x10,
    LX_MAP_ANONYMOUS = 0x20,
    LX_MAP_FIXED_NOREPLACE = 0x100000,
    LX_MREMAP_MAYMOVE = 1,
    LX_MREMAP_FIXED = 2,
    LX_MREMAP_DONTUNMAP = 4,
    LX_MADV_DONTNEED = 4,
    LX_MS_ASYNC = 1,
    LX_MS_INVALIDATE = 2,
    LX_MS_SYNC = 4,
    LX_FUTEX_WAIT = 0,
    LX_FUTEX_WAKE = 1,
    LX_FUTEX_REQUEUE = 3,
    LX_FUTEX_CMP_REQUEUE = 4,
    LX_FUTEX_WAIT_BITSET = 9,
    LX_FUTEX_WAKE_BITSET = 10,
    LX_FUTEX_PRIVATE_FLAG = 128,
    LX_FUTEX_CLOCK_REALTIME = 256,
    LX_TCGETS = 0x5401,
    LX_TCSETS = 0x5402,
    LX_TCSETSW = 0x5403,
    LX_TCSETSF = 0x5404,
    LX_TCSBRK = 0x5409,
    LX_TCXONC = 0x540A,
    LX_TCFLSH = 0x540B,
    LX_TIOCGPGRP = 0x540F,
    LX_TIOCSPGRP = 0x5410,
    LX_TIOCGWINSZ = 0x5413,
    LX_TIOCSWINSZ = 0x5414,
    LX_FIONREAD = 0x541B,
    LX_FIONBIO = 0x5421,
    LX_TIOCGSID = 0x5429,
    LX_FIONCLEX = 0x5450,
    LX_FIOCLEX = 0x5451,
    LX_FIOASYNC = 0x5452,
};

#endif
