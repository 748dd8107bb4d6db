/*
 * run.c — rt_run: build a guest process (arena, program, stack, CPU) and
 * run its thread to the end.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "aot.h"
#include "code_cache.h"
#include "dispatch.h"
#include "dispatch_internal.h"
#include "gdbstub.h"
#include "guest_limits.h"
#include "linux_init.h"
#include "loader.h"
#include "log_hooks.h"
#include "mmu_fault.h"
#include "process.h"
#include "profile.h"
#include "sysroot.h"
#include "tier2_runtime.h"

/* Below the stack, Linux leaves a gap before the mmap area (its minimum
 * is 128 MiB); mappings then grow downwards. */
#define MMAP_GAP (128ull << 20)
#define STACK_RESERVE (8ull << 20)
/* Linux randomizes where the stack ends below the top of user space; the
 * topmost pages are never the stack's there, and a probe of the last
 * address faults. Keep a fixed unmapped gap for the same effect. */
#define STACK_TOP_GAP (64ull << 10)

static int report(const char *prog, const char *msg, int status)
{
    fprintf(stderr, "vm-run: %s: %s\n", prog, msg);
    return status;
}

/* The lines printed as the process ends: a limit, --stats. */
static void finish_report(struct rt_process *p)
{
    rt_limits_stop(p);
    rt_limits_report(p);
    /* --stats describes the compiled tiers' work. */
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        p->stats.cpu_ns =
            (uint64_t)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000000000u +
            (uint64_t)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1000u;
    rt_tier2_process_fini(p);
    rt_aot_process_fini(p);
    rt_profile_finish(p); /* after tier 2's compile time is known */
    if (p->code)
        rt_tier1_process_fini(p);
    if (p->code || p->opts->mode == RT_MODE_LLVM)
        rt_stats_print(&p->stats, &p->region_reports, p->opts->stats, stderr);
    free(p->region_reports.r);
    p->region_reports = (struct rt_region_reports){0};
}

/* How long the other threads get to stop after the process ended (they
 * leave at their next block or blocking call; only a host call that
 * ignores signals could hold one longer). */
#define STOP_GRACE_NS 2000000000ll

/*
 * After the first thread's loop: waits until the process has ended (the
 * first thread may have left by exit() while others run on) and every
 * other thread has stopped. Returns the process's status. When a thread
 * does not stop in time, the shared state cannot be freed under it: the
 * host process ends here, after the report.
 */
static int wait_for_threads(struct rt_process *p)
{
    pthread_mutex_lock(&p->lock);
    while (!p->exited)
        pthread_cond_wait(&p->thread_left, &p->lock);
    pthread_mutex_unlock(&p->lock);
    rt_poke_threads(p, NULL);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += STOP_GRACE_NS / 1000000000ll;
    pthread_mutex_lock(&p->lock);
    int r = 0;
    while (p->nthreads > 0 && r != ETIMEDOUT)
        r = pthread_cond_timedwait(&p->thread_left, &p->lock, &until);
    bool stuck = p->nthreads > 0;
    int status = p->exit_status;
    pthread_mutex_unlock(&p->lock);
    if (stuck) {
        finish_report(p);
        fflush(NULL);
        _exit(status);
    }
    return status;
}

static int create_code_cache(struct rt_process *p)
{
    uint64_t size = p->opts->code_cache_size ? p->opts->code_cache_size
                                             : CG_CACHE_DEFAULT_SIZE;
    p->code = cg_cache_create(size);
    if (!p->code) {
        fprintf(stderr, "vm-run: cannot map a code cache of %" PRIu64
                        " bytes\n", size);
        return RT_STATUS_USAGE;
    }
    rt_tier1_process_init(p);
    return 0;
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

/* -g: the stub listening since the start, until the debugger connects. */
static struct gdbstub *gdb_listening;

static int run_process(struct rt_process *proc, const struct rt_options *opts)
{
    char err[256];
    struct elf_image img, interp = {0};
    uint64_t top = mmu_limit(proc->mmu) - STACK_TOP_GAP;
    mmu_set_mmap_top(proc->mmu, top - STACK_RESERVE - MMAP_GAP);
    int rc = loader_load_elf(proc->mmu, proc->guest, opts->prog,
                             proc->guest->dyn_base, &img, err, sizeof(err));
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

    char **argv = opts->argv;
    if (opts->argv0 && opts->argc > 0) {
        /* execve's argv[0] need not be the program's path. */
        argv = malloc((size_t)(opts->argc + 1) * sizeof(*argv));
        if (!argv)
            return report(opts->prog, "out of memory", RT_STATUS_USAGE);
        memcpy(argv, opts->argv, (size_t)(opts->argc + 1) * sizeof(*argv));
        argv[0] = (char *)opts->argv0;
    }
    struct stack_info si = {
        .execfn = opts->exec_name ? opts->exec_name : opts->prog,
        .interp_base = proc->interp_base,
        .argc = opts->argc,
        .argv = argv,
        .envp = opts->envp,
    };
    int64_t sp = loader_build_stack(proc, &img, &si, top);
    if (argv != opts->argv)
        free(argv);
    if (sp < 0)
        return report(opts->prog, "arguments and environment too large",
                      RT_STATUS_CANNOT_EXEC);
    linux_process_start(proc, (uint64_t)sp);

    struct rt_thread *leader = rt_thread_alloc(proc);
    if (!leader)
        return report(opts->prog, "out of memory", RT_STATUS_USAGE);
    proc->guest->set_entry(leader->cpu,
                           img.interp[0] ? interp.entry : img.entry,
                           (uint64_t)sp);
    leader->tid = (int)gettid();
    leader->is_leader = true;
    linux_adopt_host_signals(proc, &leader->sig_mask);
    rt_thread_attach(proc, leader);
    rt_thread_started(leader);
    if (rt_log_on(RT_LOG_page))
        rt_log_page(leader, "start");
    /* -g: the debugger connects before the limits' clock starts. */
    if (gdb_listening && gdbstub_start(gdb_listening, proc, leader))
        return RT_STATUS_USAGE;
    rc = rt_limits_start(proc);
    if (rc)
        return report(opts->prog, strerror(-rc), RT_STATUS_USAGE);
    rt_dispatch(leader);
    if (leader->leaving)
        rt_thread_finish(leader);
    else
        rt_thread_detach(proc, leader);
    rt_set_current_thread(NULL);
    int status = wait_for_threads(proc);
    rt_thread_release(leader);
    return status;
}

int rt_run(const struct rt_options *opts)
{
    int rc = mmu_fault_init();
    if (!rc)
        rc = linux_host_init();
    if (rc)
        return report(opts->prog, strerror(-rc), RT_STATUS_USAGE);
    static struct rt_process proc; /* threads may outlive a stack frame */
    proc.guest = rt_guest_for_file(opts->prog);
    proc.opts = opts;
    rt_process_init(&proc);
    proc.sysroot = opts->sysroot ? opts->sysroot
                                 : rt_default_sysroot(proc.guest);
    proc.mmu = mmu_create(proc.guest->address_space);
    if (!proc.mmu)
        return report(opts->prog, "cannot reserve the guest address space",
                      RT_STATUS_USAGE);
    if (opts->max_memory)
        mmu_set_max_mapped(proc.mmu, opts->max_memory);
    bool tier1 = opts->mode == RT_MODE_TIER1 || opts->mode == RT_MODE_TIERED;
    if (tier1 && (rc = create_code_cache(&proc)))
        return rc;
    if ((rc = rt_tier2_process_init(&proc)))
        return rc;
    rt_aot_process_init(&proc);
    proc.exe_path = realpath(opts->prog, NULL);
    int status = rt_observe_start(opts);
    if (!status && (opts->profile_fd || opts->profile_out_fd) &&
        (rc = rt_profile_start(&proc))) {
        fprintf(stderr, "vm-run: cannot start the profile: %s\n",
                strerror(-rc));
        status = RT_STATUS_USAGE;
    }
    if (!status && opts->gdb &&
        !(gdb_listening = gdbstub_listen(opts->gdb_port)))
        status = RT_STATUS_USAGE;
    if (!status)
        status = run_process(&proc, opts);
    if (proc.gdb && proc.exited)
        gdbstub_exited(proc.gdb, status);
    gdbstub_destroy(gdb_listening);
    gdb_listening = NULL;
    if (proc.nthreads == 0 && proc.exited)
        finish_report(&proc);
    if (proc.code)
        cg_cache_destroy(proc.code);
    rt_observe_stop();
    rt_profile_free();
    free(proc.exe_path);
    mmu_destroy(proc.mmu);
    rt_process_fini(&proc);
    return status;
}
