/*
 * orc_jit.h — a thin wrapper over ORC's LLJIT (LLVM-C API): one JIT for
 * the host CPU at a chosen optimization level, the IR helpers defined as
 * absolute symbols (so modules call them by name, as AOT objects will),
 * and one resource tracker per added module so its code can be removed
 * when the runtime evicts it.
 */
#ifndef VM_ORC_JIT_H
#define VM_ORC_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <llvm-c/LLJIT.h>
#include <llvm-c/TargetMachine.h>

#include "ir.h"
#include "fault_map.h"
#include "ll_backend.h"

struct orc_jit;

/* A JIT whose code generator runs at opt level 0..3; helpers[IR_NUM_HELPERS]
 * are the functions CALL reaches. NULL with err on failure. */
struct orc_jit *orc_jit_create(unsigned opt_level, const ir_helper_fn *helpers,
                               char *err, size_t errlen);
void orc_jit_destroy(struct orc_jit *j);

/* Gives m the JIT's target triple and data layout. */
void orc_jit_prepare_module(const struct orc_jit *j, LLVMModuleRef m);

/* The host target machine (IR pass pipeline and code generation). */
LLVMTargetMachineRef orc_jit_target_machine(const struct orc_jit *j);

/*
 * Compiles m (still owned by the caller) to an object with the JIT's one
 * target machine, links it under a new resource tracker and returns the
 * address of function `fn` and its size in bytes (*size, from the
 * object's symbol table: ORC itself only gives addresses) and its
 * implicit-check sites (*sites, free() it, and *n_sites, from the
 * object's fault map) and careful-path markers (*markers, free() it,
 * *n_markers; fault_map.h). (Emitting the object ourselves instead of handing
 * ORC the IR module avoids a target machine per module: measured ~1 ms of
 * each compile.) On failure returns false with err and nothing stays in
 * the JIT.
 */
bool orc_jit_add(struct orc_jit *j, LLVMModuleRef m, const char *fn,
                 LLVMOrcResourceTrackerRef *tracker, uint64_t *addr,
                 uint64_t *size, struct ll_fault_site **sites,
                 unsigned *n_sites, struct careful_marker **markers,
                 unsigned *n_markers, char *err, size_t errlen);

/* Frees the code and data of the module added under tracker. */
bool orc_jit_remove(LLVMOrcResourceTrackerRef tracker, char *err,
                    size_t errlen);

#endif
