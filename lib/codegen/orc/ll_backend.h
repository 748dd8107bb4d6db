/*
 * ll_backend.h — tier 2 as the runtime sees it: a small table of function
 * pointers with no LLVM type in sight, so the whole LLVM side (lifter,
 * pass pipeline, ORC) can live in a shared module the runtime dlopens on
 * its compile thread (it looks up LL_BACKEND_SYMBOL) and vm-run never
 * loads libLLVM at start-up.
 *
 * Threads: create, compile and destroy run on one thread (the compile
 * thread). entry() values may be called from any guest thread. release()
 * may run on any thread, once no guest thread can be executing that code.
 */
#ifndef VM_LL_BACKEND_H
#define VM_LL_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ir.h"
#include "ll_region.h"

struct ll_jit;  /* one JIT */
struct ll_code; /* one compiled region */

struct ll_jit_stats {
    uint64_t regions;    /* compiled successfully */
    uint64_t failures;   /* compile() returned NULL */
    uint64_t blocks;     /* IR blocks in compiled regions */
    uint64_t released;   /* regions removed */
    uint64_t lift_ns;    /* IR -> LLVM IR, verification */
    uint64_t opt_ns;     /* the pass pipeline */
    uint64_t codegen_ns; /* ORC: instruction selection to linked code */
    uint64_t cpu_ns;     /* compile thread CPU time for all of the above
                            (the wall times include waiting for a core) */
    uint64_t implicit_checks;   /* accesses left to a host fault ... */
    uint64_t implicit_explicit; /* ... and those the code generator could
                                   not fold (recompiled with explicit
                                   checks, ll_region.h) */
};

/* An access whose host fault resumes elsewhere in the same function (an
 * implicit check): offsets from the region function's entry. */
struct ll_fault_site {
    uint32_t fault_off, resume_off;
};

#define LL_BACKEND_ABI 3
#define LL_BACKEND_SYMBOL "vm_llvm_backend"

struct ll_backend {
    unsigned abi; /* LL_BACKEND_ABI */
    /* A JIT at --opt-level opt_level (0..3) whose CALLs reach helpers[]
     * (the runtime passes ir_helper_table). NULL with err on failure. */
    struct ll_jit *(*create)(unsigned opt_level, const ir_helper_fn *helpers,
                             char *err, size_t errlen);
    void (*destroy)(struct ll_jit *j);
    /* Compiles region r. NULL with err when it cannot: the region then
     * stays in tier 1, the guest is unaffected. */
    struct ll_code *(*compile)(struct ll_jit *j, const struct ll_region *r,
                               char *err, size_t errlen);
    ll_region_fn (*entry)(const struct ll_code *c);
    /* Removes the code (its resource tracker) and frees c. */
    void (*release)(struct ll_jit *j, struct ll_code *c);
    void (*stats)(const struct ll_jit *j, struct ll_jit_stats *out);
    /* Bytes of the region function's machine code (perf map, jitdump,
     * -d out_asm), from the object's symbol table; 0 when unknown. */
    uint64_t (*code_size)(const struct ll_code *c);
    /* The region's implicit-check sites (*n of them, NULL when none),
     * valid until release(). */
    const struct ll_fault_site *(*fault_sites)(const struct ll_code *c,
                                               unsigned *n);
};

typedef const struct ll_backend *(*ll_backend_get_fn)(void);

/* The backend of vm_orc, for code that links it statically; the vm_llvm
 * shared module exports it as LL_BACKEND_SYMBOL. */
const struct ll_backend *ll_backend_get(void);

#endif
