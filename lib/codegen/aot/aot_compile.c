/*
 * aot_compile.c — regions to one position-independent object (see
 * aot_compile.h): every region lifted into one module, helper
 * declarations turned into small thunks through the loader-filled table,
 * the entry and range tables added as data, the whole module optimized
 * once and emitted by a generic x86-64 target machine (an image must run
 * on any x86-64 host, not only the one that built it).
 */
#include "aot_compile.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Analysis.h>
#include <llvm-c/Core.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>

#include "ll_lift.h"
#include "opt_llvm.h"

struct pending_entry {
    uint64_t pc, code_hash;
    uint32_t first_range, n_ranges;
    char name[40];
};

struct aot_build {
    LLVMContextRef cx;
    LLVMModuleRef mod;
    LLVMTargetMachineRef tm;
    unsigned opt_level;
    struct pending_entry *entries;
    unsigned n_entries, cap_entries;
    struct aot_range *ranges;
    unsigned n_ranges, cap_ranges;
};

static LLVMTargetMachineRef generic_machine(unsigned opt_level, char *err,
                                            size_t errlen)
{
    /* The parser: x86 guests' SSE is inline assembly (ll_vec.c). */
    if (LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter() ||
        LLVMInitializeNativeAsmParser()) {
        snprintf(err, errlen, "LLVM has no native target");
        return NULL;
    }
    const char *triple = "x86_64-pc-linux-gnu";
    LLVMTargetRef target;
    char *msg = NULL;
    if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
        snprintf(err, errlen, "no target for %s: %s", triple, msg);
        LLVMDisposeMessage(msg);
        return NULL;
    }
    /* PIC: the image is a shared object mapped wherever dlopen likes. */
    LLVMTargetMachineRef tm = LLVMCreateTargetMachine(
        target, triple, "x86-64", "", opt_llvm_codegen(opt_level),
        LLVMRelocPIC, LLVMCodeModelDefault);
    if (!tm)
        snprintf(err, errlen, "cannot create a target machine");
    return tm;
}

struct aot_build *aot_build_create(unsigned opt_level, char *err,
                                   size_t errlen)
{
    struct aot_build *b = calloc(1, sizeof(*b));
    if (!b) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    b->tm = generic_machine(opt_level, err, errlen);
    if (!b->tm) {
        free(b);
        return NULL;
    }
    b->opt_level = opt_level;
    b->cx = LLVMContextCreate();
    /* A fixed module name: it ends up in the object (determinism). */
    b->mod = LLVMModuleCreateWithNameInContext("vm-aot", b->cx);
    LLVMSetTarget(b->mod, "x86_64-pc-linux-gnu");
    LLVMTargetDataRef dl = LLVMCreateTargetDataLayout(b->tm);
    char *layout = LLVMCopyStringRepOfTargetData(dl);
    LLVMSetDataLayout(b->mod, layout);
    LLVMDisposeMessage(layout);
    LLVMDisposeTargetData(dl);
    return b;
}

void aot_build_destroy(struct aot_build *b)
{
    if (!b)
        return;
    LLVMDisposeModule(b->mod);
    LLVMContextDispose(b->cx);
    LLVMDisposeTargetMachine(b->tm);
    free(b->entries);
    free(b->ranges);
    free(b);
}

unsigned aot_build_entries(const struct aot_build *b)
{
    return b->n_entries;
}

unsigned aot_build_ranges(const struct aot_build *b)
{
    return b->n_ranges;
}

/* Room for one more entry and n more ranges. */
static bool reserve(struct aot_build *b, unsigned n)
{
    if (b->n_entries == b->cap_entries) {
        unsigned cap = b->cap_entries * 2 + 256;
        void *p = realloc(b->entries, cap * sizeof(*b->entries));
        if (!p)
            return false;
        b->entries = p;
        b->cap_entries = cap;
    }
    if (b->n_ranges + n > b->cap_ranges) {
        unsigned cap = (b->n_ranges + n) * 2 + 256;
        void *p = realloc(b->ranges, cap * sizeof(*b->ranges));
        if (!p)
            return false;
        b->ranges = p;
        b->cap_ranges = cap;
    }
    return true;
}

bool aot_build_add(struct aot_build *b, const struct ll_region *r,
                   const struct aot_range *ranges, unsigned n_ranges,
                   uint64_t code_hash, char *err, size_t errlen)
{
    if (!reserve(b, n_ranges)) {
        snprintf(err, errlen, "out of memory");
        return false;
    }
    struct pending_entry *e = &b->entries[b->n_entries];
    e->pc = r->blocks[0]->pc;
    snprintf(e->name, sizeof(e->name), "vm_aot_%" PRIx64, e->pc);
    struct ll_region local = *r;
    local.implicit_checks = false;
    local.iters_off = 0;
    if (!ll_lift_region(b->mod, &local, e->name, err, errlen))
        return false;
    LLVMSetLinkage(LLVMGetNamedFunction(b->mod, e->name), LLVMInternalLinkage);
    e->code_hash = code_hash;
    e->first_range = b->n_ranges;
    e->n_ranges = n_ranges;
    memcpy(&b->ranges[b->n_ranges], ranges, n_ranges * sizeof(*ranges));
    b->n_ranges += n_ranges;
    b->n_entries++;
    return true;
}

/* An exported constant global holding init. */
static LLVMValueRef add_table(struct aot_build *b, const char *name,
                              LLVMValueRef init, bool constant)
{
    LLVMValueRef g = LLVMAddGlobal(b->mod, LLVMTypeOf(init), name);
    LLVMSetInitializer(g, init);
    LLVMSetGlobalConstant(g, constant);
    LLVMSetLinkage(g, LLVMExternalLinkage);
    return g;
}

/* Each helper the regions declare becomes a thunk that calls through
 * slot h of the table the loader fills (inlined by the optimizer into
 * one indirect call). */
static void define_helper_thunks(struct aot_build *b)
{
    LLVMTypeRef ptr = LLVMPointerTypeInContext(b->cx, 0);
    LLVMTypeRef tab_ty = LLVMArrayType2(ptr, IR_NUM_HELPERS);
    LLVMValueRef tab = add_table(b, AOT_SYM_HELPERS, LLVMConstNull(tab_ty),
                                 false);
    LLVMBuilderRef bld = LLVMCreateBuilderInContext(b->cx);
    for (unsigned h = 0; h < IR_NUM_HELPERS; h++) {
        char name[64];
        ll_helper_symbol((enum ir_helper)h, name, sizeof(name));
        LLVMValueRef fn = LLVMGetNamedFunction(b->mod, name);
        if (!fn || !LLVMIsDeclaration(fn))
            continue;
        LLVMTypeRef fty = LLVMGlobalGetValueType(fn);
        LLVMSetLinkage(fn, LLVMInternalLinkage);
        LLVMPositionBuilderAtEnd(bld,
                                 LLVMAppendBasicBlockInContext(b->cx, fn, ""));
        LLVMValueRef idx[2] = {
            LLVMConstInt(LLVMInt64TypeInContext(b->cx), 0, 0),
            LLVMConstInt(LLVMInt64TypeInContext(b->cx), h, 0)};
        LLVMValueRef slot = LLVMBuildInBoundsGEP2(bld, tab_ty, tab, idx, 2, "");
        LLVMValueRef target = LLVMBuildLoad2(bld, ptr, slot, "");
        unsigned n = LLVMCountParams(fn);
        LLVMValueRef args[8];
        for (unsigned i = 0; i < n && i < 8; i++)
            args[i] = LLVMGetParam(fn, i);
        LLVMValueRef call = LLVMBuildCall2(bld, fty, target, args, n, "");
        LLVMBuildRet(bld, call);
    }
    LLVMDisposeBuilder(bld);
}

/* AOT_SYM_ENTRIES and AOT_SYM_RANGES (struct aot_entry / aot_range). */
static void define_tables(struct aot_build *b)
{
    LLVMTypeRef i32 = LLVMInt32TypeInContext(b->cx);
    LLVMTypeRef i64 = LLVMInt64TypeInContext(b->cx);
    LLVMTypeRef ptr = LLVMPointerTypeInContext(b->cx, 0);
    LLVMTypeRef ety_f[5] = {i64, ptr, i64, i32, i32};
    LLVMTypeRef ety = LLVMStructTypeInContext(b->cx, ety_f, 5, 0);
    LLVMValueRef *ev = calloc(b->n_entries + 1, sizeof(*ev));
    for (unsigned i = 0; ev && i < b->n_entries; i++) {
        const struct pending_entry *e = &b->entries[i];
        LLVMValueRef f[5] = {
            LLVMConstInt(i64, e->pc, 0),
            LLVMGetNamedFunction(b->mod, e->name),
            LLVMConstInt(i64, e->code_hash, 0),
            LLVMConstInt(i32, e->first_range, 0),
            LLVMConstInt(i32, e->n_ranges, 0)};
        ev[i] = LLVMConstNamedStruct(ety, f, 5);
    }
    add_table(b, AOT_SYM_ENTRIES, LLVMConstArray2(ety, ev, ev ? b->n_entries : 0),
              true);
    free(ev);
    LLVMTypeRef rty_f[2] = {i64, i64};
    LLVMTypeRef rty = LLVMStructTypeInContext(b->cx, rty_f, 2, 0);
    LLVMValueRef *rv = calloc(b->n_ranges + 1, sizeof(*rv));
    for (unsigned i = 0; rv && i < b->n_ranges; i++) {
        LLVMValueRef f[2] = {LLVMConstInt(i64, b->ranges[i].lo, 0),
                             LLVMConstInt(i64, b->ranges[i].hi, 0)};
        rv[i] = LLVMConstNamedStruct(rty, f, 2);
    }
    add_table(b, AOT_SYM_RANGES, LLVMConstArray2(rty, rv, rv ? b->n_ranges : 0),
              true);
    free(rv);
}

bool aot_build_emit(struct aot_build *b, void **obj, size_t *obj_len,
                    char *err, size_t errlen)
{
    define_helper_thunks(b);
    define_tables(b);
    char *msg = NULL;
    if (LLVMVerifyModule(b->mod, LLVMReturnStatusAction, &msg)) {
        snprintf(err, errlen, "invalid LLVM IR: %s", msg);
        LLVMDisposeMessage(msg);
        return false;
    }
    LLVMDisposeMessage(msg);
    if (!opt_llvm_run(b->mod, b->tm, b->opt_level, err, errlen))
        return false;
    LLVMMemoryBufferRef buf;
    if (LLVMTargetMachineEmitToMemoryBuffer(b->tm, b->mod, LLVMObjectFile,
                                            &msg, &buf)) {
        snprintf(err, errlen, "code generation failed: %s", msg);
        LLVMDisposeMessage(msg);
        return false;
    }
    *obj_len = LLVMGetBufferSize(buf);
    *obj = malloc(*obj_len ? *obj_len : 1);
    if (*obj)
        memcpy(*obj, LLVMGetBufferStart(buf), *obj_len);
    LLVMDisposeMemoryBuffer(buf);
    if (!*obj)
        snprintf(err, errlen, "out of memory");
    return *obj != NULL;
}
