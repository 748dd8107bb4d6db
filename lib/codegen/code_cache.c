/*
 * code_cache.c — the executable region, its fixed entry/exit code, the
 * pc -> host entry map, the fault map and the jump cache.
 *
 * The region is one RWX mapping (simplest on Linux/x86-64; a dual RW/RX
 * mapping can replace it without touching callers). Absolute addresses in
 * translated code: none in the instruction stream except what the runtime
 * patches in at run time (chained rel32 jumps are relative); the arena
 * base, jump cache and helper table come through registers and the entry
 * frame.
 */
#define _GNU_SOURCE
#include "code_cache.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "code_cache_internal.h"
#include "t1_internal.h"
#include "tier1.h"


/* The entry trampoline and the shared epilogue (see t1_internal.h for the
 * frame). enter(cpu, entry, jc, helpers, hot) returns struct cg_exit in
 * rax:rdx. */
static void emit_fixed_code(struct cg_cache *c)
{
    static const enum x86_reg saved[] = {X86_RBX, X86_RBP, X86_R12,
                                         X86_R13, X86_R14, X86_R15};
    struct x86_buf b;
    x86_buf_init(&b, c->region, c->size);
    for (int i = 0; i < 6; i++)
        x86_push(&b, saved[i]);
    x86_alu_ri(&b, X86_SUB, 8, X86_RSP, T1_FRAME_SIZE);
    x86_mov_rr(&b, 8, T1_STATE, X86_RDI);
    x86_load(&b, 8, T1_BASE, x86_mem_bd(T1_STATE, IR_CTX_OFF(mem_base)));
    x86_load(&b, 8, T1_LIMIT, x86_mem_bd(T1_STATE, IR_CTX_OFF(mem_limit)));
    x86_store(&b, 8, x86_mem_bd(X86_RSP, T1_FRAME_JC), X86_RDX);
    x86_store(&b, 8, x86_mem_bd(X86_RSP, T1_FRAME_HELPERS), X86_RCX);
    x86_store(&b, 8, x86_mem_bd(X86_RSP, T1_FRAME_HOT), X86_R8);
    x86_jmp_r(&b, X86_RSI);
    size_t epilogue = x86_buf_used(&b);
    x86_alu_ri(&b, X86_ADD, 8, X86_RSP, T1_FRAME_SIZE);
    for (int i = 5; i >= 0; i--)
        x86_pop(&b, saved[i]);
    x86_ret(&b);
    c->rt.epilogue = c->region + epilogue;
    c->fixed_end = (x86_buf_used(&b) + CODE_ALIGN - 1) & ~(size_t)(CODE_ALIGN - 1);
    c->used = c->fixed_end;
    void *p = c->region;
    memcpy(&c->enter, &p, sizeof(p));
}

static void jc_clear(struct cg_jc_entry *jc)
{
    for (size_t i = 0; i < (1u << CG_JC_BITS); i++)
        jc[i] = (struct cg_jc_entry){cg_jc_empty_pc((uint32_t)i), NULL};
}

struct cg_cache *cg_cache_create(size_t size)
{
    if (size < CG_CACHE_MIN_SIZE || size > (1ull << 31)) {
        errno = EINVAL;
        return NULL;
    }
    struct cg_cache *c = calloc(1, sizeof(*c));
    if (!c)
        return NULL;
    c->self_loops = true;
    c->size = size;
    c->region = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
                     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    c->map = calloc(MAP_INITIAL, sizeof(*c->map));
    c->jc = malloc(sizeof(*c->jc) << CG_JC_BITS);
    c->hot = mmap(NULL, HOT_COUNTERS * sizeof(uint32_t), PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (c->region == MAP_FAILED || c->hot == MAP_FAILED || !c->map || !c->jc) {
        if (c->region != MAP_FAILED)
            munmap(c->region, size);
        if (c->hot != MAP_FAILED)
            munmap(c->hot, HOT_COUNTERS * sizeof(uint32_t));
        free(c->map);
        free(c->jc);
        free(c);
        errno = ENOMEM;
        return NULL;
    }
    c->map_mask = MAP_INITIAL - 1;
    jc_clear(c->jc);
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->flushed, NULL);
    emit_fixed_code(c);
    return c;
}

void cg_cache_destroy(struct cg_cache *c)
{
    if (!c)
        return;
    munmap(c->region, c->size);
    munmap(c->hot, HOT_COUNTERS * sizeof(uint32_t));
    free(c->hot_sites);
    free(c->uncounted);
    free(c->blocks);
    free(c->chains);
    t1_free_scratch();
    while (c->threads)
        cg_thread_destroy(c, c->threads);
    pthread_mutex_destroy(&c->lock);
    pthread_cond_destroy(&c->flushed);
    free(c->map);
    for (size_t i = 0; i < c->n_old_maps; i++)
        free(c->old_maps[i]);
    free(c->old_maps);
    free(c->faults);
    free(c->jc);
    free(c);
}

void cg_cache_count_insns(struct cg_cache *c, bool on)
{
    c->count_insns = on;
}

void cg_cache_self_loops(struct cg_cache *c, bool on)
{
    c->self_loops = on;
}

void cg_cache_system_mem(struct cg_cache *c, const struct ir_sys_tlb *m)
{
    c->sys_mem = m;
}

void cg_cache_tier_up(struct cg_cache *c, uint32_t threshold)
{
    c->hot_threshold = threshold;
}

struct cg_thread *cg_thread_create(struct cg_cache *c, uint32_t *poll)
{
    struct cg_thread *t = calloc(1, sizeof(*t));
    if (!t)
        return NULL;
    t->jc = malloc(sizeof(*t->jc) << CG_JC_BITS);
    if (!t->jc) {
        free(t);
        return NULL;
    }
    jc_clear(t->jc);
    t->poll = poll;
    pthread_mutex_lock(&c->lock);
    t->generation = c->generation;
    t->next = c->threads;
    c->threads = t;
    pthread_mutex_unlock(&c->lock);
    return t;
}

void cg_thread_destroy(struct cg_cache *c, struct cg_thread *t)
{
    pthread_mutex_lock(&c->lock);
    for (struct cg_thread **p = &c->threads; *p; p = &(*p)->next)
        if (*p == t) {
            *p = t->next;
            break;
        }
    pthread_mutex_unlock(&c->lock);
    free(t->jc);
    free(t);
    t1_free_scratch(); /* the calling thread's translation scratch */
}

void cg_lock(struct cg_cache *c, struct cg_thread *self)
{
    pthread_mutex_lock(&c->lock);
    while (c->flushing)
        pthread_cond_wait(&c->flushed, &c->lock);
    if (self && self->generation != c->generation) {
        jc_clear(self->jc);
        self->generation = c->generation;
    }
}

void cg_unlock(struct cg_cache *c)
{
    pthread_mutex_unlock(&c->lock);
}

struct cg_exit cg_unlock_and_run(struct cg_cache *c, struct cg_thread *self,
                                 struct ir_ctx *cpu, const void *entry)
{
    __atomic_store_n(&self->in_code, 1, __ATOMIC_SEQ_CST);
    pthread_mutex_unlock(&c->lock);
    struct cg_exit ex = c->enter(cpu, entry, self->jc, ir_helper_table, c->hot);
    cg_left_code(self);
    return ex;
}

void cg_left_code(struct cg_thread *self)
{
    __atomic_store_n(&self->in_code, 0, __ATOMIC_RELEASE);
}

void cg_thread_jump_cache_set(struct cg_thread *self, uint64_t pc,
                              const void *entry)
{
    self->jc[cg_jc_index(pc)] =
        (struct cg_jc_entry){pc, entry};
}

/* Whether a thread other than self runs translated code (lock held). */
static bool others_in_code(const struct cg_cache *c,
                           const struct cg_thread *self)
{
    for (const struct cg_thread *t = c->threads; t; t = t->next)
        if (t != self && __atomic_load_n(&t->in_code, __ATOMIC_SEQ_CST))
            return true;
    return false;
}

void cg_after_fork_child(struct cg_cache *c, struct cg_thread *self)
{
    pthread_mutex_init(&c->lock, NULL);
    pthread_cond_init(&c->flushed, NULL);
    c->flushing = false;
    struct cg_thread *t = c->threads;
    while (t) {
        struct cg_thread *next = t->next;
        if (t != self) {
            free(t->jc);
            free(t);
        }
        t = next;
    }
    c->threads = self;
    if (self)
        self->next = NULL;
}

/*
 * Lock-free lookup (a sequence lock over the map). The thread counts as
 * running code before it reads anything: a flush either sees that and
 * waits for the thread to leave the code, or has begun already, which the
 * thread then sees in c->flushing (both sides' accesses are sequentially
 * consistent). A translation invalidated after the lookup is still safe
 * to enter: its entry is diverted to an exit (code_invalidate.c).
 */
const void *cg_lookup_running(struct cg_cache *c, struct cg_thread *self,
                              uint64_t pc)
{
    __atomic_store_n(&self->in_code, 1, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&c->flushing, __ATOMIC_SEQ_CST) ||
        self->generation != __atomic_load_n(&c->generation, __ATOMIC_ACQUIRE))
        goto locked;
    uint64_t seq = __atomic_load_n(&c->map_seq, __ATOMIC_ACQUIRE);
    if (seq & 1)
        goto locked;
    const struct map_entry *map = __atomic_load_n(&c->map, __ATOMIC_RELAXED);
    uint64_t mask = __atomic_load_n(&c->map_mask, __ATOMIC_RELAXED);
    const void *entry = NULL;
    for (uint64_t i = map_slot(pc, mask), n = 0; n <= mask;
         i = (i + 1) & mask, n++) {
        const void *e = __atomic_load_n(&map[i].entry, __ATOMIC_RELAXED);
        if (!e)
            break;
        if (__atomic_load_n(&map[i].pc, __ATOMIC_RELAXED) == pc) {
            entry = e;
            break;
        }
    }
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    if (entry && __atomic_load_n(&c->map_seq, __ATOMIC_RELAXED) == seq)
        return entry;
locked:
    cg_left_code(self);
    return NULL;
}

struct cg_exit cg_run_running(struct cg_cache *c, struct cg_thread *self,
                              struct ir_ctx *cpu, const void *entry)
{
    struct cg_exit ex = c->enter(cpu, entry, self->jc, ir_helper_table, c->hot);
    cg_left_code(self);
    return ex;
}

const void *cg_lookup(const struct cg_cache *c, uint64_t pc)
{
    for (uint64_t i = map_slot(pc, c->map_mask);; i = (i + 1) & c->map_mask) {
        const struct map_entry *e = &c->map[i];
        if (!e->entry || e->pc == pc)
            return e->entry;
    }
}

/* Returns true when pc was not in the map yet. */
static bool map_place(struct map_entry *map, uint64_t mask, uint64_t pc,
                      const void *entry)
{
    uint64_t i = map_slot(pc, mask);
    while (map[i].entry && map[i].pc != pc)
        i = (i + 1) & mask;
    bool added = !map[i].entry;
    map[i] = (struct map_entry){pc, entry};
    return added;
}

/* The bigger map, built aside; the old one is kept for readers that may
 * still be looking at it (cg_lookup_running). */
static bool map_grow(struct cg_cache *c)
{
    uint64_t mask = c->map_mask * 2 + 1;
    struct map_entry *m = calloc(mask + 1, sizeof(*m));
    struct map_entry **old =
        realloc(c->old_maps, (c->n_old_maps + 1) * sizeof(*old));
    if (!m || !old) {
        free(m);
        if (old)
            c->old_maps = old;
        return false;
    }
    c->old_maps = old;
    for (uint64_t i = 0; i <= c->map_mask; i++)
        if (c->map[i].entry)
            map_place(m, mask, c->map[i].pc, c->map[i].entry);
    c->old_maps[c->n_old_maps++] = c->map;
    map_write_begin(c);
    c->map = m;
    c->map_mask = mask;
    map_write_end(c);
    return true;
}

static bool map_insert(struct cg_cache *c, uint64_t pc, const void *entry)
{
    if ((c->map_count + 1) * 2 > c->map_mask + 1 && !map_grow(c))
        return false;
    map_write_begin(c);
    if (map_place(c->map, c->map_mask, pc, entry))
        c->map_count++;
    map_write_end(c);
    return true;
}

static bool add_faults(struct cg_cache *c, const struct t1_result *r,
                       size_t base)
{
    if (c->n_faults + r->n_faults > c->cap_faults) {
        size_t cap = (c->n_faults + r->n_faults) * 2 + 256;
        struct cg_fault_entry *f = realloc(c->faults, cap * sizeof(*f));
        if (!f)
            return false;
        c->faults = f;
        c->cap_faults = cap;
    }
    for (unsigned i = 0; i < r->n_faults; i++) {
        struct cg_fault_entry e = r->faults[i];
        e.host_off += (uint32_t)base;
        c->faults[c->n_faults++] = e;
    }
    return true;
}

/* Arms the block's counters and remembers where it counts. */
static bool add_hot_sites(struct cg_cache *c, const struct t1_result *r,
                          uint8_t *dst, uint64_t pc)
{
    if (c->n_hot_sites + r->n_hot > c->cap_hot_sites) {
        size_t cap = (c->n_hot_sites + r->n_hot) * 2 + 64;
        struct hot_site *s = realloc(c->hot_sites, cap * sizeof(*s));
        if (!s)
            return false;
        c->hot_sites = s;
        c->cap_hot_sites = cap;
    }
    for (unsigned i = 0; i < r->n_hot; i++) {
        const struct t1_hot_site *h = &r->hot_sites[i];
        c->hot[c->hot_used + i] = c->hot_threshold;
        struct hot_site *s = &c->hot_sites[c->n_hot_sites++];
        *s = (struct hot_site){
            .target = h->target, .code = dst + h->host_off,
            .counter = &c->hot[c->hot_used + i], .skip = h->skip,
            .len = h->len,
            .self_loop = r->self_loop && h->target == pc,
        };
        memcpy(s->first, s->code, 2);
    }
    c->hot_used += r->n_hot;
    return true;
}

/* The counting code's first two bytes become `jmp rel8` to code + to. */
static void put_jump_over(struct hot_site *s, uint8_t to)
{
    uint16_t jmp;
    struct x86_buf b;
    x86_buf_init(&b, &jmp, sizeof(jmp));
    x86_jmp_rel8(&b, (int8_t)(to - 2));
    /* 2-byte aligned: one atomic store for a thread running it. */
    __atomic_store_n((uint16_t *)(void *)s->code, jmp, __ATOMIC_RELEASE);
}

unsigned cg_hot_stop(struct cg_cache *c, uint64_t target)
{
    unsigned n = 0;
    for (size_t i = 0; i < c->n_hot_sites; i++) {
        struct hot_site *s = &c->hot_sites[i];
        if (s->target != target || s->stopped)
            continue;
        put_jump_over(s, s->skip);
        s->stopped = true;
        n++;
    }
    c->stats.hot_sites_stopped += n;
    return n;
}

void cg_hot_never(struct cg_cache *c, uint64_t target)
{
    if (c->n_uncounted == c->cap_uncounted) {
        size_t cap = c->cap_uncounted * 2 + 16;
        uint64_t *u = realloc(c->uncounted, cap * sizeof(*u));
        if (!u)
            return; /* the loop keeps its stopped counter */
        c->uncounted = u;
        c->cap_uncounted = cap;
    }
    c->uncounted[c->n_uncounted++] = target;
    bool self_loop = false;
    for (size_t i = 0; i < c->n_hot_sites; i++) {
        struct hot_site *s = &c->hot_sites[i];
        if (s->target == target && s->self_loop && s->len != s->skip) {
            put_jump_over(s, s->len);
            s->stopped = true;
            self_loop = true;
        }
    }
    /* The loop leaves through its diverted entry to the dispatcher, which
     * translates it again, without the counter. */
    if (self_loop) {
        unsigned n = cg_invalidate(c, target, target + 1);
        c->stats.blocks_invalidated -= n; /* that stat counts code written */
        c->stats.loops_uncounted++;
    }
}

void cg_hot_leave(struct cg_cache *c, uint64_t target)
{
    for (size_t i = 0; i < c->n_hot_sites; i++) {
        struct hot_site *s = &c->hot_sites[i];
        if (s->target == target && s->stopped && s->len != s->skip)
            put_jump_over(s, s->len);
    }
}

bool cg_hot_self_loop(const struct cg_cache *c, uint64_t target)
{
    for (size_t i = 0; i < c->n_hot_sites; i++)
        if (c->hot_sites[i].target == target && c->hot_sites[i].self_loop)
            return true;
    return false;
}

void cg_hot_rearm(struct cg_cache *c, uint64_t target, uint32_t count)
{
    for (size_t i = 0; i < c->n_hot_sites; i++) {
        struct hot_site *s = &c->hot_sites[i];
        if (s->target != target)
            continue;
        __atomic_store_n(s->counter, count ? count : 1, __ATOMIC_RELAXED);
        if (!s->stopped)
            continue;
        uint16_t first;
        memcpy(&first, s->first, 2);
        __atomic_store_n((uint16_t *)(void *)s->code, first, __ATOMIC_RELEASE);
        s->stopped = false;
    }
}

static void flush(struct cg_cache *c)
{
    c->n_blocks = 0;
    c->n_chains = 0;
    c->hot_used = 0;
    c->n_hot_sites = 0;
    c->n_uncounted = 0;
    c->used = c->fixed_end;
    map_write_begin(c);
    memset(c->map, 0, (c->map_mask + 1) * sizeof(*c->map));
    map_write_end(c);
    c->map_count = 0;
    c->n_faults = 0;
    jc_clear(c->jc);
    __atomic_store_n(&c->generation, c->generation + 1, __ATOMIC_RELEASE);
    c->stats.bytes_used = 0;
}

void cg_flush(struct cg_cache *c)
{
    flush(c);
    c->stats.flushes++;
}

void cg_flush_shared(struct cg_cache *c, struct cg_thread *self,
                     bool eviction)
{
    pthread_mutex_lock(&c->lock);
    if (c->flushing) {
        /* Someone else empties it: that serves us too. */
        while (c->flushing)
            pthread_cond_wait(&c->flushed, &c->lock);
        pthread_mutex_unlock(&c->lock);
        return;
    }
    /* Sequentially consistent against cg_lookup_running's in_code store
     * and flushing load: one of the two sees the other. */
    __atomic_store_n(&c->flushing, true, __ATOMIC_SEQ_CST);
    for (struct cg_thread *t = c->threads; t; t = t->next)
        if (t != self)
            __atomic_store_n(t->poll, 1, __ATOMIC_RELEASE);
    /* Wait unlocked: a thread leaving code may need the lock to map a
     * host fault before it counts as out. */
    while (others_in_code(c, self)) {
        pthread_mutex_unlock(&c->lock);
        sched_yield();
        pthread_mutex_lock(&c->lock);
    }
    flush(c);
    if (eviction)
        c->stats.evictions++;
    else
        c->stats.flushes++;
    if (self) {
        jc_clear(self->jc);
        self->generation = c->generation;
    }
    __atomic_store_n(&c->flushing, false, __ATOMIC_RELEASE);
    pthread_cond_broadcast(&c->flushed);
    pthread_mutex_unlock(&c->lock);
}

const void *cg_translate_locked(struct cg_cache *c, const struct ir_block *b,
                                const char **why, bool *full)
{
    *full = false;
    *why = NULL;
    uint8_t *dst = c->region + c->used;
    struct t1_result r;
    struct t1_options o = {.sys_mem = c->sys_mem,
                           .count_insns = c->count_insns,
                           .self_loops = c->self_loops,
                           .budget_off = CG_BUDGET_OFF,
                           .hot_threshold = c->hot_threshold,
                           .hot_first = c->hot_used,
                           .hot_avail = HOT_COUNTERS - c->hot_used,
                           .uncounted = c->uncounted,
                           .n_uncounted = c->n_uncounted};
    if (t1_translate(b, &c->rt, &o, dst, c->size - c->used, &r)) {
        if (!map_insert(c, b->pc, dst) || !add_faults(c, &r, c->used) ||
            !add_hot_sites(c, &r, dst, b->pc) ||
            !cg_note_block(c, b->pc, b->guest_bytes, dst)) {
            *why = "out of memory";
            return NULL;
        }
        size_t n = (r.size + CODE_ALIGN - 1) & ~(size_t)(CODE_ALIGN - 1);
        c->used += n;
        c->stats.blocks++;
        c->stats.bytes_used += n;
        c->stats.bytes_total += n;
        return dst;
    }
    if (r.error)
        *why = r.error;
    else if (c->used == c->fixed_end)
        *why = "block larger than the code cache";
    else
        *full = true;
    return NULL;
}

const void *cg_translate(struct cg_cache *c, const struct ir_block *b,
                         const char **why)
{
    bool full;
    const void *e = cg_translate_locked(c, b, why, &full);
    if (!full)
        return e;
    /* Out of room: start over with an empty cache. */
    flush(c);
    c->stats.evictions++;
    return cg_translate_locked(c, b, why, &full);
}

static bool guest_pc_of(const struct cg_cache *c, uintptr_t host_pc,
                        uint64_t *guest_pc);

struct cg_exit cg_run(struct cg_cache *c, struct ir_ctx *cpu,
                      const void *entry)
{
    return c->enter(cpu, entry, c->jc, ir_helper_table, c->hot);
}

void cg_chain(struct cg_cache *c, uint64_t site, const void *target)
{
    /* Unrecorded, a chain could not be undone when its target's page is
     * written: then leave the jump exiting to the runtime. */
    if (cg_note_chain(c, (uint8_t *)(uintptr_t)site, target))
        cg_chain_untracked(c, site, target);
}

void cg_chain_untracked(struct cg_cache *c, uint64_t site,
                        const void *target)
{
    x86_set_rel32((uint8_t *)(uintptr_t)site, target);
    c->stats.chains++;
}

void cg_unchain(struct cg_cache *c, uint64_t site)
{
    (void)c;
    /* The jump's own exit stub follows its rel32 field. */
    uint8_t *field = (uint8_t *)(uintptr_t)site;
    x86_set_rel32(field, field + 4);
}

void cg_jump_cache_set(struct cg_cache *c, uint64_t pc, const void *entry)
{
    c->jc[cg_jc_index(pc)] =
        (struct cg_jc_entry){pc, entry};
}

void cg_jump_cache_forget(struct cg_cache *c, uint64_t pc)
{
    uint32_t i = cg_jc_index(pc);
    if (c->jc[i].pc == pc)
        c->jc[i] = (struct cg_jc_entry){cg_jc_empty_pc(i), NULL};
}

bool cg_guest_pc_of(const struct cg_cache *c, uintptr_t host_pc,
                    uint64_t *guest_pc)
{
    /* The fault map grows while others translate: read it locked (no
     * flush can drop it, the caller still counts as running code). */
    struct cg_cache *mc = (struct cg_cache *)c;
    pthread_mutex_lock(&mc->lock);
    bool found = guest_pc_of(c, host_pc, guest_pc);
    pthread_mutex_unlock(&mc->lock);
    return found;
}

static const struct cg_fault_entry *fault_entry(const struct cg_cache *c,
                                                uintptr_t host_pc);

bool cg_restore_state(const struct cg_cache *c, uintptr_t host_pc,
                      const uint64_t host_regs[16], struct ir_ctx *cpu)
{
    struct cg_cache *mc = (struct cg_cache *)c;
    pthread_mutex_lock(&mc->lock);
    const struct cg_fault_entry *e = fault_entry(c, host_pc);
    if (e) {
        cpu->pc = e->guest_pc;
        for (unsigned i = 0; i < e->n_live; i++)
            memcpy((uint8_t *)cpu + e->live[i].state_off,
                   &host_regs[e->live[i].host_reg], 8);
    }
    pthread_mutex_unlock(&mc->lock);
    return e != NULL;
}

static bool guest_pc_of(const struct cg_cache *c, uintptr_t host_pc,
                        uint64_t *guest_pc)
{
    const struct cg_fault_entry *e = fault_entry(c, host_pc);
    if (e)
        *guest_pc = e->guest_pc;
    return e != NULL;
}

static const struct cg_fault_entry *fault_entry(const struct cg_cache *c,
                                                uintptr_t host_pc)
{
    uintptr_t lo = (uintptr_t)c->region;
    if (host_pc < lo || host_pc >= lo + c->used)
        return NULL;
    uint32_t off = (uint32_t)(host_pc - lo);
    size_t l = 0, h = c->n_faults;
    while (l < h) {
        size_t m = (l + h) / 2;
        if (c->faults[m].host_off < off)
            l = m + 1;
        else
            h = m;
    }
    if (l == c->n_faults || c->faults[l].host_off != off)
        return NULL;
    return &c->faults[l];
}

uint64_t cg_generation(const struct cg_cache *c)
{
    return c->generation;
}

void cg_cache_stats(const struct cg_cache *c, struct cg_cache_stats *out)
{
    *out = c->stats;
}

void cg_cache_bounds(const struct cg_cache *c, const void **base, size_t *size)
{
    *base = c->region;
    *size = c->size;
}

const void *cg_cache_epilogue(const struct cg_cache *c)
{
    return c->rt.epilogue;
}
