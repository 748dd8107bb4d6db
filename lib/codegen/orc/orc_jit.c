/*
 * orc_jit.c — LLJIT creation, helper symbols, modules under resource
 * trackers, lookup and removal.
 */
#include "orc_jit.h"

#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <llvm-c/Error.h>
#include <llvm-c/Orc.h>
#include <llvm-c/Support.h>
#include <llvm-c/Target.h>

#include "fault_map.h"
#include "ll_lift.h"
#include "opt_llvm.h"

struct orc_jit {
    LLVMOrcLLJITRef jit;
    LLVMOrcJITDylibRef jd;
    LLVMTargetMachineRef tm;      /* passes and code generation */
};

/* True when e is success; otherwise consumes it into err. */
static bool check(LLVMErrorRef e, const char *what, char *err, size_t errlen)
{
    if (!e)
        return true;
    char *msg = LLVMGetErrorMessage(e);
    snprintf(err, errlen, "%s: %s", what, msg);
    LLVMDisposeErrorMessage(msg);
    return false;
}

static LLVMTargetMachineRef host_machine(unsigned opt_level, char *err,
                                         size_t errlen)
{
    char *triple = LLVMGetDefaultTargetTriple();
    char *msg = NULL;
    LLVMTargetRef target;
    LLVMTargetMachineRef tm = NULL;
    if (LLVMGetTargetFromTriple(triple, &target, &msg)) {
        snprintf(err, errlen, "no target for %s: %s", triple, msg);
        LLVMDisposeMessage(msg);
    } else {
        char *cpu = LLVMGetHostCPUName();
        char *features = LLVMGetHostCPUFeatures();
        tm = LLVMCreateTargetMachine(target, triple, cpu, features,
                                     opt_llvm_codegen(opt_level),
                                     LLVMRelocDefault,
                                     LLVMCodeModelJITDefault);
        LLVMDisposeMessage(cpu);
        LLVMDisposeMessage(features);
        if (!tm)
            snprintf(err, errlen, "cannot create a target machine");
    }
    LLVMDisposeMessage(triple);
    return tm;
}

static bool define_helpers(struct orc_jit *j, const ir_helper_fn *helpers,
                           char *err, size_t errlen)
{
    LLVMOrcCSymbolMapPair syms[IR_NUM_HELPERS];
    for (unsigned h = 0; h < IR_NUM_HELPERS; h++) {
        char name[64];
        ll_helper_symbol((enum ir_helper)h, name, sizeof(name));
        syms[h].Name = LLVMOrcLLJITMangleAndIntern(j->jit, name);
        syms[h].Sym.Address = (LLVMOrcJITTargetAddress)(uintptr_t)helpers[h];
        syms[h].Sym.Flags.GenericFlags = LLVMJITSymbolGenericFlagsExported |
                                         LLVMJITSymbolGenericFlagsCallable;
        syms[h].Sym.Flags.TargetFlags = 0;
    }
    LLVMOrcMaterializationUnitRef mu = LLVMOrcAbsoluteSymbols(syms,
                                                              IR_NUM_HELPERS);
    LLVMErrorRef e = LLVMOrcJITDylibDefine(j->jd, mu);
    if (e)
        LLVMOrcDisposeMaterializationUnit(mu);
    return check(e, "defining the IR helpers", err, errlen);
}

/* LLVM's implicit-check pass (ImplicitNullChecks) runs only behind this
 * command-line option; parsed once per process (LLVM's options are
 * global, and this module is the only LLVM user in vm-run). */
static void enable_implicit_checks(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    const char *const argv[] = {"vm_llvm", "-enable-implicit-null-checks"};
    LLVMParseCommandLineOptions(2, argv, NULL);
}

struct orc_jit *orc_jit_create(unsigned opt_level, const ir_helper_fn *helpers,
                               char *err, size_t errlen)
{
    if (opt_level > OPT_LLVM_MAX_LEVEL) {
        snprintf(err, errlen, "opt level %u out of range 0..%d", opt_level,
                 OPT_LLVM_MAX_LEVEL);
        return NULL;
    }
    if (LLVMInitializeNativeTarget() || LLVMInitializeNativeAsmPrinter() ||
        LLVMInitializeNativeAsmParser()) { /* markers are inline asm */
        snprintf(err, errlen, "LLVM has no native target");
        return NULL;
    }
    enable_implicit_checks();
    struct orc_jit *j = calloc(1, sizeof(*j));
    if (!j) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    LLVMTargetMachineRef jit_tm = host_machine(opt_level, err, errlen);
    j->tm = jit_tm ? host_machine(opt_level, err, errlen) : NULL;
    if (!j->tm) {
        if (jit_tm)
            LLVMDisposeTargetMachine(jit_tm);
        free(j);
        return NULL;
    }
    LLVMOrcLLJITBuilderRef b = LLVMOrcCreateLLJITBuilder();
    LLVMOrcLLJITBuilderSetJITTargetMachineBuilder(
        b, LLVMOrcJITTargetMachineBuilderCreateFromTargetMachine(jit_tm));
    if (!check(LLVMOrcCreateLLJIT(&j->jit, b), "creating the LLJIT", err,
               errlen)) {
        LLVMDisposeTargetMachine(j->tm);
        free(j);
        return NULL;
    }
    j->jd = LLVMOrcLLJITGetMainJITDylib(j->jit);
    if (!define_helpers(j, helpers, err, errlen)) {
        orc_jit_destroy(j);
        return NULL;
    }
    return j;
}

void orc_jit_destroy(struct orc_jit *j)
{
    if (!j)
        return;
    LLVMErrorRef e = LLVMOrcDisposeLLJIT(j->jit);
    if (e)
        LLVMConsumeError(e); /* nothing left to report it to */
    LLVMDisposeTargetMachine(j->tm);
    free(j);
}

void orc_jit_prepare_module(const struct orc_jit *j, LLVMModuleRef m)
{
    LLVMSetTarget(m, LLVMOrcLLJITGetTripleString(j->jit));
    LLVMSetDataLayout(m, LLVMOrcLLJITGetDataLayoutStr(j->jit));
}

LLVMTargetMachineRef orc_jit_target_machine(const struct orc_jit *j)
{
    return j->tm;
}

/* Removes what a failed add left under rt; the first error is the one
 * worth reporting, so a second one is dropped. */
static void discard(LLVMOrcResourceTrackerRef rt)
{
    LLVMErrorRef e = LLVMOrcResourceTrackerRemove(rt);
    if (e)
        LLVMConsumeError(e);
    LLVMOrcReleaseResourceTracker(rt);
}

/* Section i's header, or NULL when the object is too short for it. */
static const Elf64_Shdr *obj_section(const uint8_t *o, size_t len, size_t i)
{
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)o;
    if (i >= eh->e_shnum || eh->e_shentsize != sizeof(Elf64_Shdr) ||
        eh->e_shoff > len ||
        (len - eh->e_shoff) / sizeof(Elf64_Shdr) <= i)
        return NULL;
    return (const Elf64_Shdr *)(o + eh->e_shoff) + i;
}

/* The size of function fn's code in the ELF object (0 when not found):
 * what perf and the -d out_asm log need, which ORC's lookup does not
 * give. Read from the symbol table here: the C API's LLVMGetSymbolSize
 * is only meant for common symbols. (The module's STT_FILE symbol has
 * the same name as the function.) */
static uint64_t symbol_size(LLVMMemoryBufferRef obj, const char *fn)
{
    const uint8_t *o = (const uint8_t *)LLVMGetBufferStart(obj);
    size_t len = LLVMGetBufferSize(obj);
    if (len < sizeof(Elf64_Ehdr) || memcmp(o, ELFMAG, SELFMAG) != 0 ||
        o[EI_CLASS] != ELFCLASS64)
        return 0;
    size_t fn_len = strlen(fn) + 1;
    for (size_t i = 0;; i++) {
        const Elf64_Shdr *sh = obj_section(o, len, i);
        if (!sh)
            return 0;
        const Elf64_Shdr *str = obj_section(o, len, sh->sh_link);
        if (sh->sh_type != SHT_SYMTAB || !str || sh->sh_offset > len ||
            sh->sh_size > len - sh->sh_offset || str->sh_offset > len ||
            str->sh_size > len - str->sh_offset)
            continue;
        const Elf64_Sym *sym = (const Elf64_Sym *)(o + sh->sh_offset);
        for (size_t k = 0; k < sh->sh_size / sizeof(*sym); k++)
            if (ELF64_ST_TYPE(sym[k].st_info) == STT_FUNC &&
                sym[k].st_name < str->sh_size &&
                str->sh_size - sym[k].st_name >= fn_len &&
                memcmp(o + str->sh_offset + sym[k].st_name, fn, fn_len) == 0)
                return sym[k].st_size;
    }
}

bool orc_jit_add(struct orc_jit *j, LLVMModuleRef m, const char *fn,
                 LLVMOrcResourceTrackerRef *tracker, uint64_t *addr,
                 uint64_t *size, struct ll_fault_site **sites,
                 unsigned *n_sites, struct careful_marker **markers,
                 unsigned *n_markers, char *err, size_t errlen)
{
    char *msg = NULL;
    LLVMMemoryBufferRef obj = NULL;
    if (LLVMTargetMachineEmitToMemoryBuffer(j->tm, m, LLVMObjectFile, &msg,
                                            &obj)) {
        snprintf(err, errlen, "code generation: %s", msg);
        LLVMDisposeMessage(msg);
        return false;
    }
    /* Both before ORC takes the buffer. */
    *size = symbol_size(obj, fn);
    const uint8_t *bytes = (const uint8_t *)LLVMGetBufferStart(obj);
    size_t len = LLVMGetBufferSize(obj);
    if (!fault_map_read(bytes, len, sites, n_sites) ||
        !fault_map_read_careful(bytes, len, markers, n_markers)) {
        snprintf(err, errlen, "malformed fault map in the object");
        free(*sites);
        *sites = NULL;
        *n_sites = 0;
        LLVMDisposeMemoryBuffer(obj);
        return false;
    }
    LLVMOrcResourceTrackerRef rt = LLVMOrcJITDylibCreateResourceTracker(j->jd);
    bool ok = check(LLVMOrcLLJITAddObjectFileWithRT(j->jit, rt, obj),
                    "adding the object", err, errlen);
    LLVMOrcExecutorAddress a = 0;
    if (ok)
        ok = check(LLVMOrcLLJITLookup(j->jit, &a, fn), "linking", err,
                   errlen);
    if (!ok) {
        discard(rt);
        free(*sites);
        *sites = NULL;
        *n_sites = 0;
        free(*markers);
        *markers = NULL;
        *n_markers = 0;
        return false;
    }
    *tracker = rt;
    *addr = a;
    return true;
}

bool orc_jit_remove(LLVMOrcResourceTrackerRef tracker, char *err,
                    size_t errlen)
{
    bool ok = check(LLVMOrcResourceTrackerRemove(tracker), "removing code",
                    err, errlen);
    LLVMOrcReleaseResourceTracker(tracker);
    return ok;
}
