/*
 * vm-aot — ahead-of-time compiler for guest ELF programs: loads the
 * program into a guest address space as vm-run would, finds its code
 * (lib/opt/aot_select.h), compiles it region by region with the tier-2
 * lifter and the full pass pipeline (lib/codegen/aot/aot_compile.h) and
 * writes one image file (lib/codegen/aot/README.md) for vm-run --aot.
 *
 * This slice: statically linked ET_EXEC programs (load bias 0). Exit
 * status: 0, 125 bad usage, 126 a program it cannot compile (dynamic,
 * position-independent, not an ELF), 127 missing, 1 compile or write
 * failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aot_compile.h"
#include "aot_select.h"
#include "dispatch_internal.h"
#include "elf_funcs.h"
#include "loader.h"
#include "opt_llvm.h"

#define AOT_MAX_BLOCKS 400000u   /* blocks discovered at most */
#define AOT_REGION_BLOCKS 64u    /* blocks per region at most */

static const char usage[] =
    "usage: vm-aot GUEST-ELF -o IMAGE [--opt-level N] [-L SYSROOT]\n"
    "Compiles a statically linked guest program ahead of time into a\n"
    "native image that `vm-run --aot IMAGE GUEST-ELF` uses.\n"
    "  -o IMAGE        the image file to write\n"
    "  --opt-level N   LLVM pipeline 0..3 (default 2, as tier 2)\n"
    "  -L SYSROOT      guest root for libraries (dynamic programs: later)\n"
    "  --entry-only    discover code from the entry point only, not from\n"
    "                  every function symbol (code reached only through\n"
    "                  pointers then runs in tier 1)\n";

struct args {
    const char *prog, *out;
    unsigned opt_level;
    bool entry_only;
};

static int fail(int status, const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "vm-aot: ");
    fprintf(stderr, fmt, a, b);
    fputc('\n', stderr);
    return status;
}

/* 0 to go on, or an exit status (-1: exit 0 after --help/--version). */
static int parse_args(int argc, char **argv, struct args *a)
{
    *a = (struct args){.opt_level = OPT_LLVM_DEFAULT_LEVEL};
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) {
            fputs(usage, stdout);
            return -1;
        } else if (!strcmp(s, "--entry-only")) {
            a->entry_only = true;
        } else if (!strcmp(s, "--version")) {
            printf("vm-aot %s\n", VM_VERSION);
            return -1;
        } else if (!strcmp(s, "-o") || !strcmp(s, "-L") ||
                   !strcmp(s, "--opt-level")) {
            if (!v)
                return fail(125, "%s needs a value%s", s, "");
            if (!strcmp(s, "-o"))
                a->out = v;
            else if (!strcmp(s, "--opt-level")) {
                if (strlen(v) != 1 || v[0] < '0' || v[0] > '3')
                    return fail(125, "bad value '%s' for %s", v, s);
                a->opt_level = (unsigned)(v[0] - '0');
            }
            i++;
        } else if (s[0] == '-') {
            return fail(125, "unknown option '%s'%s", s, "");
        } else if (a->prog) {
            return fail(125, "one program at a time ('%s', '%s')", a->prog, s);
        } else {
            a->prog = s;
        }
    }
    if (!a->prog || !a->out) {
        fputs(usage, stderr);
        return 125;
    }
    return 0;
}

struct lift_ctx {
    const struct rt_guest *guest;
    struct mmu *mmu;
};

static bool lift_one(void *arg, uint64_t pc, struct ir_block *b)
{
    struct lift_ctx *c = arg;
    ir_block_reset(b, pc);
    c->guest->lift_block(b, pc, rt_fetch_code, c->mmu);
    return ir_validate(b) == NULL;
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) +
           (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Lifts every head's region into the build; counts what it compiled. */
static void add_regions(struct aot_build *b, const struct aot_program *p,
                        struct lift_ctx *lc, unsigned *blocks,
                        unsigned *refused)
{
    const struct ir_block *rb[AOT_REGION_BLOCKS];
    struct aot_range ranges[AOT_REGION_BLOCKS];
    bool tty = isatty(2);
    for (unsigned h = 0; h < p->n_heads; h++) {
        unsigned n;
        aot_region_of(p, p->heads[h], rb, AOT_REGION_BLOCKS, &n);
        for (unsigned i = 0; i < n; i++)
            ranges[i] = (struct aot_range){rb[i]->pc,
                                           rb[i]->pc + rb[i]->guest_bytes};
        bool ok;
        uint64_t hash = aot_hash_code(ranges, n, rt_fetch_code, lc->mmu, &ok);
        struct ll_region r = {.blocks = rb, .n = n, .tso = lc->guest->tso};
        char err[256];
        if (n && ok && aot_build_add(b, &r, ranges, n, hash, err, sizeof(err)))
            *blocks += n;
        else
            ++*refused;
        if (tty && (h % 512 == 0 || h + 1 == p->n_heads))
            fprintf(stderr, "\rvm-aot: lifting %u/%u regions", h + 1,
                    p->n_heads);
    }
    if (tty)
        fputc('\n', stderr);
}

static int compile_program(const struct args *a, const struct rt_guest *g,
                           struct mmu *m, const struct elf_image *img,
                           const struct aot_identity *id)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t *seeds;
    unsigned n_seeds;
    if (a->entry_only || elf_function_addrs(a->prog, &seeds, &n_seeds))
        n_seeds = 0, seeds = NULL;
    uint64_t *all = realloc(seeds, (n_seeds + 1) * sizeof(*all));
    if (!all) {
        free(seeds);
        return fail(1, "out of memory%s%s", "", "");
    }
    all[n_seeds] = img->entry;
    struct lift_ctx lc = {g, m};
    struct aot_program p;
    bool found = aot_discover(all, n_seeds + 1, lift_one, &lc, AOT_MAX_BLOCKS,
                              &p);
    free(all);
    if (!found)
        return fail(1, "out of memory%s%s", "", "");
    char err[512];
    struct aot_build *b = aot_build_create(a->opt_level, err, sizeof(err));
    if (!b) {
        aot_program_free(&p);
        return fail(1, "LLVM: %s%s", err, "");
    }
    unsigned blocks = 0, refused = 0;
    add_regions(b, &p, &lc, &blocks, &refused);
    void *obj = NULL;
    size_t obj_len = 0;
    int rc = 0;
    if (!aot_build_emit(b, &obj, &obj_len, err, sizeof(err)) ||
        aot_write_image(a->out, obj, obj_len, id, aot_build_entries(b),
                        aot_build_ranges(b), err, sizeof(err)))
        rc = fail(1, "%s%s", err, "");
    struct stat st;
    if (!rc && stat(a->out, &st) == 0)
        printf("vm-aot: %s: %u functions, %u regions (%u refused), %u blocks "
               "of %u found, %lld bytes, %.2f s\n",
               a->out, n_seeds + 1, aot_build_entries(b), refused, blocks, p.n,
               (long long)st.st_size, seconds_since(&t0));
    free(obj);
    aot_build_destroy(b);
    aot_program_free(&p);
    return rc;
}

int main(int argc, char **argv)
{
    struct args a;
    int rc = parse_args(argc, argv, &a);
    if (rc)
        return rc < 0 ? 0 : rc;
    char err[512];
    struct aot_identity id;
    if (access(a.prog, F_OK) != 0)
        return fail(127, "%s: %s", a.prog, strerror(errno));
    if (aot_identify(a.prog, &id, err, sizeof(err)))
        return fail(126, "%s%s", err, "");
    const struct rt_guest *g = rt_guest_for_machine((uint16_t)id.machine);
    if (!g)
        return fail(126, "%s: no guest for this ELF machine%s", a.prog, "");
    struct mmu *m = mmu_create(g->address_space);
    if (!m)
        return fail(1, "cannot reserve the guest address space%s%s", "", "");
    struct elf_image img;
    rc = loader_load_elf(m, g, a.prog, g->dyn_base, &img, err, sizeof(err));
    if (rc)
        rc = fail(rc, "%s: %s", a.prog, err);
    else if (img.interp[0])
        rc = fail(126, "%s: dynamically linked programs are not supported yet "
                       "(interpreter %s)", a.prog, img.interp);
    else if (!id.exec)
        rc = fail(126, "%s: position-independent programs are not supported "
                       "yet (ET_EXEC only)%s", a.prog, "");
    else
        rc = compile_program(&a, g, m, &img, &id);
    mmu_destroy(m);
    return rc;
}
