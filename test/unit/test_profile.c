/*
 * test_profile.c — --profile's sampling (lib/runtime/profile.c): a sample
 * is put down to the tier-1 block whose code holds the host pc, to the
 * tier-2 region the registry names, or to what the thread said it does
 * (a helper: to the block that called it); the tier-2 registry's guest
 * pcs.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <signal.h>
#include <string.h>
#include <ucontext.h>

#include "code_cache.h"
#include "process.h"
#include "profile_internal.h"
#include "tier2_faults.h"

static struct rt_options opts;
static struct rt_process proc;
static struct rt_thread thread;
static struct mmu *m;

static void setup(void)
{
    /* The thread's timer signal (64) must not end the test process. */
    signal(64, SIG_IGN);
    m = mmu_create(1ull << 32);
    cr_assert_not_null(m);
    proc.guest = &rt_guest_riscv64;
    proc.opts = &opts;
    proc.mmu = m;
    proc.code = cg_cache_create(CG_CACHE_MIN_SIZE);
    cr_assert_not_null(proc.code);
    thread.proc = &proc;
    thread.cpu = rt_cpu_alloc(proc.guest, m);
    cr_assert_not_null(thread.cpu);
    cr_assert_eq(rt_profile_start(&proc), 0);
    rt_profile_thread_start(&thread);
}

static void teardown(void)
{
    rt_profile_free();
    rt_cpu_free(thread.cpu);
    cg_cache_destroy(proc.code);
    mmu_destroy(m);
}

static void sample_at(uintptr_t host_pc)
{
    ucontext_t uc;
    memset(&uc, 0, sizeof(uc));
    uc.uc_mcontext.gregs[REG_RIP] = (greg_t)host_pc;
    rt_profile_sample(&uc, 0);
}

struct found {
    uint64_t pc;
    unsigned kind;
    uint64_t count; /* of entries with this pc and kind */
    uint64_t total; /* of all entries */
    uint64_t thread_total; /* the thread's, as rt_profile_each says */
};

static void thread_total(int tid, uint64_t n, void *arg)
{
    struct found *f = arg;
    cr_assert_gt(tid, 0);
    f->thread_total += n;
}

static void find(const struct rt_prof_entry *e, void *arg)
{
    struct found *f = arg;
    f->total += e->count;
    if (e->pc == f->pc && e->kind == f->kind)
        f->count += e->count;
}

static struct found count_of(uint64_t pc, unsigned kind)
{
    struct found f = {.pc = pc, .kind = kind};
    uint64_t dropped;
    cr_assert_eq(rt_profile_each(find, thread_total, &f, &dropped), 1);
    cr_assert_eq(f.thread_total, f.total);
    cr_assert_eq(dropped, 0);
    return f;
}

TestSuite(profile, .init = setup, .fini = teardown);

Test(profile, tier1_block_by_host_address)
{
    const void *base;
    size_t size;
    cg_cache_bounds(proc.code, &base, &size);
    uintptr_t a = (uintptr_t)base + 0x400, b = a + 0x60;
    rt_profile_code(0x10000, (const void *)a, 0x60, false);
    rt_profile_code(0x10020, (const void *)b, 0x30, false);
    sample_at(a);
    sample_at(a + 0x5f);
    sample_at(b + 0x2f);
    cr_assert_eq(count_of(0x10000, RT_PROF_TIER1).count, 2);
    cr_assert_eq(count_of(0x10020, RT_PROF_TIER1).count, 1);
    /* Code made over the first block (after a flush) takes its place. */
    rt_profile_code(0x20000, (const void *)a, 0x10, false);
    sample_at(a + 4);
    cr_assert_eq(count_of(0x20000, RT_PROF_TIER1).count, 1);
    /* The cache's own entry code holds no block: the dispatcher. */
    thread.cpu->pc = 0x30000;
    sample_at((uintptr_t)base);
    cr_assert_eq(count_of(0x30000, RT_PROF_DISPATCH).count, 1);
    cr_assert_eq(count_of(0, 0).total, 5);
}

Test(profile, thread_state_outside_code)
{
    thread.cpu->pc = 0x40000;
    rt_prof_set(RT_PROF_SYSCALL, 0);
    sample_at((uintptr_t)&sample_at);
    rt_prof_set(RT_PROF_INTERP, 0x50000);
    sample_at((uintptr_t)&sample_at);
    rt_profile_sample(&(ucontext_t){0}, 3); /* 1 + 3 periods */
    cr_assert_eq(count_of(0x40000, RT_PROF_SYSCALL).count, 1);
    cr_assert_eq(count_of(0x50000, RT_PROF_INTERP).count, 5);
    /* A thread no longer sampled counts nothing. */
    rt_profile_thread_stop();
    sample_at((uintptr_t)&sample_at);
    cr_assert_eq(count_of(0, 0).total, 6);
}

Test(profile, helper_by_return_address)
{
    const void *base;
    size_t size;
    cg_cache_bounds(proc.code, &base, &size);
    uintptr_t block = (uintptr_t)base + 0x800;
    rt_profile_code(0x70000, (const void *)block, 0x40, false);
    /* A helper's stack: its own words, then the call's return address. */
    uintptr_t stack[40] = {1, 2, (uintptr_t)&stack, block + 0x13};
    ucontext_t uc;
    memset(&uc, 0, sizeof(uc));
    uc.uc_mcontext.gregs[REG_RIP] = (greg_t)(uintptr_t)&sample_at;
    uc.uc_mcontext.gregs[REG_RSP] = (greg_t)(uintptr_t)stack;
    thread.cpu->pc = 0x80000;
    rt_prof_set(RT_PROF_HELPER, 0);
    rt_profile_sample(&uc, 0);
    cr_assert_eq(count_of(0x70000, RT_PROF_HELPER).count, 1);
    /* No return address into translated code: the dispatcher's pc. */
    stack[3] = 4;
    rt_profile_sample(&uc, 0);
    cr_assert_eq(count_of(0x80000, RT_PROF_HELPER).count, 1);
}

Test(profile, tier2_region_by_registry)
{
    static uint8_t code[256];
    uintptr_t entry = (uintptr_t)code;
    cr_assert(t2_faults_add(entry, sizeof(code), NULL, 0));
    cr_assert_eq(t2_faults_guest_pc(entry + 8), 0); /* not named yet */
    rt_profile_code(0x60000, code, sizeof(code), true);
    cr_assert_eq(t2_faults_guest_pc(entry + 8), 0x60000);
    cr_assert_eq(t2_faults_guest_pc(entry + sizeof(code)), 0);
    sample_at(entry + 100);
    cr_assert_eq(count_of(0x60000, RT_PROF_TIER2).count, 1);
    t2_faults_remove(entry);
    cr_assert_eq(t2_faults_guest_pc(entry + 8), 0);
    /* The record reused for other code starts unnamed. */
    cr_assert(t2_faults_add(entry, 16, NULL, 0));
    cr_assert_eq(t2_faults_guest_pc(entry), 0);
    t2_faults_remove(entry);
    t2_faults_free();
}
