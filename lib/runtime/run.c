/*
 * run.c — rt_run: build a guest process (arena, program, stack, CPU) and
 * run its thread to the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dispatch.h"
#include "linux_init.h"
#include "loader.h"
#include "mmu_fault.h"
#include "process.h"
#include "sysroot.h"

/* Below the stack, Linux leaves a gap before the mmap area (its minimum
 * is 128 MiB); mappings then grow downwards. */
#define MMAP_GAP (128ull << 20)
#define STACK_RESERVE (8ull << 20)

static int report(const char *prog, const char *msg, int status)
{
    fprintf(stderr, "vm-run: %s: %s\n", prog, msg);
    return status;
}

static struct ir_ctx *new_cpu(const struct rt_guest *g, const struct mmu *m)
{
    struct ir_ctx *cpu = calloc(1, g->cpu_size);
    if (!cpu)
        return NULL;
    cpu->mem_base = (uint64_t)(uintptr_t)mmu_base(m);
    cpu->mem_limit = mmu_limit(m);
    cpu->resv_addr = IR_NO_RESERVATION;
    return cpu;
}

/* Loads the dynamic linker named by PT_INTERP, found under the sysroot. */
static int load_interp(struct rt_process *proc, const char *interp,
                       struct elf_image *out)
{
    char buf[PATH_MAX], err[256];
    const char *path = rt_sysroot_path(proc->sysroot, interp, buf, sizeof(buf));
    int rc = loader_load_elf(proc->mmu, proc->guest, path, 0, out, err,
                             sizeof(err));
    if (rc == 0 && out->interp[0]) {
        snprintf(err, sizeof(err), "is not a dynamic linker");
        rc = RT_STATUS_CANNOT_EXEC;
    }
    if (rc) {
        char msg[PATH_MAX + 300];
        snprintf(msg, sizeof(msg), "cannot load interpreter %s: %s", interp,
                 err);
        return report(proc->opts->prog, msg, rc);
    }
    return 0;
}

static int run_process(struct rt_process *proc, const struct rt_options *opts)
{
    char err[256];
    struct elf_image img, interp = {0};
    uint64_t top = mmu_limit(proc->mmu);
    mmu_set_mmap_top(proc->mmu, top - STACK_RESERVE - MMAP_GAP);
    int rc = loader_load_elf(proc->mmu, proc->guest, opts->prog,
                             LOADER_DYN_BASE, &img, err, sizeof(err));
    if (rc)
        return report(opts->prog, err, rc);
    if (img.interp[0] && (rc = load_interp(proc, img.interp, &interp)))
        return rc;
    proc->entry = img.entry;
    proc->phdr = img.phdr;
    proc->phnum = img.phnum;
    proc->load_bias = img.load_bias;
    proc->interp_base = img.interp[0] ? interp.load_bias : 0;
    proc->brk_start = proc->brk_cur = img.brk;

    struct stack_info si = {
        .execfn = opts->exec_name ? opts->exec_name : opts->prog,
        .interp_base = proc->interp_base,
        .argc = opts->argc,
        .argv = opts->argv,
        .envp = opts->envp,
    };
    int64_t sp = loader_build_stack(proc, &img, &si, top);
    if (sp < 0)
        return report(opts->prog, "arguments and environment too large",
                      RT_STATUS_CANNOT_EXEC);
    linux_process_start(proc, (uint64_t)sp);

    struct ir_ctx *cpu = new_cpu(proc->guest, proc->mmu);
    if (!cpu)
        return report(opts->prog, "out of memory", RT_STATUS_USAGE);
    proc->guest->set_entry(cpu, img.interp[0] ? interp.entry : img.entry,
                           (uint64_t)sp);
    struct rt_thread thread = {
        .proc = proc,
        .cpu = cpu,
        .tid = gettid(),
    };
    int status = rt_dispatch(&thread);
    free(cpu);
    return status;
}

int rt_run(const struct rt_options *opts)
{
    int rc = mmu_fault_init();
    if (!rc)
        rc = linux_host_init();
    if (rc)
        return report(opts->prog, strerror(-rc), RT_STATUS_USAGE);
    struct rt_process proc = {
        .guest = &rt_guest_riscv64,
        .opts = opts,
    };
    proc.sysroot = opts->sysroot ? opts->sysroot
                                 : rt_default_sysroot(proc.guest->name);
    proc.mmu = mmu_create(proc.guest->address_space);
    if (!proc.mmu)
        return report(opts->prog, "cannot reserve the guest address space",
                      RT_STATUS_USAGE);
    proc.exe_path = realpath(opts->prog, NULL);
    int status = run_process(&proc, opts);
    free(proc.exe_path);
    mmu_destroy(proc.mmu);
    return status;
}
