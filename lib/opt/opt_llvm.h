/*
 * opt_llvm.h — the LLVM pass pipeline of tier 2, chosen by --opt-level.
 *
 *   0  no passes (mem2reg is not even run: correct, slow code, for tests)
 *      and the fast instruction selector;
 *   1  a short pipeline (SROA, early CSE, instcombine, simplifycfg): the
 *      guest state in SSA and the lifter's redundancy gone, at a quarter of
 *      default<O2>'s cost;
 *   2  default<O2> (the default);
 *   3  default<O3>.
 * The code generator's level follows the same number (opt_llvm_codegen).
 */
#ifndef VM_OPT_LLVM_H
#define VM_OPT_LLVM_H

#include <stdbool.h>
#include <stddef.h>

#include <llvm-c/TargetMachine.h>
#include <llvm-c/Types.h>

#define OPT_LLVM_MAX_LEVEL 3
#define OPT_LLVM_DEFAULT_LEVEL 2

/* The new-pass-manager pipeline string for level (0..3), NULL if out of
 * range. */
const char *opt_llvm_pipeline(unsigned level);

/* The code generator's optimization level for level (0..3). */
LLVMCodeGenOptLevel opt_llvm_codegen(unsigned level);

/* Runs the pipeline on m for tm (may be NULL). Returns true on success;
 * otherwise writes LLVM's message to err. */
bool opt_llvm_run(LLVMModuleRef m, LLVMTargetMachineRef tm, unsigned level,
                  char *err, size_t errlen);

#endif
