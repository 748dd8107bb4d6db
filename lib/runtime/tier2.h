/*
 * tier2.h — the runtime's side of tier 2: a compile service that turns
 * selected regions (lib/opt/region.h) into host code through the LLVM
 * backend (ll_backend.h) on its own thread, loading that backend (and
 * libLLVM) only when the first region is submitted.
 *
 * The guest never waits for it in tiered mode: t2_submit queues a job and
 * returns; finished jobs are collected with t2_take_done at a dispatcher
 * visit (the service calls `notify` when one finishes, so that a thread
 * looping in translated code comes back to collect it). --mode llvm uses
 * t2_compile_sync, which waits and counts the wait.
 *
 * The backend is looked up as vm_llvm.so in ../lib/vm (installed:
 * <prefix>/bin/vm-run -> <prefix>/lib/vm/vm_llvm.so), then in ../lib (the
 * build tree: build/bin/vm-run -> build/lib/vm_llvm.so) next to the running
 * executable, or at the path given to t2_service_create. When it cannot be
 * loaded every job fails with T2_FB_UNAVAILABLE; the guest is unaffected.
 *
 * A forked child keeps the service: it notices the fork at its next call
 * and restarts the compile thread (or, when the fork came in the middle
 * of a compile, whose LLVM locks may be held for good, disables tier 2).
 */
#ifndef VM_RT_TIER2_H
#define VM_RT_TIER2_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ll_region.h"
#include "region.h"

/* Why a hot region stays in tier 1. X(name, description) */
#define T2_FALLBACKS(X)                                                        \
    X(unavailable, "LLVM backend unavailable")                                \
    X(select, "region selection failed")                                      \
    X(compile, "LLVM could not compile")                                      \
    X(install, "head block not patchable")                                    \
    X(busy, "compile queue full")

enum t2_fallback {
#define T2_FB_ENUM(name, desc) T2_FB_##name,
    T2_FALLBACKS(T2_FB_ENUM)
#undef T2_FB_ENUM
    T2_NUM_FALLBACKS
};

/* Names as --stats=json prints them, descriptions for the human report. */
extern const char *const t2_fallback_names[T2_NUM_FALLBACKS];
extern const char *const t2_fallback_descs[T2_NUM_FALLBACKS];

struct ll_code;

struct t2_job {
    struct opt_region region; /* owned */
    uint64_t tag;             /* the submitter's (code cache generation) */
    uint64_t smc_seq;         /* the submitter's (code ranges written) */
    bool tso;                 /* the guest's memory model is TSO (x86-64) */
    bool implicit_checks;     /* ll_region.implicit_checks */
    int32_t iters_off;        /* ll_region.iters_off (0: not counted) */
    const struct ir_sys_tlb *sys_tlb; /* ll_region.sys_tlb (system mode) */
    int32_t budget_off;       /* ll_region.budget_off (0: none) */
    /* Results, valid once the job is done: */
    struct ll_code *code;     /* NULL on failure */
    uint64_t compile_cpu_ns;  /* the compile thread's CPU time for it */
    ll_region_fn fn;
    uint64_t code_size;       /* bytes of fn's machine code (0: unknown) */
    enum t2_fallback why;     /* when code is NULL */
    char err[200];
    struct t2_job *next;
    bool sync, complete;      /* the service's own */
};

struct t2_stats {
    uint64_t submitted;       /* jobs accepted */
    uint64_t compiled;        /* regions LLVM compiled */
    uint64_t blocks;          /* guest blocks in them */
    uint64_t released;        /* compiled regions removed again */
    uint64_t compile_ns;      /* wall time of the compiles */
    uint64_t compile_cpu_ns;  /* compile thread CPU time of them */
    uint64_t load_ns;         /* loading the backend and creating the JIT */
    uint64_t wait_ns;         /* guest time spent waiting for compiles */
    uint64_t load_wait_ns;    /* guest time held at system calls while the
                                 backend loaded */
    uint64_t implicit_checks;   /* ll_jit_stats' */
    uint64_t implicit_explicit;
    uint64_t fallbacks[T2_NUM_FALLBACKS];
};

struct t2_service;

/* A service at --opt-level opt_level. module: the backend's path, or NULL
 * for the default place. notify(arg) runs on the compile thread when a
 * job finishes (NULL: nobody). NULL when out of memory. */
struct t2_service *t2_service_create(unsigned opt_level, const char *module,
                                     void (*notify)(void *), void *arg);
/* While the compile thread has nothing to compile, it calls tick(arg)
 * every period_ns (tick NULL: never). For work the guest threads would
 * otherwise only do when they pass through the runtime. */
void t2_service_set_tick(struct t2_service *s, uint64_t period_ns,
                         void (*tick)(void *), void *arg);

/* Stops the compile thread, releases all code still held and every job. */
void t2_service_destroy(struct t2_service *s);

/* Queues job (taking it) for the compile thread, started on first use.
 * False (job not taken, reason counted) when the queue is full or the
 * service is disabled. */
bool t2_submit(struct t2_service *s, struct t2_job *job);

/* The finished jobs (a list linked by next, oldest first), or NULL. Cheap
 * when there are none. */
struct t2_job *t2_take_done(struct t2_service *s);

/* Compiles job now, waiting for the compile thread. True with job->fn
 * set; false with job->why and job->err. */
bool t2_compile_sync(struct t2_service *s, struct t2_job *job);

/* Removes compiled code (on the compile thread, soon). The caller
 * guarantees no thread runs it or can reach it any more. */
void t2_release_code(struct t2_service *s, struct ll_code *code);

/* Frees a job's region (never its code). */
void t2_job_free(struct t2_job *job);

/*
 * Guest system calls around the backend's loading. dlopen (libLLVM and
 * its dependencies) and LLVM's set-up open host files for a moment; a
 * guest open() at the same time would get a different descriptor number
 * than under Linux or QEMU (the lowest free one was taken). So while the
 * backend loads, guest system calls wait at t2_syscall_enter (counted as
 * load_wait_ns), and the load waits (briefly, not for blocked calls) until
 * the calls under way are done. Cheap otherwise: two atomic operations.
 */
void t2_syscall_enter(struct t2_service *s);
void t2_syscall_leave(struct t2_service *s);

/* Counts a fallback decided outside the service (selection, install). */
void t2_count_fallback(struct t2_service *s, enum t2_fallback why);

void t2_service_stats(struct t2_service *s, struct t2_stats *out);

/* The path of the backend module next to the running executable (the
 * first of ../lib/vm, ../lib that has it); false when it cannot be worked
 * out. */
bool t2_default_module_path(char *out, size_t len);

struct ll_backend;
/* dlopens the backend module at path and checks its ABI; NULL with err
 * (dlerror's text or the mismatch) otherwise. */
const struct ll_backend *t2_load_backend(const char *path, char *err,
                                         size_t errlen);

#endif
