/*
 * linux_abi_x86_64.h — the x86-64 kernel structures that differ from the
 * asm-generic ones of linux_abi.h: struct stat, struct sigaction (with
 * sa_restorer), struct epoll_event (packed) and the signal frame
 * (arch/x86/include/asm/sigframe.h, uapi asm/sigcontext.h). Fixed-size
 * types only; test/abi checks every offset against the host compiler's
 * kernel headers.
 */
#ifndef VM_LINUX_ABI_X86_64_H
#define VM_LINUX_ABI_X86_64_H

#include <stdint.h>

#include "linux_abi.h"

/* arch/x86/include/uapi/asm/stat.h */
struct lx_x86_stat {
    uint64_t st_dev;
    uint64_t st_ino;
    uint64_t st_nlink;
    uint32_t st_mode;
    uint32_t st_uid;
    uint32_t st_gid;
    uint32_t pad0;
    uint64_t st_rdev;
    int64_t st_size;
    int64_t st_blksize;
    int64_t st_blocks;
    uint64_t st_atime_sec;
    uint64_t st_atime_nsec;
    uint64_t st_mtime_sec;
    uint64_t st_mtime_nsec;
    uint64_t st_ctime_sec;
    uint64_t st_ctime_nsec;
    int64_t unused[3];
};

/* The kernel's struct sigaction on x86-64 (glibc's kernel_sigaction). */
struct lx_x86_sigaction {
    uint64_t handler;
    uint64_t flags;
    uint64_t restorer;
    uint64_t mask;
};
#define LX_SA_RESTORER 0x04000000u

/* struct epoll_event is packed on x86-64 (__EPOLL_PACKED). */
struct lx_x86_epoll_event {
    uint32_t events;
    uint64_t data;
} __attribute__((packed));

/* The legacy FXSAVE area the signal frame's fpstate points to
 * (struct _fpstate_64); sw_reserved carries the xsave magic, left zero
 * because the guest CPU has no XSAVE. */
struct lx_x86_fpstate {
    uint16_t cwd;
    uint16_t swd;
    uint16_t twd;          /* the abridged tag byte, then a reserved one */
    uint16_t fop;
    uint64_t rip;
    uint64_t rdp;
    uint32_t mxcsr;
    uint32_t mxcsr_mask;
    uint32_t st_space[32]; /* ST(0)..ST(7), 16 bytes each */
    uint32_t xmm_space[64];
    uint32_t reserved2[12];
    uint32_t sw_reserved[12];
};

/* uapi struct sigcontext (64-bit). */
struct lx_x86_sigcontext {
    uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
    uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    uint16_t cs, gs, fs, ss;
    uint64_t err, trapno, oldmask, cr2;
    uint64_t fpstate;      /* guest address of a struct lx_x86_fpstate */
    uint64_t reserved1[8];
};

struct lx_x86_ucontext {
    uint64_t uc_flags;
    uint64_t uc_link;
    struct lx_stack uc_stack;
    struct lx_x86_sigcontext uc_mcontext;
    uint64_t uc_sigmask;
};
#define LX_UC_SIGCONTEXT_SS 0x2
#define LX_UC_STRICT_RESTORE_SS 0x4

/* What the handler's rsp points to: the return address first. */
struct lx_x86_rt_sigframe {
    uint64_t pretcode;
    struct lx_x86_ucontext uc;
    struct lx_siginfo info;
};

/* arch_prctl codes (asm/prctl.h). */
enum {
    LX_ARCH_SET_GS = 0x1001,
    LX_ARCH_SET_FS = 0x1002,
    LX_ARCH_GET_FS = 0x1003,
    LX_ARCH_GET_GS = 0x1004,
    LX_ARCH_GET_CPUID = 0x1011,
    LX_ARCH_SET_CPUID = 0x1012,
};

#endif
