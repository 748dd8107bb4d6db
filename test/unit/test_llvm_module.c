/*
 * test_llvm_module.c — tier 2 as the runtime will use it: this binary
 * links no LLVM (like vm-run); it dlopens the vm_llvm module, finds the
 * backend table by name, compiles a loop and runs it against the
 * interpreter. Also reports what loading libLLVM costs.
 */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

#include "ll_backend.h"
#include "tier1_harness.h"

static bool llvm_loaded(void)
{
    FILE *f = fopen("/proc/self/maps", "r");
    char line[512];
    bool found = false;
    while (f && fgets(line, sizeof(line), f))
        found |= strstr(line, "libLLVM") != NULL;
    if (f)
        fclose(f);
    return found;
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
           (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/* r1 = sum of 1..r2 by a loop on itself, then jump to 0x2000. */
static void build_loop(struct ir_block *b)
{
    ir_block_init(b, 0x1000);
    ir_insn_start(b, 0x1000, 4);
    ir_temp n = ir_get(b, H_R(2), 8);
    ir_put(b, H_R(1), 8, ir_binop(b, IR_ADD, 8, ir_get(b, H_R(1), 8), n));
    ir_temp left = ir_binop(b, IR_SUB, 8, n, ir_const(b, 1));
    ir_put(b, H_R(2), 8, left);
    ir_insn_start(b, 0x1004, 4);
    ir_exit_if(b, ir_binop(b, IR_NE, 8, left, ir_const(b, 0)), 0x1000);
    ir_exit_jump(b, 0x2000);
}

Test(llvm_module, dlopen_compile_run)
{
    cr_assert_not(llvm_loaded(), "libLLVM is loaded before dlopen");
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    void *h = dlopen(VM_LLVM_MODULE, RTLD_NOW | RTLD_LOCAL);
    cr_assert_not_null(h, "dlopen: %s", dlerror());
    double load_ms = ms_since(&t0);
    cr_expect(llvm_loaded(), "the module did not bring libLLVM");
    ll_backend_get_fn get = (ll_backend_get_fn)dlsym(h, LL_BACKEND_SYMBOL);
    cr_assert_not_null(get, "dlsym: %s", dlerror());
    const struct ll_backend *be = get();
    cr_assert_eq(be->abi, LL_BACKEND_ABI);

    char err[256] = "";
    clock_gettime(CLOCK_MONOTONIC, &t0);
    struct ll_jit *j = be->create(2, ir_helper_table, err, sizeof(err));
    cr_assert_not_null(j, "create: %s", err);
    double create_ms = ms_since(&t0);
    struct ir_block b;
    build_loop(&b);
    const struct ir_block *list[1] = {&b};
    struct ll_region r = {.blocks = list, .n = 1};
    struct ll_code *c = be->compile(j, &r, err, sizeof(err));
    cr_assert_not_null(c, "compile: %s", err);

    struct h_cpu cpu, ref;
    memset(&cpu, 0, sizeof(cpu));
    cpu.r[2] = 1000;
    ref = cpu;
    struct interp_exit ex;
    while (interp_run(&b, &ref.ctx, &ex) == INTERP_JUMP && ref.ctx.pc == 0x1000)
        ;
    struct ll_exit x = be->entry(c)(&cpu.ctx);
    cr_expect_eq(x.code, LL_EXIT_JUMP);
    cr_expect_eq(cpu.ctx.pc, 0x2000);
    cr_expect_eq(cpu.r[1], 500500);
    cr_expect_eq(memcmp(&cpu, &ref, sizeof(cpu)), 0, "state differs from "
                 "the interpreter's");
    be->release(j, c);
    be->destroy(j);
    ir_block_free(&b);
    cr_log_info("dlopen of vm_llvm (with libLLVM) %.1f ms, JIT creation "
                "%.1f ms", load_ms, create_ms);
    cr_expect_eq(dlclose(h), 0);
}
