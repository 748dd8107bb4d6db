/*
 * sys_hart.c — the system-mode run loop of a RISC-V hart (sys_hart.h).
 *
 * Translated blocks are cached by virtual pc (4-way sets); a cached block
 * is reused only if the pc still maps to the same host page (both pages
 * when its last instruction straddles into the next) and the guest bytes
 * are unchanged (compared on every entry: self-modifying code and
 * remapped pages need no tracking). In tier 1 (sys_t1.h) the cached
 * block also keeps its host code, dropped with it: the same virtual pc
 * under another satp or privilege reuses the code only when it fetched
 * the same bytes from the same host page (the code does not depend on
 * the regime: its TLB tables are loaded on entry). Chained jumps and
 * jump-cache entries between translated blocks hold while the mapping
 * they were checked under does (sys_t1.c: undone at a TLB flush, satp
 * or M-mode change) and are dropped by fence.i.
 */
#include "sys_hart.h"

#include "gdb_sys.h"
#include "gdbstub.h"
#include "sys_block.h"
#include "sys_wait.h"

#include <stdlib.h>
#include <string.h>

/* Slots of the block cache, in sets of CACHE_WAYS. A slot lifted again
 * drops its host code, so tier 1 needs room for a boot's working set
 * (marker boot: CPU 5.0 s with 2^11 direct-mapped slots, most of it
 * translating the same blocks again) and ways against conflicts (a shell
 * loop in busybox ash, direct-mapped over 2^16 slots: 30 blocks lifted
 * again per trip, the hot blocks evicting each other). */
#define CACHE_BITS_INTERP 11
#define CACHE_BITS_TIER1 16
#define CACHE_WAYS 4
#define TIMER_EVERY 32          /* blocks between timer polls */
#define POLL_EVERY 1024         /* blocks between UART/timeout polls */
#define WFI_MAX_SLEEP_MS 10


static enum mmu_fault translate(void *guest, uint64_t va, enum mmu_acc acc,
                                struct mmu_walk_res *out)
{
    struct sys_hart *h = guest;
    struct rv_mmu_view v;
    rv_priv_mmu(&h->rv, (enum rv_access)acc, &v);
    if (v.levels == 0) {
        out->paddr = va;
        out->can_read = out->can_write = out->can_exec = true;
        out->superpage = false;
        out->page_size = 4096;
        return MMU_OK;
    }
    struct mmu_walk_req r = {.vaddr = va, .root = v.root, .levels = v.levels,
                             .acc = acc, .user = v.priv == RV_PRIV_U,
                             .sum = v.sum, .mxr = v.mxr};
    return mmu_walk(h->mem.phys, &r, out);
}

static uint64_t read_time(void *opaque)
{
    return dev_clint_mtime(opaque);
}

void sys_hart_irq(void *hart, unsigned line, bool level)
{
    struct sys_hart *h = hart;
    rv_priv_set_irq(&h->rv, (int)line, level);
    /* After the line (seq_cst both): a hart going to sleep sets sleeping
     * before it looks at its lines, so one of the two sees the other. */
    if (level && __atomic_load_n(&h->sleeping, __ATOMIC_SEQ_CST)) {
        pthread_mutex_lock(&h->wake_lock);
        pthread_cond_signal(&h->wake);
        pthread_mutex_unlock(&h->wake_lock);
    }
}

/* The table holds pointers, each slot allocated when first used: tier
 * 1's table is big, and touching all of it cost a riscv-test 0.2 s. */
static int alloc_cache(struct sys_hart *h, unsigned bits)
{
    h->cache_mask = (1u << bits) - 1;
    h->cache = calloc(h->cache_mask + 1, sizeof(*h->cache));
    return h->cache ? 0 : -1;
}

static void free_cache(struct sys_hart *h)
{
    if (h->cache)
        for (unsigned i = 0; i <= h->cache_mask; i++)
            if (h->cache[i]) {
                if (h->t2)
                    sys_t2_forget(h, h->cache[i]);
                ir_block_free(&h->cache[i]->ir);
                free(h->cache[i]);
            }
    free(h->cache);
    h->cache = NULL;
}

int sys_hart_init(struct sys_hart *h, struct sys_board *b, uint64_t hartid)
{
    memset(h, 0, sizeof(*h));
    h->board = b;
    h->id = (unsigned)hartid;
    if (sys_wait_init(&h->wake_lock, &h->wake))
        return -1;
    h->wake_ready = true;
    h->rv.read_time = read_time;
    h->rv.time_opaque = b->clint;
    rv_priv_reset(&h->rv, hartid, b->reset_pc);
    h->mem.phys = b->phys;
    h->mem.translate = translate;
    h->mem.guest = h;
    mmu_tlb_flush(&h->mem.tlb);
    return alloc_cache(h, CACHE_BITS_INTERP);
}

void sys_hart_free(struct sys_hart *h)
{
    free_cache(h);
    if (h->t2)
        sys_t2_hart_fini(h);
    if (h->gdb_cut) {
        ir_block_free(&h->gdb_cut->ir);
        free(h->gdb_cut);
        h->gdb_cut = NULL;
    }
    sys_interp_free(&h->interp);
    sys_t1_destroy(h->t1);
    h->t1 = NULL;
    if (h->wake_ready)
        sys_wait_free(&h->wake_lock, &h->wake);
    h->wake_ready = false;
}

int sys_hart_use_tier1(struct sys_hart *h)
{
    free_cache(h);
    h->t1 = sys_t1_create();
    return h->t1 && alloc_cache(h, CACHE_BITS_TIER1) == 0 ? 0 : -1;
}

int sys_hart_use_llvm(struct sys_hart *h, struct sys_t2 *t2)
{
    /* Tier 1's table: a block lifted again is compiled again. */
    free_cache(h);
    h->t2 = t2;
    return alloc_cache(h, CACHE_BITS_TIER1);
}

static unsigned regime_of(unsigned priv)
{
    return priv == RV_PRIV_M ? 2 : priv;
}

/* Which TLB table each kind of access uses now (MPRV moves data). */
static void set_regimes(struct sys_hart *h)
{
    struct rv_mmu_view v;
    rv_priv_mmu(&h->rv, RV_ACC_READ, &v);
    h->mem.regime[MMU_ACC_READ] = regime_of(v.priv);
    h->mem.regime[MMU_ACC_WRITE] = regime_of(v.priv);
    h->mem.regime[MMU_ACC_EXEC] = regime_of(h->rv.priv);
}

static enum rv_exc exception_of(const struct sys_fault *f)
{
    static const enum rv_exc map[3][3] = {
        /* page, access, misaligned */
        {RV_EXC_LOAD_PAGE, RV_EXC_LOAD_ACCESS, RV_EXC_LOAD_MISALIGNED},
        {RV_EXC_STORE_PAGE, RV_EXC_STORE_ACCESS, RV_EXC_STORE_MISALIGNED},
        {RV_EXC_FETCH_PAGE, RV_EXC_FETCH_ACCESS, RV_EXC_FETCH_MISALIGNED},
    };
    return map[f->acc][f->kind - 1];
}

static void raise_fault(struct sys_hart *h)
{
    rv_priv_trap(&h->rv, exception_of(&h->mem.fault), h->mem.fault.addr);
}

/* Whether the guest bytes of a cached block are what it was lifted from
 * (its first page is known to be the same host page). */
static bool same_bytes(struct sys_hart *h, const struct sys_block *blk,
                       uint64_t page_left)
{
    if (!blk->host2)
        return memcmp(blk->bytes, blk->host, blk->len) == 0;
    if (sys_mem_code(&h->mem, blk->vpc + page_left) != blk->host2)
        return false; /* remapped or gone: lifting again sees which */
    return memcmp(blk->bytes, blk->host, page_left) == 0 &&
           memcmp(blk->bytes + page_left, blk->host2,
                  blk->len - page_left) == 0;
}

/* The slot of pc's set that holds pc, else an empty one, else one to
 * evict (a cheap rotation). */
static struct sys_block **slot_of(struct sys_hart *h, uint64_t pc)
{
    /* Kernel and user code are far apart: fold the high bits in. */
    uint64_t set = ((pc >> 1) ^ (pc >> 17)) & (h->cache_mask / CACHE_WAYS);
    struct sys_block **ways = &h->cache[set * CACHE_WAYS], **empty = NULL;
    for (unsigned w = 0; w < CACHE_WAYS; w++) {
        if (!ways[w])
            empty = empty ? empty : &ways[w];
        else if (ways[w]->vpc == pc && ways[w]->len)
            return &ways[w];
    }
    return empty ? empty : &ways[h->blocks % CACHE_WAYS];
}

/* The block at pc, from the cache or freshly lifted; NULL when the pc
 * cannot be fetched at all (the fault is raised). */
static struct sys_block *get_block(struct sys_hart *h)
{
    uint64_t pc = h->rv.cpu.ctx.pc;
    const uint8_t *host = sys_mem_code(&h->mem, pc);
    if (!host) {
        raise_fault(h);
        return NULL;
    }
    bool fp_off = rv_priv_fp_off(&h->rv);
    struct sys_block **slot = slot_of(h, pc);
    if (!*slot) {
        /* calloc'd: an empty slot, its block as ir_block_init leaves it */
        *slot = calloc(1, sizeof(**slot));
        if (!*slot)
            abort(); /* under 1 KiB: nothing sensible to do without it */
    }
    struct sys_block *blk = *slot;
    uint64_t page_left = 4096 - (pc & 4095);
    if (blk->len && blk->vpc == pc && blk->host == host &&
        blk->fp_off == fp_off && same_bytes(h, blk, page_left))
        return blk;
    if (h->t2)
        sys_t2_forget(h, blk);
    rv_sys_lift_block(&blk->ir, pc, fp_off, sys_mem_fetch, &h->mem,
                      &blk->info);
    ir_block_trim(&blk->ir); /* a boot keeps tens of thousands */
    blk->vpc = pc;
    blk->host = host;
    blk->host2 = NULL;
    blk->fp_off = fp_off;
    blk->t1 = (struct sys_t1_ref){0};
    uint32_t len = blk->ir.guest_bytes;
    blk->len = len && len <= SYS_MAX_BLOCK_BYTES ? len : 0;
    if (blk->len > page_left) {
        /* Its last instruction reaches into the next page, which the
         * lifter just fetched from: both pages are checked on entry. */
        blk->host2 = sys_mem_code(&h->mem, pc + page_left);
        if (!blk->host2)
            blk->len = 0; /* cannot happen after a lift that fetched it */
    }
    /* A chained jump skips the entry check, which a second page needs; a
     * trap exit hands the hart loop this block's details (the CSR
     * instruction, its raw bits), which a chained block cannot. */
    blk->chainable = !blk->info.uses_fp &&
                     !ir_block_has_op(&blk->ir, IR_EXIT_TRAP) && !blk->host2;
    uint32_t first = blk->len < page_left ? blk->len : (uint32_t)page_left;
    memcpy(blk->bytes, host, first);
    if (blk->host2)
        memcpy(blk->bytes + first, blk->host2, blk->len - first);
    return blk;
}

/* Under a debugger with breakpoints or a step: blk itself, or when a
 * stop falls inside it, the instruction at pc alone (lifted afresh, never
 * cached). */
static struct sys_block *debug_block(struct sys_hart *h, struct sys_block *blk)
{
    uint64_t pc = h->rv.cpu.ctx.pc;
    if (!gdb_sys_must_cut(h->gdb, h, pc, blk->ir.guest_bytes))
        return blk;
    if (!h->gdb_cut) {
        h->gdb_cut = calloc(1, sizeof(*h->gdb_cut)); /* an empty block */
        if (!h->gdb_cut)
            abort();
    }
    struct sys_block *cut = h->gdb_cut;
    rv_sys_lift_block(&cut->ir, pc, blk->fp_off, sys_mem_fetch, &h->mem,
                      &cut->info);
    gdbstub_trim_block(&cut->ir);
    return cut;
}

/* A threaded hart's wfi: sleeps until an interrupt line rises
 * (sys_hart_irq signals), its timer is due, or WFI_MAX_SLEEP_MS pass
 * (the board may have powered off). */
static void sleep_until_woken(struct sys_hart *h, uint64_t ns)
{
    uint64_t max = WFI_MAX_SLEEP_MS * 1000000ull;
    ns = ns < max ? ns : max;
    struct timespec until = sys_wait_after_ns(ns);
    pthread_mutex_lock(&h->wake_lock);
    __atomic_store_n(&h->sleeping, 1, __ATOMIC_SEQ_CST);
    if (!rv_priv_any_pending(&h->rv))
        pthread_cond_timedwait(&h->wake, &h->wake_lock, &until);
    __atomic_store_n(&h->sleeping, 0, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&h->wake_lock);
}

static void wait_for_interrupt(struct sys_hart *h)
{
    struct sys_board *b = h->board;
    while (!rv_priv_any_pending(&h->rv) && !dev_power_stopped(&b->power)) {
        uint64_t ns = dev_clint_poll(b->clint, h->id);
        if (h->rv.menvcfg >> 63) {
            uint64_t s = dev_clint_ns_until(b->clint, h->rv.stimecmp);
            ns = s < ns ? s : ns;
        }
        rv_priv_update_timer(&h->rv);
        if (rv_priv_any_pending(&h->rv))
            break;
        if (b->threaded) {
            /* The debugger: hart 0 notices Ctrl-C; a stop parks all. */
            if (h->gdb && ((h->id == 0 && gdb_sys_woken(h->gdb)) ||
                           gdb_sys_halted(h->gdb)))
                return;
            if (__atomic_load_n(&b->pause_request, __ATOMIC_ACQUIRE))
                sys_board_park(b);
            else
                sleep_until_woken(h, ns);
            continue;
        }
        int ms = ns / 1000000 >= WFI_MAX_SLEEP_MS ? WFI_MAX_SLEEP_MS
                                                  : (int)(ns / 1000000) + 1;
        /* Input or a network frame wakes the hart up; the debugger
         * (Ctrl-C, connecting) within a sleep. */
        sys_board_poll(b, ms);
        if (h->gdb && gdb_sys_woken(h->gdb))
            return;
        if (h->deadline_ns && dev_clock_ns() > h->deadline_ns)
            return;
    }
}

static void run_trap(struct sys_hart *h, struct sys_block *blk, unsigned trap)
{
    switch (trap) {
    case IR_TRAP_PRIVILEGED: {
        unsigned r = rv_priv_exec(&h->rv, &blk->info.sys);
        if (!(r & RV_PRIV_TRAPPED))
            h->interp.retired++;
        if (r & RV_PRIV_FLUSH_TLB)
            mmu_tlb_flush(&h->mem.tlb);
        if (r & RV_PRIV_FLUSH_PAGE)
            mmu_tlb_flush_page(&h->mem.tlb, h->rv.sfence_va);
        if (r & RV_PRIV_WFI)
            wait_for_interrupt(h);
        break;
    }
    case IR_TRAP_FETCH_FAULT:
        /* The trap's pc is the unfetchable byte (m->fault has it too);
         * the exception's is the instruction's: the block's first. */
        h->rv.cpu.ctx.pc = blk->ir.pc;
        raise_fault(h);
        break;
    case IR_TRAP_FLUSH_ICACHE:
        /* Blocks the hart loop finds are checked on entry; chained ones
         * are not (sys_t1.c). */
        if (h->t1)
            sys_t1_flush(h->t1);
        break;
    default: /* ILLEGAL, and anything a system lifter should not emit */
        rv_priv_trap(&h->rv, RV_EXC_ILLEGAL, blk->info.last_raw);
        break;
    }
}

/* The timers every TIMER_EVERY blocks (an interrupt is late by a few
 * microseconds at most), the UART's input less often (a system call). */
static void poll_devices(struct sys_hart *h)
{
    struct sys_board *b = h->board;
    if (h->blocks & (TIMER_EVERY - 1))
        return;
    dev_clint_poll(b->clint, h->id);
    rv_priv_update_timer(&h->rv);
    if ((h->blocks & (POLL_EVERY - 1)) == 0 && !b->threaded)
        sys_board_poll(b, 0); /* threaded: the I/O thread's job */
    if (b->threaded && __atomic_load_n(&b->pause_request, __ATOMIC_ACQUIRE))
        sys_board_park(b);
}

int sys_hart_run(struct sys_hart *h)
{
    struct sys_board *b = h->board;
    while (!dev_power_stopped(&b->power)) {
        h->blocks++;
        poll_devices(h);
        if ((h->blocks & (POLL_EVERY - 1)) == 0 && h->deadline_ns &&
            dev_clock_ns() > h->deadline_ns)
            return RT_STATUS_LIMIT;
        int irq = rv_priv_pending_irq(&h->rv);
        if (irq >= 0 && !(h->gdb && gdb_sys_stepping(h->gdb, h)))
            rv_priv_take_irq(&h->rv, irq);
        /* (before set_regimes: the debugger may change priv or CSRs) */
        enum gdb_sys_action debug =
            h->gdb ? gdb_sys_before_insn(h->gdb, h) : GDB_SYS_RUN;
        if (debug == GDB_SYS_KILL) {
            dev_power_off(&b->power, GDB_SYS_KILLED_STATUS);
            break;
        }
        if (debug == GDB_SYS_TIME_UP)
            return RT_STATUS_LIMIT;
        set_regimes(h);
        struct sys_block *blk = get_block(h);
        if (!blk)
            continue;
        if (debug == GDB_SYS_EXACT)
            blk = debug_block(h, blk);
        if (blk->info.uses_fp)
            rv_priv_fp_dirty(&h->rv);
        unsigned trap = 0;
        enum sys_exit e;
        /* A block not cached (longer than SYS_MAX_BLOCK_BYTES) is lifted
         * on every run: interpreted, not translated every time. */
        bool translate = blk->len && debug == GDB_SYS_RUN;
        if (!(translate && h->t2 && sys_t2_run(h, blk, &e, &trap))) {
            const void *code = translate && h->t1
                                   ? sys_t1_code(h->t1, &blk->ir, &blk->t1)
                                   : NULL;
            e = code ? sys_t1_run(h, &blk->ir, code, blk->chainable, &trap)
                     : sys_interp_run(&h->interp, &h->rv.cpu.ctx, &blk->ir,
                                      &h->mem, &trap);
        }
        h->rv.instret = h->interp.retired;
        switch (e) {
        case SYS_EXIT_NEXT: break;
        case SYS_EXIT_FAULT: raise_fault(h); break;
        case SYS_EXIT_TRAP: run_trap(h, blk, trap); break;
        }
        h->rv.instret = h->interp.retired;
    }
    return b->power.status;
}
