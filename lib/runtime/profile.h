/*
 * profile.h — vm-run --profile: where guest threads spend their CPU time,
 * by sampling.
 *
 * Each guest thread gets a host timer on its own CPU-time clock
 * (CLOCK_THREAD_CPUTIME_ID, SIGEV_THREAD_ID) of --profile-hz periods a
 * CPU second. The kernel checks such timers at its scheduler tick (250 Hz
 * here): a signal late by several periods carries them in si_overrun, and
 * the sample counts that many. The timer raises LX_WAKE_SIG, vm-run's own
 * wake-up signal, with a cookie no guest timer carries, so the guest's
 * signals are untouched and the host handler (linux/signal_host.c) passes
 * the tick here at once. The sample (async-signal-safe: no lock, no
 * allocation) classifies the interrupted host pc: tier-1 code (a table
 * filled as blocks are made, indexed by host address), tier-2 code (the
 * tier2_faults registry), or vm-run itself, by what the thread said it is
 * doing (rt_prof_now: interpreting a block, translating, a system call, a
 * helper of translated code, the dispatcher). It counts (guest pc, kind)
 * in the thread's own preallocated hash table; the report
 * (profile_report.c, profile_write.c) merges the tables at exit. The
 * tier-2 compile thread is not sampled (it blocks every signal, so that
 * a process-directed guest timer reaches a guest thread): its CPU time,
 * converted to samples, is the "vm:compile" bucket.
 */
#ifndef VM_RT_PROFILE_H
#define VM_RT_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rt_process;
struct rt_thread;

/* What a sample was in: the three tiers, then vm-run's own buckets. */
#define RT_PROF_KINDS(X)                                                       \
    X(TIER1, "tier1")                                                          \
    X(TIER2, "tier2")                                                          \
    X(INTERP, "interp")                                                        \
    X(DISPATCH, "vm:dispatch")                                                 \
    X(TRANSLATE, "vm:translate")                                               \
    X(SYSCALL, "vm:syscall")                                                   \
    X(HELPER, "vm:helper")                                                     \
    X(COMPILE, "vm:compile")

enum rt_prof_kind {
#define X(k, name) RT_PROF_##k,
    RT_PROF_KINDS(X)
#undef X
    RT_PROF_NKINDS
};

/* The report name of kind k ("tier1", "vm:syscall"...). */
const char *rt_prof_kind_name(enum rt_prof_kind k);

/* What the calling thread is doing when not in translated code, and the
 * guest pc it is about (the interpreted block; 0: the CPU state's pc). */
struct rt_prof_now {
    uint8_t kind;
    uint64_t pc;
};
extern _Thread_local struct rt_prof_now rt_prof_now;

static inline void rt_prof_set(enum rt_prof_kind kind, uint64_t pc)
{
    rt_prof_now.kind = (uint8_t)kind;
    rt_prof_now.pc = pc;
}

/* Output formats of --profile FILE. */
enum rt_profile_format {
    RT_PROFILE_TEXT, RT_PROFILE_JSON, RT_PROFILE_FOLDED
};

#define RT_PROFILE_DEFAULT_HZ 1000
#define RT_PROFILE_MAX_HZ 10000

/* Starts profiling p (its options name the files, already open): 0 or
 * -errno. Call once the tier-1 code cache exists. */
int rt_profile_start(struct rt_process *p);

/* Samples the calling guest thread from now on / no more. */
void rt_profile_thread_start(struct rt_thread *t);
void rt_profile_thread_stop(void);

/* Host code for guest pc was made at [code, code + size). */
void rt_profile_code(uint64_t guest_pc, const void *code, size_t size,
                     bool tier2);

/* From the host signal handler: whether sival is a profiling tick, and
 * taking the sample (uc: the handler's ucontext; overrun: the periods
 * that expired since the last tick without one). Async-signal-safe. */
bool rt_profile_is_tick(const void *sival);
void rt_profile_sample(const void *uc, int overrun);

/* Writes the --profile and --profile-out files, once, in the process
 * that started profiling (not a fork's child); other threads may still
 * be sampling. */
void rt_profile_finish(struct rt_process *p);
/* Stops profiling and frees its tables (no guest thread runs any more). */
void rt_profile_free(void);

#endif
