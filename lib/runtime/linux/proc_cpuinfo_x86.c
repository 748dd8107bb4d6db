/*
 * proc_cpuinfo_x86.c — /proc/cpuinfo for an x86-64 guest: one block per
 * host CPU in the shape x86 Linux prints, describing the CPU the guest's
 * own cpuid reports (ir_helper_x86_cpuid): vendor, family/model/stepping,
 * brand string and the flags, named as Linux names them.
 */
#include <string.h>
#include <unistd.h>

#include "linux_internal.h"
#include "x86_64_features.h"
#include "x86_64_state.h"

struct cpuid_regs {
    uint32_t r[4]; /* indexed by enum x86_cpuid_reg */
};
enum {
    EAX = X86_CPUID_EAX, EBX = X86_CPUID_EBX, ECX = X86_CPUID_ECX,
    EDX = X86_CPUID_EDX,
};

static struct cpuid_regs cpuid(uint32_t leaf, uint32_t sub)
{
    struct x86_cpu c;
    memset(&c, 0, sizeof(c));
    c.gpr[X86_RAX_] = leaf;
    c.gpr[X86_RCX_] = sub;
    ir_helper_x86_cpuid(&c.ctx, 0, 0, 0, 0);
    struct cpuid_regs r;
    r.r[EAX] = (uint32_t)c.gpr[X86_RAX_];
    r.r[EBX] = (uint32_t)c.gpr[X86_RBX_];
    r.r[ECX] = (uint32_t)c.gpr[X86_RCX_];
    r.r[EDX] = (uint32_t)c.gpr[X86_RDX_];
    return r;
}

/* The flags line: the lifter's feature list (x86_64_features.h) names
 * each bit as Linux's cpufeatures do. A bit the guest's cpuid does not
 * report is left out. */
static const struct flag {
    uint32_t leaf;
    uint8_t reg, bit;
    const char *name;
} flags[] = {
#define X86_FLAG_ENTRY(leaf, reg, bit, name) {leaf, reg, bit, #name},
    X86_FEATURES(X86_FLAG_ENTRY)
#undef X86_FLAG_ENTRY
};

/* Highest leaf of the range `base` belongs to (0 or 0x80000000). */
static bool has_leaf(uint32_t leaf)
{
    uint32_t base = leaf & 0x80000000u;
    return cpuid(base, 0).r[EAX] >= leaf;
}

static void put_flags(FILE *out)
{
    fputs("flags\t\t:", out);
    for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
        const struct flag *f = &flags[i];
        if (has_leaf(f->leaf) && (cpuid(f->leaf, 0).r[f->reg] >> f->bit & 1))
            fprintf(out, " %s", f->name);
    }
    fputc('\n', out);
}

/* Brand string from leaves 0x80000002..4, else a name of our own. */
static void brand(char name[49])
{
    memset(name, 0, 49);
    if (!has_leaf(0x80000004)) {
        strcpy(name, "vm x86-64 guest CPU");
        return;
    }
    for (uint32_t i = 0; i < 3; i++) {
        struct cpuid_regs r = cpuid(0x80000002 + i, 0);
        memcpy(name + 16 * i, r.r, 16);
    }
    /* Linux strips the leading blanks some brands carry. */
    size_t skip = strspn(name, " ");
    memmove(name, name + skip, 49 - skip);
}

void lx_x86_cpuinfo(struct rt_thread *t, FILE *out)
{
    (void)t;
    struct cpuid_regs v = cpuid(0, 0), sig = cpuid(1, 0);
    char vendor[13], model_name[49];
    memcpy(vendor, &v.r[EBX], 4);
    memcpy(vendor + 4, &v.r[EDX], 4);
    memcpy(vendor + 8, &v.r[ECX], 4);
    vendor[12] = '\0';
    brand(model_name);
    uint32_t family = (sig.r[EAX] >> 8) & 0xf, model = (sig.r[EAX] >> 4) & 0xf;
    if (family == 0xf)
        family += (sig.r[EAX] >> 20) & 0xff;
    if (family >= 6)
        model |= ((sig.r[EAX] >> 16) & 0xf) << 4;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    cpus = cpus > 0 ? cpus : 1;
    for (long i = 0; i < cpus; i++) {
        fprintf(out,
                "processor\t: %ld\nvendor_id\t: %s\ncpu family\t: %u\n"
                "model\t\t: %u\nmodel name\t: %s\nstepping\t: %u\n"
                "physical id\t: 0\nsiblings\t: %ld\ncore id\t\t: %ld\n"
                "cpu cores\t: %ld\napicid\t\t: %ld\nfpu\t\t: yes\n"
                "fpu_exception\t: yes\ncpuid level\t: %u\nwp\t\t: yes\n",
                i, vendor, family, model, model_name, sig.r[EAX] & 0xf, cpus,
                i, cpus, i, v.r[EAX]);
        put_flags(out);
        fputs("clflush size\t: 64\ncache_alignment\t: 64\n"
              "address sizes\t: 46 bits physical, 47 bits virtual\n\n",
              out);
    }
}
