/*
 * profile_internal.h — what profile.c (sampling), profile_report.c
 * (merging, naming, grouping) and profile_write.c (the formats) share.
 */
#ifndef VM_RT_PROFILE_INTERNAL_H
#define VM_RT_PROFILE_INTERNAL_H

#include "profile.h"

/* One (guest pc, kind) of a thread's table and its sample count. */
struct rt_prof_entry {
    uint64_t pc;
    uint32_t count; /* 0: empty slot */
    uint8_t kind;
};

/* The sampling rate; the descriptors of the --profile FILE and the
 * --profile-out file (-1: none), hidden from the guest; whether this is
 * the process that writes them, and (once) claims the writing. */
unsigned rt_profile_hz(void);
int rt_profile_fd(bool out);
bool rt_profile_claim_report(void);

/* Calls fn for every counted entry of every thread, and thread_fn once
 * per thread with its host tid and sample total; returns the number of
 * threads sampled, and (*dropped) the samples no table had room for. */
unsigned rt_profile_each(void (*fn)(const struct rt_prof_entry *, void *),
                         void (*thread_fn)(int tid, uint64_t n, void *),
                         void *arg, uint64_t *dropped);

/* A merged (pc, kind) with its names: block "func+0xoff" (or "0x..."
 * without a symbol), function "func" (or "[unknown]") at entry (0 when
 * unknown). pc 0: not known (a vm-run bucket, a tier-2 helper). */
struct rt_prof_sample {
    uint64_t pc, entry;
    uint64_t count;
    uint8_t kind;
    char block[160];
    char func[160];
};

struct rt_prof_func {
    const char *name; /* into a sample's func */
    uint64_t entry;
    uint64_t total;
    uint64_t kinds[RT_PROF_NKINDS];
};

struct rt_prof_thread_total {
    int tid;
    uint64_t samples;
};

struct rt_prof_report {
    const struct rt_process *p;
    unsigned hz, threads;
    struct rt_prof_thread_total *per_thread; /* [threads], or NULL */
    uint64_t total, dropped;
    uint64_t kinds[RT_PROF_NKINDS];
    struct rt_prof_sample *s; /* most samples first */
    size_t n;
    struct rt_prof_func *f;   /* most samples first */
    size_t nf;
};

/* Writes the --profile FILE (its format from the options) and the
 * --profile-out file. */
void rt_profile_write(const struct rt_prof_report *r);

/* Whether kind k is one of the three tiers (not vm-run's own time). */
static inline bool rt_prof_is_tier(unsigned k)
{
    return k == RT_PROF_TIER1 || k == RT_PROF_TIER2 || k == RT_PROF_INTERP;
}

#endif
