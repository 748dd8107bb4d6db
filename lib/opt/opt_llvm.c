/*
 * opt_llvm.c — the tier-2 pass pipeline: LLVM's standard pipelines via
 * LLVMRunPasses. The lifter leaves guest state in allocas and relies on
 * SROA/mem2reg (part of every default<On>, n >= 1) to make it SSA.
 */
#include "opt_llvm.h"

#include <stdio.h>

#include <llvm-c/Error.h>
#include <llvm-c/Transforms/PassBuilder.h>

/* Measured on random RV64GC blocks (opt_llvm.h): O1's short pipeline
 * ~0.3 ms, default<O2> ~1.2 ms; instruction selection costs ~2 ms at
 * levels 1-3 and ~0.5 ms at 0 (fast isel), whatever the IR passes. */
static const char *const pipelines[OPT_LLVM_MAX_LEVEL + 1] = {
    "default<O0>",
    "function(sroa,early-cse<memssa>,instcombine<no-verify-fixpoint>,simplifycfg)",
    "default<O2>",
    "default<O3>",
};

static const LLVMCodeGenOptLevel codegen_levels[OPT_LLVM_MAX_LEVEL + 1] = {
    LLVMCodeGenLevelNone, LLVMCodeGenLevelLess, LLVMCodeGenLevelDefault,
    LLVMCodeGenLevelAggressive,
};

const char *opt_llvm_pipeline(unsigned level)
{
    return level <= OPT_LLVM_MAX_LEVEL ? pipelines[level] : NULL;
}

LLVMCodeGenOptLevel opt_llvm_codegen(unsigned level)
{
    return codegen_levels[level <= OPT_LLVM_MAX_LEVEL ? level
                                                      : OPT_LLVM_MAX_LEVEL];
}

bool opt_llvm_run(LLVMModuleRef m, LLVMTargetMachineRef tm, unsigned level,
                  char *err, size_t errlen)
{
    const char *p = opt_llvm_pipeline(level);
    if (!p) {
        snprintf(err, errlen, "opt level %u out of range 0..%d", level,
                 OPT_LLVM_MAX_LEVEL);
        return false;
    }
    if (level == 0)
        return true;
    LLVMPassBuilderOptionsRef o = LLVMCreatePassBuilderOptions();
    LLVMErrorRef e = LLVMRunPasses(m, p, tm, o);
    LLVMDisposePassBuilderOptions(o);
    if (e) {
        char *msg = LLVMGetErrorMessage(e);
        snprintf(err, errlen, "%s: %s", p, msg);
        LLVMDisposeErrorMessage(msg);
        return false;
    }
    return true;
}
