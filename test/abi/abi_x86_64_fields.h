/*
 * abi_x86_64_fields.h — the x86-64 kernel ABI facts test/abi compares:
 * lib/runtime/linux/linux_abi_x86_64.h (and the asm-generic structures
 * x86-64 shares) against the host compiler's uapi headers. Same F/S/C
 * scheme and output as abi_fields.h. The kernel's rt_sigframe and
 * struct sigaction are not uapi: the frame is checked through its parts
 * (ucontext, sigcontext, _fpstate_64) and the unit tests.
 */
#ifndef VM_TEST_ABI_X86_64_FIELDS_H
#define VM_TEST_ABI_X86_64_FIELDS_H

#include "abi_fields.h"

#define ABI_X86_64_STRUCTS(F, S)                                               \
    S("stat", struct stat, struct lx_x86_stat)                                \
    F("stat.st_dev", struct stat, st_dev, struct lx_x86_stat, st_dev)         \
    F("stat.st_ino", struct stat, st_ino, struct lx_x86_stat, st_ino)         \
    F("stat.st_nlink", struct stat, st_nlink, struct lx_x86_stat, st_nlink)   \
    F("stat.st_mode", struct stat, st_mode, struct lx_x86_stat, st_mode)      \
    F("stat.st_uid", struct stat, st_uid, struct lx_x86_stat, st_uid)         \
    F("stat.st_gid", struct stat, st_gid, struct lx_x86_stat, st_gid)         \
    F("stat.st_rdev", struct stat, st_rdev, struct lx_x86_stat, st_rdev)      \
    F("stat.st_size", struct stat, st_size, struct lx_x86_stat, st_size)      \
    F("stat.st_blksize", struct stat, st_blksize, struct lx_x86_stat, st_blksize)\
    F("stat.st_blocks", struct stat, st_blocks, struct lx_x86_stat, st_blocks)\
    F("stat.st_atime", struct stat, st_atime, struct lx_x86_stat, st_atime_sec)\
    F("stat.st_atime_nsec", struct stat, st_atime_nsec, struct lx_x86_stat, st_atime_nsec)\
    F("stat.st_mtime", struct stat, st_mtime, struct lx_x86_stat, st_mtime_sec)\
    F("stat.st_mtime_nsec", struct stat, st_mtime_nsec, struct lx_x86_stat, st_mtime_nsec)\
    F("stat.st_ctime", struct stat, st_ctime, struct lx_x86_stat, st_ctime_sec)\
    F("stat.st_ctime_nsec", struct stat, st_ctime_nsec, struct lx_x86_stat, st_ctime_nsec)\
    S("epoll_event", struct epoll_event, struct lx_x86_epoll_event)           \
    F("epoll_event.events", struct epoll_event, events, struct lx_x86_epoll_event, events)\
    F("epoll_event.data", struct epoll_event, data, struct lx_x86_epoll_event, data)\
    S("sigcontext", struct sigcontext, struct lx_x86_sigcontext)              \
    F("sigcontext.r8", struct sigcontext, r8, struct lx_x86_sigcontext, r8)   \
    F("sigcontext.r9", struct sigcontext, r9, struct lx_x86_sigcontext, r9)   \
    F("sigcontext.r10", struct sigcontext, r10, struct lx_x86_sigcontext, r10)\
    F("sigcontext.r11", struct sigcontext, r11, struct lx_x86_sigcontext, r11)\
    F("sigcontext.r12", struct sigcontext, r12, struct lx_x86_sigcontext, r12)\
    F("sigcontext.r13", struct sigcontext, r13, struct lx_x86_sigcontext, r13)\
    F("sigcontext.r14", struct sigcontext, r14, struct lx_x86_sigcontext, r14)\
    F("sigcontext.r15", struct sigcontext, r15, struct lx_x86_sigcontext, r15)\
    F("sigcontext.rdi", struct sigcontext, rdi, struct lx_x86_sigcontext, rdi)\
    F("sigcontext.rsi", struct sigcontext, rsi, struct lx_x86_sigcontext, rsi)\
    F("sigcontext.rbp", struct sigcontext, rbp, struct lx_x86_sigcontext, rbp)\
    F("sigcontext.rbx", struct sigcontext, rbx, struct lx_x86_sigcontext, rbx)\
    F("sigcontext.rdx", struct sigcontext, rdx, struct lx_x86_sigcontext, rdx)\
    F("sigcontext.rax", struct sigcontext, rax, struct lx_x86_sigcontext, rax)\
    F("sigcontext.rcx", struct sigcontext, rcx, struct lx_x86_sigcontext, rcx)\
    F("sigcontext.rsp", struct sigcontext, rsp, struct lx_x86_sigcontext, rsp)\
    F("sigcontext.rip", struct sigcontext, rip, struct lx_x86_sigcontext, rip)\
    F("sigcontext.eflags", struct sigcontext, eflags, struct lx_x86_sigcontext, eflags)\
    F("sigcontext.cs", struct sigcontext, cs, struct lx_x86_sigcontext, cs)   \
    F("sigcontext.gs", struct sigcontext, gs, struct lx_x86_sigcontext, gs)   \
    F("sigcontext.fs", struct sigcontext, fs, struct lx_x86_sigcontext, fs)   \
    F("sigcontext.ss", struct sigcontext, ss, struct lx_x86_sigcontext, ss)   \
    F("sigcontext.err", struct sigcontext, err, struct lx_x86_sigcontext, err)\
    F("sigcontext.trapno", struct sigcontext, trapno, struct lx_x86_sigcontext, trapno)\
    F("sigcontext.oldmask", struct sigcontext, oldmask, struct lx_x86_sigcontext, oldmask)\
    F("sigcontext.cr2", struct sigcontext, cr2, struct lx_x86_sigcontext, cr2)\
    F("sigcontext.fpstate", struct sigcontext, fpstate, struct lx_x86_sigcontext, fpstate)\
    F("sigcontext.reserved1", struct sigcontext, reserved1, struct lx_x86_sigcontext, reserved1)\
    S("ucontext", struct ucontext, struct lx_x86_ucontext)                    \
    F("ucontext.uc_flags", struct ucontext, uc_flags, struct lx_x86_ucontext, uc_flags)\
    F("ucontext.uc_link", struct ucontext, uc_link, struct lx_x86_ucontext, uc_link)\
    F("ucontext.uc_stack", struct ucontext, uc_stack, struct lx_x86_ucontext, uc_stack)\
    F("ucontext.uc_mcontext", struct ucontext, uc_mcontext, struct lx_x86_ucontext, uc_mcontext)\
    F("ucontext.uc_sigmask", struct ucontext, uc_sigmask, struct lx_x86_ucontext, uc_sigmask)\
    S("fpstate", struct _fpstate_64, struct lx_x86_fpstate)                   \
    F("fpstate.cwd", struct _fpstate_64, cwd, struct lx_x86_fpstate, cwd)     \
    F("fpstate.swd", struct _fpstate_64, swd, struct lx_x86_fpstate, swd)     \
    F("fpstate.twd", struct _fpstate_64, twd, struct lx_x86_fpstate, twd)     \
    F("fpstate.fop", struct _fpstate_64, fop, struct lx_x86_fpstate, fop)     \
    F("fpstate.rip", struct _fpstate_64, rip, struct lx_x86_fpstate, rip)     \
    F("fpstate.rdp", struct _fpstate_64, rdp, struct lx_x86_fpstate, rdp)     \
    F("fpstate.mxcsr", struct _fpstate_64, mxcsr, struct lx_x86_fpstate, mxcsr)\
    F("fpstate.mxcsr_mask", struct _fpstate_64, mxcsr_mask, struct lx_x86_fpstate, mxcsr_mask)\
    F("fpstate.st_space", struct _fpstate_64, st_space, struct lx_x86_fpstate, st_space)\
    F("fpstate.xmm_space", struct _fpstate_64, xmm_space, struct lx_x86_fpstate, xmm_space)\
    F("fpstate.reserved2", struct _fpstate_64, reserved2, struct lx_x86_fpstate, reserved2)\
    F("fpstate.sw_reserved", struct _fpstate_64, sw_reserved, struct lx_x86_fpstate, sw_reserved)\
    S("stack_t", stack_t, struct lx_stack)                                    \
    F("stack_t.ss_sp", stack_t, ss_sp, struct lx_stack, ss_sp)                \
    F("stack_t.ss_flags", stack_t, ss_flags, struct lx_stack, ss_flags)       \
    F("stack_t.ss_size", stack_t, ss_size, struct lx_stack, ss_size)

#define ABI_X86_64_CONSTANTS(C)                                                \
    C("SA_RESTORER", SA_RESTORER, LX_SA_RESTORER)                             \
    C("SA_SIGINFO", SA_SIGINFO, LX_SA_SIGINFO)                                \
    C("SA_ONSTACK", SA_ONSTACK, LX_SA_ONSTACK)                                \
    C("SA_RESTART", SA_RESTART, LX_SA_RESTART)                                \
    C("SA_NODEFER", SA_NODEFER, LX_SA_NODEFER)                                \
    C("SA_RESETHAND", SA_RESETHAND, LX_SA_RESETHAND)                          \
    C("UC_SIGCONTEXT_SS", UC_SIGCONTEXT_SS, LX_UC_SIGCONTEXT_SS)              \
    C("UC_STRICT_RESTORE_SS", UC_STRICT_RESTORE_SS, LX_UC_STRICT_RESTORE_SS)  \
    C("ARCH_SET_GS", ARCH_SET_GS, LX_ARCH_SET_GS)                             \
    C("ARCH_SET_FS", ARCH_SET_FS, LX_ARCH_SET_FS)                             \
    C("ARCH_GET_FS", ARCH_GET_FS, LX_ARCH_GET_FS)                             \
    C("ARCH_GET_GS", ARCH_GET_GS, LX_ARCH_GET_GS)                             \
    C("ARCH_GET_CPUID", ARCH_GET_CPUID, LX_ARCH_GET_CPUID)                    \
    C("ARCH_SET_CPUID", ARCH_SET_CPUID, LX_ARCH_SET_CPUID)                    \
    C("MINSIGSTKSZ", MINSIGSTKSZ, LX_MINSIGSTKSZ)

#endif
