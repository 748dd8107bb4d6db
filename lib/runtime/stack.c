/*
 * stack.c — the initial guest stack, laid out as Linux's exec does:
 *
 *   top:  a zero word, then the strings: AT_EXECFN, envp, argv (so from
 *         low to high: argv, envp, execfn, zeros), AT_PLATFORM, 16 random
 *         bytes
 *         auxv pairs ... AT_NULL
 *         NULL, envp[envc-1] ... envp[0]
 *         NULL, argv[argc-1] ... argv[0]
 *   sp -> argc                                  (sp 16-byte aligned)
 */
#include <elf.h>
#include <errno.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/random.h>
#include <unistd.h>

#include "loader.h"

#define STACK_SIZE (8ull << 20) /* RLIMIT_STACK's usual 8 MiB */
#define MAX_AUXV 32

struct stack_writer {
    struct mmu *m;
    uint64_t sp;
    uint64_t floor;
};

/* Copies bytes just below sp; returns their guest address or 0. */
static uint64_t push_bytes(struct stack_writer *w, const void *p, uint64_t n)
{
    if (w->sp - w->floor < n)
        return 0;
    w->sp -= n;
    memcpy(mmu_host(w->m, w->sp), p, n);
    return w->sp;
}

static uint64_t push_string(struct stack_writer *w, const char *s)
{
    return push_bytes(w, s, strlen(s) + 1);
}

struct auxv {
    uint64_t v[MAX_AUXV * 2];
    size_t n;
};

static void aux_put(struct auxv *av, uint64_t key, uint64_t val)
{
    av->v[av->n++] = key;
    av->v[av->n++] = val;
}

static int count_strings(char **v)
{
    int n = 0;
    while (v && v[n])
        n++;
    return n;
}

int64_t loader_build_stack(struct rt_process *proc, const struct elf_image *img,
                           const struct stack_info *si, uint64_t top)
{
    struct mmu *m = proc->mmu;
    uint64_t base = top - STACK_SIZE;
    int rc = mmu_map_fixed(m, base, STACK_SIZE, MMU_READ | MMU_WRITE,
                           "[stack]");
    if (rc)
        return rc;
    struct stack_writer w = {.m = m, .sp = top, .floor = base};

    int envc = count_strings(si->envp);
    /* As Linux's exec: a zero word at the very top, execfn below it, then
     * the environment strings, then the argument strings. Programs that
     * read a little past their last environment string (glibc 2.36's
     * GLIBC_TUNABLES hwcaps parser does) then find execfn and zeros, not
     * the end of the stack. */
    static const uint64_t zero_word = 0;
    push_bytes(&w, &zero_word, sizeof(zero_word));
    uint64_t execfn = push_string(&w, si->execfn);
    uint64_t argv_at[si->argc + 1];
    uint64_t envp_at[envc + 1];
    for (int i = envc; i-- > 0;)
        envp_at[i] = push_string(&w, si->envp[i]);
    for (int i = si->argc; i-- > 0;)
        argv_at[i] = push_string(&w, si->argv[i]);
    uint64_t platform = 0;
    if (proc->guest->platform)
        platform = push_string(&w, proc->guest->platform);
    uint8_t random_bytes[16];
    if (getrandom(random_bytes, sizeof(random_bytes), 0) != 16)
        memset(random_bytes, 0x5a, sizeof(random_bytes));
    w.sp &= ~15ull;
    uint64_t at_random = push_bytes(&w, random_bytes, sizeof(random_bytes));
    if (!execfn || !at_random)
        return -E2BIG;
    for (int i = 0; i < si->argc; i++)
        if (!argv_at[i])
            return -E2BIG;
    for (int i = 0; i < envc; i++)
        if (!envp_at[i])
            return -E2BIG;

    struct auxv av = {.n = 0};
    aux_put(&av, AT_PHDR, img->phdr);
    aux_put(&av, AT_PHENT, img->phent);
    aux_put(&av, AT_PHNUM, img->phnum);
    aux_put(&av, AT_PAGESZ, MMU_PAGE_SIZE);
    aux_put(&av, AT_BASE, si->interp_base);
    aux_put(&av, AT_FLAGS, 0);
    aux_put(&av, AT_ENTRY, img->entry);
    aux_put(&av, AT_UID, getuid());
    aux_put(&av, AT_EUID, geteuid());
    aux_put(&av, AT_GID, getgid());
    aux_put(&av, AT_EGID, getegid());
    /* Set when vm-run itself runs with credentials it was given (a
     * set-user-ID guest through binfmt_misc's C flag): the guest's ld.so
     * must then ignore LD_PRELOAD and the like, as natively. */
    aux_put(&av, AT_SECURE, getauxval(AT_SECURE) ? 1 : 0);
    aux_put(&av, AT_RANDOM, at_random);
    aux_put(&av, AT_HWCAP, proc->guest->hwcap());
    if (proc->guest->has_hwcap2)
        aux_put(&av, AT_HWCAP2, 0);
    aux_put(&av, AT_CLKTCK, (uint64_t)sysconf(_SC_CLK_TCK));
    aux_put(&av, AT_EXECFN, execfn);
    if (platform)
        aux_put(&av, AT_PLATFORM, platform);
    aux_put(&av, AT_NULL, 0);

    /* Everything below is 8-byte words; keep the final sp 16-aligned. */
    uint64_t words = av.n + (uint64_t)envc + 1 + (uint64_t)si->argc + 1 + 1;
    uint64_t sp = (w.sp - words * 8) & ~15ull;
    if (sp < base)
        return -E2BIG;
    uint64_t *out = mmu_host(m, sp);
    size_t k = 0;
    out[k++] = (uint64_t)si->argc;
    for (int i = 0; i < si->argc; i++)
        out[k++] = argv_at[i];
    out[k++] = 0;
    for (int i = 0; i < envc; i++)
        out[k++] = envp_at[i];
    out[k++] = 0;
    proc->auxv_addr = sp + k * 8;
    proc->auxv_len = av.n * 8;
    memcpy(&out[k], av.v, av.n * 8);
    return (int64_t)sp;
}
