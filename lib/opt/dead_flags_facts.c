/*
 * dead_flags_facts.c — a direct-mapped table of target facts for the
 * dead-flag pass (dead_flags_facts.h). One table per process behind a
 * mutex: translation is rare next to execution, and any thread may
 * translate. An entry is valid only while the guest bytes it was derived
 * from are unchanged, checked on every use, so nothing has to tell it
 * that code changed.
 */
#include <pthread.h>
#include <string.h>

#include "dead_flags_facts.h"

#define FACT_SLOTS 2048   /* a power of two */
#define FACT_BYTES 46     /* longer prefixes are lifted every time */

struct fact {
    const struct opt_flag_words *words; /* NULL: empty slot */
    uint64_t pc;
    uint32_t killed;
    uint8_t len;
    bool loads_unobserved;
    uint8_t bytes[FACT_BYTES];
};

static struct fact facts[FACT_SLOTS];
static pthread_mutex_t facts_lock = PTHREAD_MUTEX_INITIALIZER;

static struct fact *slot(uint64_t pc)
{
    uint64_t h = (pc ^ (pc >> 11)) * 0x9e3779b97f4a7c15ull;
    return &facts[h >> (64 - 11)];
}

/* The len bytes at pc in one piece, or NULL. */
static const uint8_t *code_at(const struct opt_successors *succ, uint64_t pc,
                              uint32_t len)
{
    uint64_t avail = 0;
    const uint8_t *p = succ->fetch(succ->fetch_arg, pc, &avail);
    return p && avail >= len ? p : NULL;
}

bool opt_facts_lookup(const struct opt_successors *succ,
                      const struct opt_flag_words *f, uint64_t pc,
                      uint32_t *killed)
{
    if (!succ->fetch)
        return false;
    bool hit = false;
    pthread_mutex_lock(&facts_lock);
    const struct fact *e = slot(pc);
    if (e->words == f && e->pc == pc &&
        e->loads_unobserved == succ->loads_unobserved) {
        const uint8_t *code = code_at(succ, pc, e->len);
        if (code && memcmp(code, e->bytes, e->len) == 0) {
            *killed = e->killed;
            hit = true;
        }
    }
    pthread_mutex_unlock(&facts_lock);
    return hit;
}

void opt_facts_store(const struct opt_successors *succ,
                     const struct opt_flag_words *f, uint64_t pc,
                     uint32_t len, uint32_t killed)
{
    if (!succ->fetch || len == 0 || len > FACT_BYTES)
        return;
    const uint8_t *code = code_at(succ, pc, len);
    if (!code)
        return;
    pthread_mutex_lock(&facts_lock);
    struct fact *e = slot(pc);
    e->words = f;
    e->pc = pc;
    e->killed = killed;
    e->len = (uint8_t)len;
    e->loads_unobserved = succ->loads_unobserved;
    memcpy(e->bytes, code, len);
    pthread_mutex_unlock(&facts_lock);
}
