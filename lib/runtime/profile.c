/*
 * profile.c — --profile's sampling (profile.h): the per-thread CPU-time
 * timers, the tier-1 host-address table, the signal-time classification
 * and the per-thread sample tables.
 */
#define _GNU_SOURCE
#include "profile_internal.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "code_cache.h"
#include "linux_init.h"
#include "linux_internal.h"
#include "log_hooks.h"
#include "process.h"
#include "tier2_faults.h"

_Thread_local struct rt_prof_now rt_prof_now;

/* A thread's table: open addressing on (pc, kind), linear probing. */
#define SLOT_BITS 14
#define SLOTS (1u << SLOT_BITS)
#define MAX_PROBE 64

struct prof_thread {
    struct prof_thread *next;
    struct ir_ctx *cpu;    /* the guest thread's state */
    int tid;
    int timer;             /* kernel timer id, when has_timer */
    bool has_timer;
    uint64_t dropped;      /* samples the table had no slot for */
    struct rt_prof_entry tab[SLOTS];
};

/* Tier-1 blocks are CODE_ALIGN (16)-aligned: one guest pc per 16 bytes
 * of the code cache tells which block a host pc is in, in O(1) from a
 * signal handler. Reserved, not committed: only pages of it that code
 * reached cost memory (half the code's size). */
#define GRANULE_SHIFT 4

static struct {
    bool on;
    pid_t pid;             /* the process that writes the report */
    bool reported;         /* the report was written (or is being) */
    unsigned hz;
    int fd, out_fd;        /* --profile FILE, --profile-out FILE, or -1 */
    uintptr_t t1_base;
    size_t t1_size;
    uint64_t *t1_pcs;      /* guest pc per granule, 0: none */
    size_t t1_map_bytes;
    pthread_mutex_t lock;  /* the thread list */
    struct prof_thread *threads;
} prof = {.lock = PTHREAD_MUTEX_INITIALIZER};

static _Thread_local struct prof_thread *self;

/* The sigev_value of our ticks: no guest timer's record lives here. */
static const char tick_cookie;

const char *rt_prof_kind_name(enum rt_prof_kind k)
{
    static const char *const names[] = {
#define X(k, name) name,
        RT_PROF_KINDS(X)
#undef X
    };
    return k < RT_PROF_NKINDS ? names[k] : "?";
}

int rt_profile_start(struct rt_process *p)
{
    const struct rt_options *o = p->opts;
    prof.hz = o->profile_hz ? o->profile_hz : RT_PROFILE_DEFAULT_HZ;
    prof.pid = getpid();
    prof.fd = prof.out_fd = -1;
    /* Kept out of the guest's sight (it may close every descriptor). */
    if (o->profile_fd > 0 && (prof.fd = linux_hide_fd(o->profile_fd)) < 0)
        return prof.fd;
    if (o->profile_out_fd > 0 &&
        (prof.out_fd = linux_hide_fd(o->profile_out_fd)) < 0)
        return prof.out_fd;
    if (p->code) {
        const void *base;
        size_t size;
        cg_cache_bounds(p->code, &base, &size);
        size_t bytes = (size >> GRANULE_SHIFT) * sizeof(uint64_t);
        void *m = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (m == MAP_FAILED)
            return -ENOMEM;
        prof.t1_pcs = m;
        prof.t1_map_bytes = bytes;
        prof.t1_base = (uintptr_t)base;
        prof.t1_size = size;
    }
    /* Every tier-2 region goes into the registry, not only those with
     * implicit-check sites, so that samples find their region. */
    t2_faults_register_all();
    rt_code_events |= RT_CODE_EVENT_PROFILE;
    prof.on = true;
    return 0;
}

void rt_profile_code(uint64_t guest_pc, const void *code, size_t size,
                     bool tier2)
{
    if (!prof.on || !size)
        return;
    uintptr_t at = (uintptr_t)code;
    if (tier2) {
        t2_faults_set_guest_pc(at, guest_pc);
        return;
    }
    if (at - prof.t1_base >= prof.t1_size ||
        at + size - prof.t1_base > prof.t1_size)
        return;
    size_t first = (at - prof.t1_base) >> GRANULE_SHIFT;
    size_t last = (at + size - 1 - prof.t1_base) >> GRANULE_SHIFT;
    /* Overwrites what a flushed or dropped block left here. */
    for (size_t i = first; i <= last; i++)
        __atomic_store_n(&prof.t1_pcs[i], guest_pc, __ATOMIC_RELAXED);
}

void rt_profile_thread_start(struct rt_thread *t)
{
    if (!prof.on || self || getpid() != prof.pid)
        return;
    struct prof_thread *pt = calloc(1, sizeof(*pt));
    if (!pt)
        return; /* this thread goes unsampled */
    pt->cpu = t->cpu;
    pt->tid = (int)gettid();
    rt_prof_set(RT_PROF_DISPATCH, 0);
    struct sigevent ev;
    memset(&ev, 0, sizeof(ev));
    ev.sigev_notify = SIGEV_THREAD_ID;
    ev.sigev_signo = LX_WAKE_SIG;
    ev.sigev_value.sival_ptr = (void *)&tick_cookie;
    ev._sigev_un._tid = (int)gettid();
    int id;
    if (syscall(SYS_timer_create, CLOCK_THREAD_CPUTIME_ID, &ev, &id) == 0) {
        long ns = 1000000000l / (long)prof.hz;
        struct itimerspec its = {{ns / 1000000000l, ns % 1000000000l},
                                 {ns / 1000000000l, ns % 1000000000l}};
        pt->timer = id;
        pt->has_timer = true;
        syscall(SYS_timer_settime, id, 0, &its, NULL);
    }
    pthread_mutex_lock(&prof.lock);
    pt->next = prof.threads;
    prof.threads = pt;
    pthread_mutex_unlock(&prof.lock);
    __atomic_store_n(&self, pt, __ATOMIC_RELEASE);
}

void rt_profile_thread_stop(void)
{
    struct prof_thread *pt = self;
    if (!pt)
        return;
    /* A tick still pending finds no table and is dropped. */
    __atomic_store_n(&self, NULL, __ATOMIC_RELEASE);
    if (pt->has_timer)
        syscall(SYS_timer_delete, pt->timer);
    pt->has_timer = false;
}

bool rt_profile_is_tick(const void *sival)
{
    return sival == &tick_cookie;
}

static void count(struct prof_thread *pt, uint64_t pc, unsigned kind,
                  uint32_t n)
{
    uint64_t h = (pc ^ ((uint64_t)kind << 56)) * 0x9e3779b97f4a7c15ull;
    uint32_t i = (uint32_t)(h >> (64 - SLOT_BITS));
    for (unsigned probe = 0; probe < MAX_PROBE; probe++) {
        struct rt_prof_entry *e = &pt->tab[i];
        if (!e->count) {
            e->pc = pc;
            e->kind = (uint8_t)kind;
            __atomic_store_n(&e->count, n, __ATOMIC_RELEASE);
            return;
        }
        if (e->pc == pc && e->kind == kind) {
            __atomic_store_n(&e->count, e->count + n, __ATOMIC_RELAXED);
            return;
        }
        i = (i + 1) & (SLOTS - 1);
    }
    pt->dropped += n;
}

/* The guest pc of the tier-1 block whose code is at host pc, or 0. */
static uint64_t t1_block_at(uintptr_t host_pc)
{
    if (host_pc - prof.t1_base >= prof.t1_size)
        return 0;
    return __atomic_load_n(
        &prof.t1_pcs[(host_pc - prof.t1_base) >> GRANULE_SHIFT],
        __ATOMIC_RELAXED);
}

/* Words of the stack searched for the return address of a helper call. */
#define HELPER_SCAN_WORDS 32

/*
 * A C helper called from translated code: the block that called it, by
 * the first word above the stack pointer that points into translated code
 * (the return address of the call; a helper's frames are few and small),
 * or 0. The words read lie in the frames of the dispatcher below which
 * translated code runs, so they are mapped.
 */
__attribute__((no_sanitize_address)) /* reads other frames' words */
static uint64_t helper_caller(const ucontext_t *uc, bool tier2)
{
    const char *sp = (const char *)uc->uc_mcontext.gregs[REG_RSP];
    for (unsigned i = 0; i < HELPER_SCAN_WORDS; i++) {
        uintptr_t w;
        memcpy(&w, sp + i * sizeof(w), sizeof(w));
        uint64_t pc = tier2 ? t2_faults_guest_pc(w) : t1_block_at(w);
        if (pc)
            return pc;
    }
    return 0;
}

void rt_profile_sample(const void *ucv, int overrun)
{
    struct prof_thread *pt = __atomic_load_n(&self, __ATOMIC_ACQUIRE);
    if (!pt)
        return;
    const ucontext_t *uc = ucv;
    uintptr_t rip = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
    uint64_t pc;
    unsigned kind;
    if (rip - prof.t1_base < prof.t1_size) {
        pc = t1_block_at(rip);
        /* No block there: the cache's entry and exit code. */
        kind = pc ? RT_PROF_TIER1 : RT_PROF_DISPATCH;
        if (!pc)
            pc = pt->cpu->pc;
    } else if ((pc = t2_faults_guest_pc(rip))) {
        kind = RT_PROF_TIER2;
    } else if (rt_cpu_prefix(pt->cpu)->in_tier2) {
        /* A helper called by tier-2 code (0: its region not found). */
        kind = RT_PROF_TIER2;
        pc = helper_caller(uc, true);
    } else {
        kind = rt_prof_now.kind;
        pc = rt_prof_now.pc;
        if (!pc && kind == RT_PROF_HELPER)
            pc = helper_caller(uc, false);
        if (!pc)
            pc = pt->cpu->pc;
    }
    count(pt, pc, kind, 1 + (overrun > 0 ? (uint32_t)overrun : 0));
}

unsigned rt_profile_each(void (*fn)(const struct rt_prof_entry *, void *),
                         void (*thread_fn)(int tid, uint64_t n, void *),
                         void *arg, uint64_t *dropped)
{
    unsigned n = 0;
    *dropped = 0;
    pthread_mutex_lock(&prof.lock);
    for (struct prof_thread *pt = prof.threads; pt; pt = pt->next) {
        n++;
        *dropped += pt->dropped;
        uint64_t total = 0;
        for (unsigned i = 0; i < SLOTS; i++) {
            struct rt_prof_entry e = pt->tab[i];
            e.count = __atomic_load_n(&pt->tab[i].count, __ATOMIC_ACQUIRE);
            total += e.count;
            if (e.count)
                fn(&e, arg);
        }
        thread_fn(pt->tid, total, arg);
    }
    pthread_mutex_unlock(&prof.lock);
    return n;
}

unsigned rt_profile_hz(void)
{
    return prof.hz;
}

int rt_profile_fd(bool out)
{
    return out ? prof.out_fd : prof.fd;
}

bool rt_profile_claim_report(void)
{
    if (!prof.on || getpid() != prof.pid)
        return false;
    return !__atomic_exchange_n(&prof.reported, true, __ATOMIC_ACQ_REL);
}

void rt_profile_free(void)
{
    rt_profile_thread_stop();
    if (!prof.on)
        return;
    prof.on = false;
    rt_code_events &= ~(unsigned)RT_CODE_EVENT_PROFILE;
    pthread_mutex_lock(&prof.lock);
    while (prof.threads) {
        struct prof_thread *pt = prof.threads;
        prof.threads = pt->next;
        free(pt);
    }
    pthread_mutex_unlock(&prof.lock);
    if (prof.t1_pcs)
        munmap(prof.t1_pcs, prof.t1_map_bytes);
    if (prof.fd >= 0)
        close(prof.fd);
    if (prof.out_fd >= 0)
        close(prof.out_fd);
    prof.fd = prof.out_fd = -1;
    prof.t1_pcs = NULL;
    prof.t1_base = 0;
    prof.t1_size = 0;
}
