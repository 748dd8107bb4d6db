/*
 * riscv64_csr_list.h — the system-mode CSR file as one list.
 *
 * RV_CSRS_PLAIN(X): CSRs that are a struct rv_hart field behind a write
 * mask (WARL: bits outside the mask keep their value; a zero mask makes a
 * register that ignores writes). X(name, number, lowest privilege, field,
 * write mask). `zero` names the always-zero field.
 *
 * RV_CSRS_SPECIAL(X): CSRs with their own read and write code in
 * riscv64_csr.c (views of other registers, counters, side effects).
 * X(name, number, lowest privilege).
 *
 * The privilege column repeats what the number encodes (bits 9:8), as the
 * spec's tables do; riscv64_csr.c checks both agree once at reset.
 * Ranges (hpmcounters, mhpmevents, PMP) are handled in riscv64_csr.c.
 */
#ifndef VM_RISCV64_CSR_LIST_H
#define VM_RISCV64_CSR_LIST_H

#define RV_CSRS_PLAIN(X)                                                      \
    X(stvec, 0x105, S, stvec, ~2ull)           /* modes 0 and 1 only */       \
    X(scounteren, 0x106, S, scounteren, 0xffffffffull)                        \
    X(senvcfg, 0x10a, S, senvcfg, 0x1ull)      /* FIOM */                     \
    X(sscratch, 0x140, S, sscratch, ~0ull)                                    \
    X(sepc, 0x141, S, sepc, ~1ull)             /* IALIGN 16 (C) */            \
    X(scause, 0x142, S, scause, ~0ull)                                        \
    X(stval, 0x143, S, stval, ~0ull)                                          \
    X(mvendorid, 0xf11, M, zero, 0)                                           \
    X(marchid, 0xf12, M, zero, 0)                                             \
    X(mimpid, 0xf13, M, zero, 0)                                              \
    X(mhartid, 0xf14, M, mhartid, 0)                                          \
    X(mconfigptr, 0xf15, M, zero, 0)                                          \
    X(misa, 0x301, M, misa, 0)                 /* fixed RV64IMAFDC+SU */      \
    X(medeleg, 0x302, M, medeleg, 0xb3ffull)   /* not ecall-M, reserved */    \
    X(mideleg, 0x303, M, mideleg, 0x222ull)    /* the S interrupts */         \
    X(mie, 0x304, M, mie, 0xaaaull)                                           \
    X(mtvec, 0x305, M, mtvec, ~2ull)                                          \
    X(mcounteren, 0x306, M, mcounteren, 0xffffffffull)                        \
    X(mcountinhibit, 0x320, M, zero, 0)        /* counters always run */      \
    X(mscratch, 0x340, M, mscratch, ~0ull)                                    \
    X(mepc, 0x341, M, mepc, ~1ull)                                            \
    X(mcause, 0x342, M, mcause, ~0ull)                                        \
    X(mtval, 0x343, M, mtval, ~0ull)                                          \
    X(tselect, 0x7a0, M, zero, 0)              /* no triggers */              \
    X(tdata1, 0x7a1, M, zero, 0)                                              \
    X(tdata2, 0x7a2, M, zero, 0)                                              \
    X(tdata3, 0x7a3, M, zero, 0)

#define RV_CSRS_SPECIAL(X)                                                    \
    X(fflags, 0x001, U)                                                       \
    X(frm, 0x002, U)                                                          \
    X(fcsr, 0x003, U)                                                         \
    X(cycle, 0xc00, U)                                                        \
    X(time, 0xc01, U)                                                         \
    X(instret, 0xc02, U)                                                      \
    X(sstatus, 0x100, S)                                                      \
    X(sie, 0x104, S)                                                          \
    X(sip, 0x144, S)                                                          \
    X(stimecmp, 0x14d, S)                      /* Sstc */                     \
    X(satp, 0x180, S)                                                         \
    X(mstatus, 0x300, M)                                                      \
    X(menvcfg, 0x30a, M)                                                      \
    X(mip, 0x344, M)                                                          \
    X(mcycle, 0xb00, M)                                                       \
    X(minstret, 0xb02, M)

#endif
