/*
 * test_tier2_service.c — the compile service (lib/runtime/tier2.h) with
 * the real vm_llvm module, loaded by dlopen as vm-run loads it (this test
 * does not link LLVM): a region compiled in the background runs like the
 * interpreter; a synchronous compile counts its wait; code is released;
 * a missing module or an empty region gives a counted fallback, never a
 * crash; a forked child compiles on a new compile thread; guest system
 * calls made while the backend loads see the descriptor numbers they
 * would see without it, and are held and accounted.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "region.h"
#include "riscv64.h"
#include "tier1_harness.h"
#include "tier2.h"

#define CODE_PC UINT64_C(0x1000)

/* The loop of test_region.c: sums and mixes 8-byte words at a0, a3 times,
 * then leaves to the ecall at 0x1024. */
static const uint32_t loop[] = {
    0x00053283, 0x005585b3, 0x0012f313, 0x00030663, 0x00564633,
    0x00161613, 0x00850513, 0xfff68693, 0xfe0690e3, 0x00000073,
};

static const uint8_t *fetch(void *arg, uint64_t pc, uint64_t *avail)
{
    (void)arg;
    if (pc < CODE_PC || pc >= CODE_PC + sizeof(loop)) {
        *avail = 0;
        return NULL;
    }
    *avail = CODE_PC + sizeof(loop) - pc;
    return (const uint8_t *)loop + (pc - CODE_PC);
}

static bool lift(void *arg, uint64_t pc, struct ir_block *b)
{
    ir_block_reset(b, pc);
    rv_lift_block(b, pc, fetch, arg);
    return ir_validate(b) == NULL;
}

static struct t2_job *loop_job(void)
{
    struct t2_job *job = calloc(1, sizeof(*job));
    const char *why = NULL;
    cr_assert(opt_region_select(CODE_PC, 16, lift, NULL, &job->region, &why));
    cr_assert_eq(job->region.n, 3);
    return job;
}

static unsigned notified;

static void on_done(void *arg)
{
    (void)arg;
    __atomic_add_fetch(&notified, 1, __ATOMIC_RELEASE);
}

static struct t2_service *service(const char *module)
{
    struct t2_service *s = t2_service_create(2, module, on_done, NULL);
    cr_assert_not_null(s);
    return s;
}

static void nap(void)
{
    struct timespec ts = {0, 1000000};
    nanosleep(&ts, NULL);
}

/* Waits (up to 60 s: the first compile loads libLLVM) for one job. */
static struct t2_job *wait_done(struct t2_service *s)
{
    for (int i = 0; i < 60000; i++) {
        struct t2_job *j = t2_take_done(s);
        if (j)
            return j;
        nap();
    }
    cr_assert_fail("the compile thread never finished the job");
    return NULL;
}

/* Runs the loop from fixed registers: compiled code or interpreter. */
static void run_loop(struct h_world *w, ll_region_fn fn, struct h_cpu *cpu)
{
    h_cpu_init(w, cpu);
    cpu->r[10] = H_DATA;
    cpu->r[11] = 3;
    cpu->r[12] = 5;
    cpu->r[13] = 40;
    cpu->ctx.pc = CODE_PC;
    uint8_t *d = h_data(w);
    for (unsigned i = 0; i < 40 * 8; i++)
        d[i] = (uint8_t)(i * 37 + 11);
    if (fn) {
        struct ll_exit x = fn(&cpu->ctx);
        cr_expect_eq(x.code, LL_EXIT_JUMP);
        return;
    }
    struct ir_block b;
    ir_block_init(&b, CODE_PC);
    while (cpu->ctx.pc != 0x1024) {
        struct interp_exit ex;
        cr_assert(lift(NULL, cpu->ctx.pc, &b));
        cr_assert_eq(interp_run(&b, &cpu->ctx, &ex), INTERP_JUMP);
    }
    ir_block_free(&b);
}

Test(tier2_service, background_compile_runs_like_the_interpreter)
{
    struct t2_service *s = service(VM_LLVM_MODULE);
    struct t2_job *job = loop_job();
    job->tag = 7;
    cr_assert(t2_submit(s, job));
    struct t2_job *done = wait_done(s);
    cr_assert_eq(done, job);
    cr_assert_null(done->next);
    cr_assert_not_null(done->code, "%s", done->err);
    cr_assert_not_null(done->fn);
    cr_expect_eq(done->tag, 7);
    cr_expect_geq(__atomic_load_n(&notified, __ATOMIC_ACQUIRE), 1);

    static struct h_world w;
    h_init(&w);
    struct h_cpu ref, got;
    run_loop(&w, NULL, &ref);
    run_loop(&w, done->fn, &got);
    cr_expect_eq(got.ctx.pc, 0x1024);
    cr_expect_eq(got.r[13], 0);
    cr_expect_eq(memcmp(got.r, ref.r, sizeof(ref.r)), 0, "registers differ");
    h_fini(&w);

    struct t2_stats st;
    t2_service_stats(s, &st);
    cr_expect_eq(st.submitted, 1);
    cr_expect_eq(st.compiled, 1);
    cr_expect_eq(st.blocks, 3);
    cr_expect_gt(st.compile_ns, 0);
    cr_expect_gt(st.load_ns, 0);
    cr_expect_eq(st.wait_ns, 0, "the guest never waited");
    for (int i = 0; i < T2_NUM_FALLBACKS; i++)
        cr_expect_eq(st.fallbacks[i], 0, "fallback %s", t2_fallback_names[i]);

    t2_release_code(s, done->code);
    for (int i = 0; i < 10000 && st.released == 0; i++) {
        nap();
        t2_service_stats(s, &st);
    }
    cr_expect_eq(st.released, 1);
    t2_job_free(done);
    t2_service_destroy(s);
}

Test(tier2_service, synchronous_compile_counts_the_wait)
{
    struct t2_service *s = service(VM_LLVM_MODULE);
    struct t2_job *job = loop_job();
    cr_assert(t2_compile_sync(s, job), "%s", job->err);
    cr_expect_not_null(job->fn);
    struct t2_stats st;
    t2_service_stats(s, &st);
    cr_expect_gt(st.wait_ns, 0);
    cr_expect_geq(st.wait_ns, st.compile_ns);
    cr_expect_null(t2_take_done(s), "a synchronous job is not listed");
    t2_release_code(s, job->code);
    t2_job_free(job);
    t2_service_destroy(s);
}

Test(tier2_service, missing_module_is_a_counted_fallback)
{
    struct t2_service *s = service("/nonexistent/vm_llvm.so");
    struct t2_job *job = loop_job();
    cr_assert(t2_submit(s, job));
    struct t2_job *done = wait_done(s);
    cr_expect_null(done->code);
    cr_expect_eq(done->why, T2_FB_unavailable);
    cr_expect(strstr(done->err, "/nonexistent/vm_llvm.so") != NULL, "%s",
              done->err);
    struct t2_stats st;
    t2_service_stats(s, &st);
    cr_expect_eq(st.fallbacks[T2_FB_unavailable], 1);
    cr_expect_eq(st.compiled, 0);
    t2_job_free(done);
    t2_service_destroy(s);
}

Test(tier2_service, empty_region_is_a_compile_fallback)
{
    struct t2_service *s = service(VM_LLVM_MODULE);
    struct t2_job *job = calloc(1, sizeof(*job));
    cr_expect(!t2_compile_sync(s, job));
    cr_expect_eq(job->why, T2_FB_compile);
    cr_expect(strlen(job->err) > 0);
    struct t2_stats st;
    t2_service_stats(s, &st);
    cr_expect_eq(st.fallbacks[T2_FB_compile], 1);
    t2_job_free(job);
    t2_service_destroy(s);
}

Test(tier2_service, forked_child_compiles_on_a_new_thread)
{
    struct t2_service *s = service(VM_LLVM_MODULE);
    struct t2_job *job = loop_job();
    cr_assert(t2_compile_sync(s, job), "%s", job->err); /* thread running */
    pid_t pid = fork();
    cr_assert_geq(pid, 0);
    if (pid == 0) {
        struct t2_job *again = loop_job();
        bool ok = t2_compile_sync(s, again) && again->fn;
        _exit(ok ? 0 : 1);
    }
    int status;
    cr_assert_eq(waitpid(pid, &status, 0), pid);
    cr_expect(WIFEXITED(status) && WEXITSTATUS(status) == 0,
              "the child could not compile (status %#x)", status);
    t2_release_code(s, job->code);
    t2_job_free(job);
    t2_service_destroy(s);
}

/*
 * The service loads the backend with dlopen on its compile thread, `loading`
 * already set. This test binary's own dlopen (it takes the place of libc's
 * for the statically linked service) can hold that load until a given
 * thread sleeps: a thread whose only blocking call is t2_syscall_enter is
 * then held there, so a system call made during the load is certain
 * rather than a matter of scheduling.
 */
static pid_t hold_for_tid;     /* 0: dlopen passes straight through */
static int load_started;

static bool thread_sleeping(pid_t tid)
{
    char path[64], buf[512];
    snprintf(path, sizeof path, "/proc/self/task/%d/stat", (int)tid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *state = strrchr(buf, ')'); /* "pid (comm) S ..." */
    return state && state[1] == ' ' && state[2] == 'S';
}

void *dlopen(const char *file, int mode)
{
    void *(*libc_dlopen)(const char *, int);
    *(void **)&libc_dlopen = dlsym(RTLD_NEXT, "dlopen");
    pid_t tid = __atomic_load_n(&hold_for_tid, __ATOMIC_ACQUIRE);
    if (tid) {
        __atomic_store_n(&load_started, 1, __ATOMIC_RELEASE);
        while (!thread_sleeping(tid))
            nap();
    }
    return libc_dlopen(file, mode);
}

/* Opens and closes a descriptor as a guest system call would, again and
 * again while the first job loads libLLVM: the number must always be the
 * lowest free one, never bumped by a file the loader holds open; the call
 * made once the load has begun is held until it ends, and its wait is
 * accounted. */
Test(tier2_service, system_calls_see_no_descriptor_of_the_loader)
{
    struct t2_service *s = service(VM_LLVM_MODULE);
    int expect = open("/dev/null", O_RDONLY);
    cr_assert_geq(expect, 0);
    close(expect);
    struct t2_job *job = loop_job();
    /* From here this thread blocks nowhere but in t2_syscall_enter (the
     * compile thread holds no lock while it loads). */
    __atomic_store_n(&hold_for_tid, gettid(), __ATOMIC_RELEASE);
    cr_assert(t2_submit(s, job));
    struct t2_job *done = NULL;
    unsigned calls = 0;
    while (!done) {
        t2_syscall_enter(s);
        int fd = open("/dev/null", O_RDONLY);
        close(fd);
        t2_syscall_leave(s);
        cr_assert_eq(fd, expect, "call %u got descriptor %d", calls, fd);
        calls++;
        done = t2_take_done(s);
    }
    cr_assert_not_null(done->code, "%s", done->err);
    struct t2_stats st;
    t2_service_stats(s, &st);
    cr_expect(__atomic_load_n(&load_started, __ATOMIC_ACQUIRE),
              "the load never started during %u calls", calls);
    cr_expect_gt(st.load_wait_ns, 0, "no call was held during %u calls",
                 calls);
    __atomic_store_n(&hold_for_tid, 0, __ATOMIC_RELEASE);
    t2_release_code(s, done->code);
    t2_job_free(done);
    t2_service_destroy(s);
}
