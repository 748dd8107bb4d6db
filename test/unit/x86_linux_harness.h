/*
 * x86_linux_harness.h — the fixture of the x86-64 Linux-layer tests: an
 * x86-64 guest thread on a real mmu arena (a scratch page range, a
 * read-only page, a stack), and call() to run a system call through
 * linux_syscall with x86-64's registers.
 */
#ifndef VM_TEST_X86_LINUX_HARNESS_H
#define VM_TEST_X86_LINUX_HARNESS_H

#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

#include "linux/linux_init.h"
#include "linux/linux_internal.h"
#include "mmu_fault.h"
#include "process.h"
#include "x86_64_state.h"

#define ARENA (1ull << 32)
#define RW 0x10000000ull    /* 64 KiB read-write scratch */
#define RW_SIZE 0x10000ull
#define RO 0x20000000ull    /* one read-only page */
#define STACK_TOP 0x40000000ull

static struct x86_cpu cpu;
static struct rt_process proc;
static struct rt_thread thread;

static void setup(void)
{
    memset(&cpu, 0, sizeof(cpu));
    memset(&proc, 0, sizeof(proc));
    memset(&thread, 0, sizeof(thread));
    cr_assert_eq(mmu_fault_init(), 0);
    cr_assert_eq(linux_host_init(), 0);
    proc.guest = &rt_guest_x86_64;
    proc.mmu = mmu_create(ARENA);
    cr_assert_not_null(proc.mmu);
    proc.exe_path = "/opt/guest/prog";
    cr_assert_eq(mmu_map_fixed(proc.mmu, RW, RW_SIZE, MMU_READ | MMU_WRITE,
                               ""), 0);
    cr_assert_eq(mmu_map_fixed(proc.mmu, RO, MMU_PAGE_SIZE, MMU_READ, ""), 0);
    cr_assert_eq(mmu_map_fixed(proc.mmu, STACK_TOP - 0x10000, 0x10000,
                               MMU_READ | MMU_WRITE, "[stack]"), 0);
    thread.proc = &proc;
    thread.cpu = &cpu.ctx;
    thread.tid = getpid();
    rt_process_init(&proc);
    rt_thread_attach(&proc, &thread);
    rt_set_current_thread(&thread);
    rt_guest_x86_64.set_entry(&cpu.ctx, 0x401000, STACK_TOP - 256);
}

static void teardown(void)
{
    rt_set_current_thread(NULL);
    mmu_destroy(proc.mmu);
}

static inline int64_t call(uint64_t nr, const uint64_t a[6])
{
    static const enum x86_gpr regs[6] = {X86_RDI_, X86_RSI_, X86_RDX_,
                                         X86_R10_, X86_R8_, X86_R9_};
    cpu.gpr[X86_RAX_] = nr;
    for (int i = 0; i < 6; i++)
        cpu.gpr[regs[i]] = a[i];
    linux_syscall(&thread);
    return (int64_t)cpu.gpr[X86_RAX_];
}

#define ARGS(...) ((const uint64_t[6]){__VA_ARGS__})

static inline void put_string(uint64_t addr, const char *s)
{
    cr_assert_eq(mmu_write(proc.mmu, addr, s, strlen(s) + 1), 0);
}

#endif
