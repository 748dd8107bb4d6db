/*
 * riscv64_priv.h — the RISC-V privileged architecture for system mode:
 * M, S and U modes, the CSR file, traps and their delegation, interrupt
 * selection, and the privileged instructions (CSR ops, ecall, ebreak,
 * mret, sret, wfi, sfence.vma).
 *
 * This is pure guest semantics: it knows nothing of memory or devices.
 * The system run loop (lib/runtime/system) feeds it the instructions that
 * end a system-mode block (rv_sys_lift_block), the device interrupt lines
 * (rv_priv_set_irq) and the exceptions the soft MMU raises (rv_priv_trap),
 * and reads back what the MMU needs (rv_priv_mmu) and what to do next
 * (the RV_PRIV_* result bits).
 *
 * User mode (lib/runtime, Linux emulation) never uses this file: there the
 * CSR instructions are lifted inline (riscv64_lift_zicsr.c).
 */
#ifndef VM_RISCV64_PRIV_H
#define VM_RISCV64_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "riscv64.h"

enum rv_priv_level { RV_PRIV_U = 0, RV_PRIV_S = 1, RV_PRIV_M = 3 };

/* Exception causes (mcause without the interrupt bit). */
enum rv_exc {
    RV_EXC_FETCH_MISALIGNED = 0, RV_EXC_FETCH_ACCESS = 1,
    RV_EXC_ILLEGAL = 2, RV_EXC_BREAKPOINT = 3,
    RV_EXC_LOAD_MISALIGNED = 4, RV_EXC_LOAD_ACCESS = 5,
    RV_EXC_STORE_MISALIGNED = 6, RV_EXC_STORE_ACCESS = 7,
    RV_EXC_ECALL_U = 8, RV_EXC_ECALL_S = 9, RV_EXC_ECALL_M = 11,
    RV_EXC_FETCH_PAGE = 12, RV_EXC_LOAD_PAGE = 13, RV_EXC_STORE_PAGE = 15,
};

/* Interrupt numbers = their bit in mip/mie. */
enum rv_irq {
    RV_IRQ_SSI = 1, RV_IRQ_MSI = 3, RV_IRQ_STI = 5, RV_IRQ_MTI = 7,
    RV_IRQ_SEI = 9, RV_IRQ_MEI = 11,
};

/* mstatus fields used outside riscv64_priv.c. */
#define RV_MSTATUS_SIE (1ull << 1)
#define RV_MSTATUS_MIE (1ull << 3)
#define RV_MSTATUS_SPIE (1ull << 5)
#define RV_MSTATUS_MPIE (1ull << 7)
#define RV_MSTATUS_SPP (1ull << 8)
#define RV_MSTATUS_MPP_SHIFT 11
#define RV_MSTATUS_MPP (3ull << 11)
#define RV_MSTATUS_FS_SHIFT 13
#define RV_MSTATUS_FS (3ull << 13)
#define RV_MSTATUS_MPRV (1ull << 17)
#define RV_MSTATUS_SUM (1ull << 18)
#define RV_MSTATUS_MXR (1ull << 19)
#define RV_MSTATUS_TVM (1ull << 20)
#define RV_MSTATUS_TW (1ull << 21)
#define RV_MSTATUS_TSR (1ull << 22)

/* One hart in system mode. The lifted code addresses `cpu` (first). */
struct rv_hart {
    struct rv_cpu cpu;
    uint8_t priv;        /* enum rv_priv_level */
    uint64_t mstatus;    /* sstatus is a view of it */
    uint64_t misa, medeleg, mideleg, mie, mip, mtvec, stvec;
    uint64_t mepc, sepc, mcause, scause, mtval, stval, mscratch, sscratch;
    uint64_t satp, menvcfg, senvcfg, mcounteren, scounteren, mhartid;
    uint64_t stimecmp;
    bool stimer_due;     /* Sstc: time >= stimecmp at the last update */
    uint64_t zero;       /* the read-only-zero CSRs' storage: stays 0 */
    uint64_t pmpcfg[8];  /* pmpcfg0, 2, ... 14 (RV64 has only even ones) */
    uint64_t pmpaddr[64];
    uint64_t irq_lines;  /* mip bits driven by devices (MSIP, MTIP, MEIP...) */
    uint64_t instret;    /* retired instructions, counted by the run loop */
    uint64_t sfence_va;  /* the address of the last RV_PRIV_FLUSH_PAGE */
    uint64_t cycle_base, instret_base; /* mcycle/minstret writes */
    /* The platform timer (CLINT mtime): time CSR and Sstc compare. */
    uint64_t (*read_time)(void *opaque);
    void *time_opaque;
};

/* Result bits of rv_priv_exec: what the run loop must do next. */
#define RV_PRIV_TRAPPED 1u   /* an exception was taken: pc = its vector */
#define RV_PRIV_FLUSH_TLB 2u /* translations changed (satp, sfence, SUM...) */
#define RV_PRIV_WFI 4u       /* sleep until an interrupt is pending */
#define RV_PRIV_FLUSH_PAGE 8u /* sfence.vma of one address: h->sfence_va */

/* Reset state (M mode, pc = reset_pc). */
void rv_priv_reset(struct rv_hart *h, uint64_t hartid, uint64_t reset_pc);

/*
 * True when `in` must be executed by rv_priv_exec rather than lifted:
 * CSR ops, ecall, ebreak, mret, sret, wfi, sfence.vma.
 */
bool rv_priv_is_system_insn(const struct rv_insn *in);

/*
 * Executes one system instruction at cpu.pc. On return cpu.pc is the next
 * pc (the following instruction, the xRET target or a trap vector).
 */
unsigned rv_priv_exec(struct rv_hart *h, const struct rv_insn *in);

/* Takes exception `cause` at cpu.pc (the faulting instruction). */
void rv_priv_trap(struct rv_hart *h, enum rv_exc cause, uint64_t tval);

/*
 * Updates the timer-driven pending bits (STIP under Sstc) and returns the
 * interrupt to take now, or -1. rv_priv_any_pending ignores the global
 * enables (what wakes wfi).
 */
int rv_priv_pending_irq(struct rv_hart *h);
bool rv_priv_any_pending(struct rv_hart *h);
void rv_priv_take_irq(struct rv_hart *h, int irq);

/* Re-reads the timer for Sstc's STIP. The run loop calls it now and
 * then (reading the host clock on every block would cost more than the
 * block); writes to stimecmp and menvcfg call it at once. */
void rv_priv_update_timer(struct rv_hart *h);

/* Device interrupt line: mip bit `irq` (enum rv_irq) up or down. */
void rv_priv_set_irq(struct rv_hart *h, int irq, bool level);

/* A debugger's CSR access (system mode's gdb stub): as M mode may, with
 * the CSR's own write rules (WARL fields, read-only bits); 0, or -1 for
 * a CSR the hart does not have. The caller flushes the TLB after a
 * write. */
int rv_priv_debug_csr_read(struct rv_hart *h, unsigned num, uint64_t *out);
int rv_priv_debug_csr_write(struct rv_hart *h, unsigned num, uint64_t v);

/* What the soft MMU needs for one kind of access. */
enum rv_access { RV_ACC_READ, RV_ACC_WRITE, RV_ACC_EXEC };
struct rv_mmu_view {
    unsigned priv;      /* effective privilege (MPRV applied to data) */
    unsigned levels;    /* 0 = bare, 3 = Sv39, 4 = Sv48 */
    uint64_t root;      /* physical address of the root page table */
    bool sum, mxr;
};
void rv_priv_mmu(const struct rv_hart *h, enum rv_access acc,
                 struct rv_mmu_view *out);

/* True when mstatus.FS is Off: FP instructions are illegal. */
bool rv_priv_fp_off(const struct rv_hart *h);
/* Marks the FP state dirty (an FP instruction ran). */
void rv_priv_fp_dirty(struct rv_hart *h);

/*
 * System-mode block lifter: like rv_lift_block, but a system instruction
 * (rv_priv_is_system_insn) ends the block: if it is the first, the block
 * is an INSN marker plus EXIT_TRAP(PRIVILEGED, pc) and *sys receives the
 * instruction; otherwise the block ends with EXIT_JUMP to it. With fp_off,
 * FP instructions lift as ILLEGAL. *raw receives the bits of the last
 * instruction lifted (the mtval of an ILLEGAL trap). *uses_fp is set when
 * a lifted instruction touches FP state.
 */
struct rv_sys_block_info {
    struct rv_insn sys;  /* valid when the block ends in PRIVILEGED */
    uint32_t last_raw;
    bool uses_fp;
};
void rv_sys_lift_block(struct ir_block *b, uint64_t pc, bool fp_off,
                       const uint8_t *(*fetch)(void *, uint64_t, uint64_t *),
                       void *arg, struct rv_sys_block_info *info);

#endif
