/*
 * ll_backend.c — tier 2's compile step behind ll_backend.h: lift the region
 * to LLVM IR in a fresh context, verify it (a lifter bug must give a
 * fallback, not a crash inside LLVM), run the pass pipeline, hand the
 * module to ORC under its own resource tracker and look the function up.
 */
#include "ll_backend.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>

#include "ll_lift.h"
#include "opt_llvm.h"
#include "orc_jit.h"

struct ll_jit {
    struct orc_jit *orc;
    unsigned opt_level;
    uint64_t seq; /* makes function names unique in the JITDylib */
    struct ll_jit_stats st;
};

struct ll_code {
    LLVMOrcResourceTrackerRef tracker;
    ll_region_fn fn;
    uint64_t size;
};

static uint64_t clock_ns(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t now_ns(void)
{
    return clock_ns(CLOCK_MONOTONIC);
}

static struct ll_jit *jit_create(unsigned opt_level,
                                 const ir_helper_fn *helpers, char *err,
                                 size_t errlen)
{
    struct ll_jit *j = calloc(1, sizeof(*j));
    if (!j) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    j->orc = orc_jit_create(opt_level, helpers, err, errlen);
    if (!j->orc) {
        free(j);
        return NULL;
    }
    j->opt_level = opt_level;
    return j;
}

static void jit_destroy(struct ll_jit *j)
{
    if (!j)
        return;
    orc_jit_destroy(j->orc);
    free(j);
}

/* Lifts, verifies and optimizes r into m. */
static bool build_module(struct ll_jit *j, LLVMModuleRef m,
                         const struct ll_region *r, const char *name,
                         char *err, size_t errlen)
{
    uint64_t t0 = now_ns();
    orc_jit_prepare_module(j->orc, m);
    if (!ll_lift_region(m, r, name, err, errlen))
        return false;
    char *msg = NULL;
    if (LLVMVerifyModule(m, LLVMReturnStatusAction, &msg)) {
        snprintf(err, errlen, "lifter produced invalid LLVM IR: %s", msg);
        LLVMDisposeMessage(msg);
        return false;
    }
    LLVMDisposeMessage(msg);
    uint64_t t1 = now_ns();
    j->st.lift_ns += t1 - t0;
    bool ok = opt_llvm_run(m, orc_jit_target_machine(j->orc), j->opt_level,
                           err, errlen);
    j->st.opt_ns += now_ns() - t1;
    return ok;
}

static struct ll_code *compile(struct ll_jit *j, const struct ll_region *r,
                               char *err, size_t errlen)
{
    struct ll_code *c = calloc(1, sizeof(*c));
    if (!c || r->n == 0) {
        snprintf(err, errlen, c ? "empty region" : "out of memory");
        free(c);
        j->st.failures++;
        return NULL;
    }
    char name[64];
    snprintf(name, sizeof(name), "vm_region_%" PRIx64 "_%" PRIu64,
             r->blocks[0]->pc, j->seq++);
    /* A context per region: nothing is shared between compiles, and
     * disposing it frees every type and constant the region created. */
    LLVMContextRef cx = LLVMContextCreate();
    LLVMModuleRef m = LLVMModuleCreateWithNameInContext(name, cx);
    if (!build_module(j, m, r, name, err, errlen)) {
        LLVMDisposeModule(m);
        LLVMContextDispose(cx);
        free(c);
        j->st.failures++;
        return NULL;
    }
    uint64_t t0 = now_ns(), addr = 0;
    bool ok = orc_jit_add(j->orc, m, name, &c->tracker, &addr, &c->size,
                          err, errlen);
    j->st.codegen_ns += now_ns() - t0;
    LLVMDisposeModule(m);
    LLVMContextDispose(cx);
    if (!ok) {
        free(c);
        j->st.failures++;
        return NULL;
    }
    c->fn = (ll_region_fn)(uintptr_t)addr;
    j->st.regions++;
    j->st.blocks += r->n;
    return c;
}

static struct ll_code *jit_compile(struct ll_jit *j, const struct ll_region *r,
                                   char *err, size_t errlen)
{
    uint64_t cpu0 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
    struct ll_code *c = compile(j, r, err, errlen);
    j->st.cpu_ns += clock_ns(CLOCK_THREAD_CPUTIME_ID) - cpu0;
    return c;
}

static ll_region_fn code_entry(const struct ll_code *c)
{
    return c->fn;
}

static uint64_t code_size(const struct ll_code *c)
{
    return c->size;
}

static void code_release(struct ll_jit *j, struct ll_code *c)
{
    char err[256];
    if (!c)
        return;
    /* A failed removal leaks the code but cannot hurt the guest. */
    orc_jit_remove(c->tracker, err, sizeof(err));
    j->st.released++;
    free(c);
}

static void jit_stats(const struct ll_jit *j, struct ll_jit_stats *out)
{
    *out = j->st;
}

static const struct ll_backend backend = {
    .abi = LL_BACKEND_ABI,
    .create = jit_create,
    .destroy = jit_destroy,
    .compile = jit_compile,
    .entry = code_entry,
    .release = code_release,
    .stats = jit_stats,
    .code_size = code_size,
};

const struct ll_backend *ll_backend_get(void)
{
    return &backend;
}
