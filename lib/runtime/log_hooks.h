/*
 * log_hooks.h — what the dispatchers, translators and the Linux layer
 * call when a -d item, --perf-map or --jitdump is on. Each call site
 * tests the item's bit first (log.h), so none of this runs otherwise.
 */
#ifndef VM_RT_LOG_HOOKS_H
#define VM_RT_LOG_HOOKS_H

#include <stddef.h>
#include <stdint.h>

#include "log.h"

struct rt_process;
struct rt_thread;
struct rt_options;
struct ir_block;

/* Starts the logs, perf map and jitdump opts asks for: 0, or an
 * RT_STATUS_* after one "vm-run: ..." line. rt_observe_stop ends them. */
int rt_observe_start(const struct rt_options *opts);
void rt_observe_stop(void);

/* in_asm, op: block b (lifted, optimized) was translated. */
#define RT_LOG_BLOCK_ITEMS (RT_LOG_BIT(in_asm) | RT_LOG_BIT(op))
void rt_log_block(const struct rt_process *p, const struct ir_block *b);

/* Host code made for guest code at guest_pc: out_asm, the perf map,
 * jitdump, --profile's code tables. rt_code_events says whether any of them is on. */
enum rt_code_tier { RT_CODE_TIER1, RT_CODE_TIER2 };
enum {
    RT_CODE_EVENT_OUT_ASM = 1,
    RT_CODE_EVENT_PERF_MAP = 2,
    RT_CODE_EVENT_JITDUMP = 4,
    RT_CODE_EVENT_PROFILE = 8, /* --profile (profile.h) */
};
extern unsigned rt_code_events;
void rt_code_added(const struct rt_process *p, uint64_t guest_pc,
                   const void *code, size_t size, enum rt_code_tier tier);

/* The tier-1 block at entry for guest pc was just made in cache, whose
 * counters were *before before (lock held): rt_code_added with its size. */
struct cg_cache;
struct cg_cache_stats;
void rt_code_added_tier1(const struct rt_process *p, const struct cg_cache *c,
                         uint64_t pc, const void *entry,
                         const struct cg_cache_stats *before);

/* exec, cpu: the dispatcher enters guest code at t's pc. */
#define RT_LOG_EXEC_ITEMS (RT_LOG_BIT(exec) | RT_LOG_BIT(cpu))
void rt_log_exec(const struct rt_thread *t, const char *tier);

/* int: a fault or trap raised (what: "fault", "trap"), a signal delivered
 * to a handler or by its default action. */
void rt_log_signal(const struct rt_thread *t, const char *what, int sig,
                   int code, uint64_t addr);

/* page: the guest memory map, after `why` ("start", "mmap", ...). */
void rt_log_page(const struct rt_thread *t, const char *why);

#endif
