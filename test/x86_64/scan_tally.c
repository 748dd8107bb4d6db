/*
 * scan_tally.c — the required-ISA policy of the coverage scan and its
 * per-file tally of unlifted instructions (see scan_tally.h).
 */
#include "scan_tally.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/*
 * What the lifter covers (issues P6 and P7): the general-purpose integer
 * instructions of the 8086..Pentium Pro and long mode, CMOV, LAHF/SAHF,
 * the multi-byte NOPs and prefetch hints, PAUSE, x87 (with FCMOV and
 * SSE3's fisttp), MMX, SSE to SSE4.2 (with their MMX-register forms),
 * MXCSR access, FXSAVE/FXRSTOR, CLFLUSH, POPCNT, LZCNT and CMPXCHG16B.
 * Everything else Zydis knows (AVX*, BMI*, ADX, AES, SHA, PCLMUL, RDRAND,
 * XSAVE*, RTM, CET beyond endbr, ...) is not reported by cpuid, so
 * programs must not reach it; it is listed, not required.
 */
static const ZydisISASet required_sets[] = {
    ZYDIS_ISA_SET_I86,          ZYDIS_ISA_SET_I186,
    ZYDIS_ISA_SET_I286REAL,     ZYDIS_ISA_SET_I286PROTECTED,
    ZYDIS_ISA_SET_I386,         ZYDIS_ISA_SET_I486REAL,
    ZYDIS_ISA_SET_I486,         ZYDIS_ISA_SET_PENTIUMREAL,
    ZYDIS_ISA_SET_PPRO,         ZYDIS_ISA_SET_CMOV,
    ZYDIS_ISA_SET_LONGMODE,     ZYDIS_ISA_SET_LAHF,
    ZYDIS_ISA_SET_FAT_NOP,      ZYDIS_ISA_SET_PREFETCH_NOP,
    ZYDIS_ISA_SET_PAUSE,        ZYDIS_ISA_SET_SSE,
    ZYDIS_ISA_SET_SSE2,         ZYDIS_ISA_SET_SSEMXCSR,
    ZYDIS_ISA_SET_SSE_PREFETCH, ZYDIS_ISA_SET_FXSAVE,
    ZYDIS_ISA_SET_FXSAVE64,     ZYDIS_ISA_SET_CLFSH,
    ZYDIS_ISA_SET_PENTIUMMMX,   ZYDIS_ISA_SET_SSE2MMX,
    ZYDIS_ISA_SET_X87,          ZYDIS_ISA_SET_FCMOV,
    ZYDIS_ISA_SET_SSE3,         ZYDIS_ISA_SET_SSE3X87,
    ZYDIS_ISA_SET_SSSE3,        ZYDIS_ISA_SET_SSSE3MMX,
    ZYDIS_ISA_SET_SSE4,         ZYDIS_ISA_SET_SSE42,
    ZYDIS_ISA_SET_POPCNT,       ZYDIS_ISA_SET_LZCNT,
    ZYDIS_ISA_SET_CMPXCHG16B,
};

static bool set_is_required(ZydisISASet s)
{
    for (size_t i = 0; i < sizeof(required_sets) / sizeof(required_sets[0]); i++)
        if (required_sets[i] == s)
            return true;
    return false;
}

enum scan_class scan_classify(const ZydisDecodedInstruction *insn,
                              const ZydisDecodedOperand *ops)
{
    /* endbr64/endbr32 execute as NOPs without CET, and CET-built binaries
     * open every function with one: the baseline must run them. */
    if (insn->mnemonic == ZYDIS_MNEMONIC_ENDBR64 ||
        insn->mnemonic == ZYDIS_MNEMONIC_ENDBR32)
        return SCAN_REQUIRED;
    (void)ops;
    return set_is_required(insn->meta.isa_set) ? SCAN_REQUIRED : SCAN_EXCLUDED;
}

static void print_wrapped(FILE *out, const char *title, bool required)
{
    fprintf(out, "%s:", title);
    unsigned col = (unsigned)strlen(title) + 1;
    for (int s = ZYDIS_ISA_SET_INVALID + 1; s <= ZYDIS_ISA_SET_MAX_VALUE; s++) {
        if (set_is_required((ZydisISASet)s) != required)
            continue;
        const char *name = ZydisISASetGetString((ZydisISASet)s);
        if (col + strlen(name) + 1 > 100) {
            fputs("\n   ", out);
            col = 3;
        }
        fprintf(out, " %s", name);
        col += (unsigned)strlen(name) + 1;
    }
    fputc('\n', out);
}

void scan_print_isa_policy(FILE *out)
{
    print_wrapped(out, "required ISA sets", true);
    fputs("   + CET: endbr64/endbr32 only (NOPs without CET)\n", out);
    print_wrapped(out, "excluded ISA sets (not reported by cpuid)", false);
}

void scan_tally_reset(struct scan_tally *t)
{
    memset(t, 0, sizeof(*t));
}

static uint32_t entry_key(const ZydisDecodedInstruction *insn,
                          enum scan_class cls)
{
    _Static_assert(ZYDIS_MNEMONIC_MAX_VALUE < (1 << 12), "mnemonic fits");
    _Static_assert(ZYDIS_ISA_SET_MAX_VALUE < (1 << 8), "isa set fits");
    return 1u + ((uint32_t)insn->mnemonic | (uint32_t)insn->meta.isa_set << 12 |
                 (uint32_t)cls << 20);
}

void scan_tally_add(struct scan_tally *t, const ZydisDecodedInstruction *insn,
                    enum scan_class cls, uint64_t addr)
{
    t->unlifted[cls]++;
    uint32_t key = entry_key(insn, cls);
    /* Open addressing: far fewer distinct keys than slots. */
    for (uint32_t h = key * 2654435761u;; h++) {
        struct scan_entry *e = &t->slot[h % SCAN_SLOTS];
        if (e->key == key) {
            e->count++;
            return;
        }
        if (e->key == 0) {
            *e = (struct scan_entry){key, 1, addr};
            return;
        }
    }
}

static ZydisMnemonic key_mnemonic(uint32_t key)
{
    return (ZydisMnemonic)((key - 1) & 0xfff);
}

static ZydisISASet key_isa_set(uint32_t key)
{
    return (ZydisISASet)(((key - 1) >> 12) & 0xff);
}

static enum scan_class key_class(uint32_t key)
{
    return (enum scan_class)((key - 1) >> 20);
}

/* Required first, then by count (descending), then by name. */
static int by_importance(const void *pa, const void *pb)
{
    const struct scan_entry *a = pa, *b = pb;
    bool ra = key_class(a->key) == SCAN_REQUIRED;
    bool rb = key_class(b->key) == SCAN_REQUIRED;
    if (ra != rb)
        return ra ? -1 : 1;
    if (a->count != b->count)
        return a->count > b->count ? -1 : 1;
    return strcmp(ZydisMnemonicGetString(key_mnemonic(a->key)),
                  ZydisMnemonicGetString(key_mnemonic(b->key)));
}

unsigned scan_tally_print(const struct scan_tally *t, const char *file,
                          FILE *out)
{
    static struct scan_entry rows[SCAN_SLOTS];
    size_t n = 0;
    for (size_t i = 0; i < SCAN_SLOTS; i++)
        if (t->slot[i].key)
            rows[n++] = t->slot[i];
    qsort(rows, n, sizeof(rows[0]), by_importance);
    fprintf(out, "\n== %s\n", file);
    fprintf(out, "   %" PRIu64 " instructions: %" PRIu64 " lifted, %" PRIu64
                 " unlifted required, %" PRIu64 " unlifted excluded; %" PRIu64
                 " undecodable bytes in %" PRIu64 " runs (data/padding, "
                 "not failures)\n",
            t->insns, t->lifted, t->unlifted[SCAN_REQUIRED],
            t->insns - t->lifted - t->unlifted[SCAN_REQUIRED],
            t->undecodable_bytes, t->undecodable_runs);
    if (n)
        fprintf(out, "   %-9s %9s  %-18s %-22s %s\n", "status", "count",
                "mnemonic", "isa set", "example");
    unsigned required = 0;
    for (size_t i = 0; i < n; i++) {
        enum scan_class cls = key_class(rows[i].key);
        char set[48];
        snprintf(set, sizeof(set), "%s",
                 ZydisISASetGetString(key_isa_set(rows[i].key)));
        required += cls == SCAN_REQUIRED;
        fprintf(out, "   %-9s %9" PRIu64 "  %-18s %-22s %#" PRIx64 "\n",
                cls == SCAN_REQUIRED ? "REQUIRED" : "excluded", rows[i].count,
                ZydisMnemonicGetString(key_mnemonic(rows[i].key)), set,
                rows[i].example);
    }
    return required;
}
