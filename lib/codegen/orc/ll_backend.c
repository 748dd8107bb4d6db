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
#include <string.h>
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
    struct ll_fault_site *sites; /* implicit checks, from the fault map */
    unsigned n_sites;
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

/* Whether pointer p is still accessed through (a load from or a store
 * to it): its implicit check must then be folded into that access. */
static bool is_accessed(LLVMValueRef p)
{
    for (LLVMUseRef u = LLVMGetFirstUse(p); u; u = LLVMGetNextUse(u)) {
        LLVMValueRef user = LLVMGetUser(u);
        if ((LLVMIsALoadInst(user) && LLVMGetOperand(user, 0) == p) ||
            (LLVMIsAStoreInst(user) && LLVMGetOperand(user, 1) == p))
            return true;
    }
    return false;
}

/* The implicit checks (branches marked make.implicit, ll_mem.c) of the
 * optimized function: *orphaned counts those whose access LLVM deleted (a
 * load whose value was dead, a store overwritten before any read), the
 * result those whose access survived. Each survivor must appear in the
 * fault map, or a host fault on it would not resume; an orphan means a
 * guest access that no longer faults at all, so the region must be
 * compiled with explicit checks (which keep the access's careful path). */
static unsigned implicit_checks_left(LLVMValueRef fn, unsigned kind,
                                     unsigned *orphaned)
{
    unsigned n = 0;
    *orphaned = 0;
    for (LLVMBasicBlockRef bb = LLVMGetFirstBasicBlock(fn); bb;
         bb = LLVMGetNextBasicBlock(bb)) {
        LLVMValueRef br = LLVMGetBasicBlockTerminator(bb);
        if (!br || !LLVMGetMetadata(br, kind) || !LLVMIsConditional(br))
            continue;
        LLVMValueRef cmp = LLVMGetCondition(br);
        if (!LLVMIsAICmpInst(cmp))
            continue;
        LLVMValueRef p = LLVMGetOperand(cmp, 0);
        if (LLVMIsAConstantPointerNull(p))
            p = LLVMGetOperand(cmp, 1);
        if (is_accessed(p))
            n++;
        else
            ++*orphaned;
    }
    return n;
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

/* Whether some fault-map site resumes at offset off. */
static bool has_site(const struct ll_code *c, uint32_t off)
{
    for (unsigned i = 0; i < c->n_sites; i++)
        if (c->sites[i].resume_off == off)
            return true;
    return false;
}

/* Sets in unfolded[] (bits by candidate) the implicit checks whose careful
 * path no fault-map site resumes at: the code generator left their null
 * test explicit, or LLVM deleted their access. Returns their number. */
static unsigned find_unfolded(const struct ll_code *c,
                              const struct careful_marker *m, unsigned n,
                              uint8_t *unfolded, unsigned bits)
{
    unsigned count = 0;
    for (unsigned i = 0; i < n; i++) {
        bool folded = false;
        for (unsigned k = 0; k < n; k++) /* a path may have been copied */
            if (m[k].id == m[i].id && has_site(c, m[k].off))
                folded = true;
        if (!folded && m[i].id < bits &&
            !((unfolded[m[i].id / 8] >> (m[i].id % 8)) & 1)) {
            unfolded[m[i].id / 8] |= (uint8_t)(1u << (m[i].id % 8));
            count++;
        }
    }
    return count;
}

/* One attempt at r. *redo: the code was not kept because some implicit
 * checks were not folded; their bits are set in redo_ids (grown as
 * needed, *redo_bits bits) so that the next attempt keeps them explicit,
 * or, when they cannot be told apart, *redo_all. */
struct redo {
    bool again, all;
    uint8_t *ids;
    unsigned bits;
};

static struct ll_code *compile_once(struct ll_jit *j, const struct ll_region *r,
                                    struct redo *redo, char *err,
                                    size_t errlen)
{
    redo->again = false;
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
    unsigned wanted = 0, orphaned = 0;
    LLVMValueRef fn = LLVMGetNamedFunction(m, name);
    if (r->implicit_checks && fn)
        wanted = implicit_checks_left(
            fn, LLVMGetMDKindIDInContext(cx, "make.implicit", 13), &orphaned);
    struct careful_marker *markers = NULL;
    unsigned n_markers = 0;
    uint64_t t0 = now_ns(), addr = 0;
    bool ok = orc_jit_add(j->orc, m, name, &c->tracker, &addr, &c->size,
                          &c->sites, &c->n_sites, &markers, &n_markers, err,
                          errlen);
    j->st.codegen_ns += now_ns() - t0;
    LLVMDisposeModule(m);
    LLVMContextDispose(cx);
    if (ok && r->implicit_checks && (n_markers || wanted || orphaned)) {
        unsigned top = 0;
        for (unsigned i = 0; i < n_markers; i++)
            top = markers[i].id + 1 > top ? markers[i].id + 1 : top;
        if (top > redo->bits) {
            uint8_t *ids = realloc(redo->ids, (top + 7) / 8);
            if (ids) {
                memset(ids + (redo->bits + 7) / 8, 0,
                       (top + 7) / 8 - (redo->bits + 7) / 8);
                redo->ids = ids;
                redo->bits = top;
            }
        }
        bool no_memory = top > redo->bits;
        unsigned unfolded = no_memory ? 0
                                      : find_unfolded(c, markers, n_markers,
                                                      redo->ids, redo->bits);
        /* The counts must agree too: every surviving check has a site. */
        bool short_of_sites = c->n_sites < wanted;
        if (unfolded || orphaned || short_of_sites || no_memory) {
            redo->again = true;
            redo->all = no_memory || (!unfolded && (orphaned ||
                                                    short_of_sites));
            j->st.implicit_explicit += unfolded ? unfolded : orphaned + 1;
            orc_jit_remove(c->tracker, err, errlen);
            free(c->sites);
            ok = false;
        } else {
            j->st.implicit_checks += c->n_sites;
        }
    }
    free(markers);
    if (!ok) {
        free(c);
        if (!redo->again)
            j->st.failures++;
        return NULL;
    }
    c->fn = (ll_region_fn)(uintptr_t)addr;
    j->st.regions++;
    j->st.blocks += r->n;
    return c;
}

/* Compiles r; when the code generator left some implicit checks
 * explicit, again with those checks explicit, and as a last resort with
 * every check explicit (correct whatever it folds). */
static struct ll_code *compile(struct ll_jit *j, const struct ll_region *r,
                               char *err, size_t errlen)
{
    struct ll_region again = *r;
    struct redo redo = {0};
    /* At level 0 the code generator runs no implicit-check pass. */
    if (j->opt_level == 0)
        again.implicit_checks = false;
    struct ll_code *c = compile_once(j, &again, &redo, err, errlen);
    if (!c && redo.again && !redo.all) {
        again.explicit_ids = redo.ids;
        again.n_explicit_ids = redo.bits;
        c = compile_once(j, &again, &redo, err, errlen);
    }
    if (!c && redo.again) {
        again.implicit_checks = false;
        c = compile_once(j, &again, &redo, err, errlen);
    }
    free(redo.ids);
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

static const struct ll_fault_site *code_fault_sites(const struct ll_code *c,
                                                   unsigned *n)
{
    *n = c->n_sites;
    return c->sites;
}

static void code_release(struct ll_jit *j, struct ll_code *c)
{
    char err[256];
    if (!c)
        return;
    /* A failed removal leaks the code but cannot hurt the guest. */
    orc_jit_remove(c->tracker, err, sizeof(err));
    j->st.released++;
    free(c->sites);
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
    .fault_sites = code_fault_sites,
};

const struct ll_backend *ll_backend_get(void)
{
    return &backend;
}
