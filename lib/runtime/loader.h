/*
 * loader.h — putting a guest program into its address space: the ELF
 * loader (libelf) and the initial stack (argv, envp, auxv).
 */
#ifndef VM_LOADER_H
#define VM_LOADER_H

#include <stddef.h>
#include <stdint.h>

#include "mmu.h"
#include "process.h"

struct elf_image {
    uint64_t entry;      /* entry point, load bias applied */
    uint64_t load_bias;  /* 0 for ET_EXEC */
    uint64_t phdr;       /* guest address of the program headers */
    uint64_t phnum, phent;
    uint64_t brk;        /* first page after the highest segment */
    char interp[256];    /* PT_INTERP path, "" when static */
};

/* Linux's ELF_ET_DYN_BASE for riscv64 (2/3 of the Sv39 user space); each
 * guest's is its rt_guest.dyn_base. */
#define LOADER_DYN_BASE 0x2aaaaaa000ull

/*
 * Loads the ELF at path into m for guest g. A position-independent file
 * (ET_DYN) goes at dyn_base, or where an mmap would put it when dyn_base is
 * 0. The PT_INTERP path, if any, is returned in img->interp, not loaded.
 * Returns 0, or an RT_STATUS_* with a one-line reason in err ("not an ELF
 * file", ...).
 */
int loader_load_elf(struct mmu *m, const struct rt_guest *g, const char *path,
                    uint64_t dyn_base, struct elf_image *img, char *err,
                    size_t errlen);

struct stack_info {
    const char *execfn;  /* AT_EXECFN string */
    uint64_t interp_base; /* AT_BASE: the dynamic linker's load bias, or 0 */
    int argc;
    char **argv;
    char **envp;
};

/*
 * Maps the stack below `top` and writes argc, argv, envp and the auxv as
 * Linux does at exec. Returns the initial sp (> 0) or -errno; records the
 * auxv's place in proc.
 */
int64_t loader_build_stack(struct rt_process *proc, const struct elf_image *img,
                           const struct stack_info *si, uint64_t top);

#endif
