/*
 * log_code.c — host code as it is made: -d out_asm (disassembled with
 * Zydis, Intel syntax), --perf-map and --jitdump entries named
 * "guest:FUNCTION+0xOFF [tier1]" from the guest's symbol tables, and
 * --profile's tables of where code lies.
 */
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>

#include <Zydis/Zydis.h>

#include "code_cache.h"
#include "guest_syms.h"
#include "log_hooks.h"
#include "perf_map.h"
#include "profile.h"

unsigned rt_code_events;

static ZydisDecoder host_decoder;
static ZydisFormatter host_formatter;
static pthread_once_t host_disasm_once = PTHREAD_ONCE_INIT;

static void host_disasm_init(void)
{
    ZydisDecoderInit(&host_decoder, ZYDIS_MACHINE_MODE_LONG_64,
                     ZYDIS_STACK_WIDTH_64);
    ZydisFormatterInit(&host_formatter, ZYDIS_FORMATTER_STYLE_INTEL);
    /* Every memory operand says its size ("qword ptr"): Zydis leaves it out
     * of some one-operand forms (inc [rsp-0x58]), which an assembler reading
     * the log back (bench/mca.py feeds it to llvm-mca) cannot size. */
    ZydisFormatterSetProperty(&host_formatter, ZYDIS_FORMATTER_PROP_FORCE_SIZE,
                              ZYAN_TRUE);
}

static void put_out_asm(FILE *f, const uint8_t *code, size_t size)
{
    pthread_once(&host_disasm_once, host_disasm_init);
    size_t off = 0;
    while (off < size) {
        ZydisDecodedInstruction in;
        ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
        char text[256];
        uintptr_t at = (uintptr_t)(code + off);
        if (!ZYAN_SUCCESS(ZydisDecoderDecodeFull(&host_decoder, code + off,
                                                 size - off, &in, ops)) ||
            !ZYAN_SUCCESS(ZydisFormatterFormatInstruction(
                &host_formatter, &in, ops, in.operand_count_visible, text,
                sizeof(text), at, NULL))) {
            /* Padding or data between blocks: show the byte and go on. */
            fprintf(f, "%#018" PRIxPTR ":  .byte 0x%02x\n", at, code[off]);
            off++;
            continue;
        }
        fprintf(f, "%#018" PRIxPTR ":  %s\n", at, text);
        off += in.length;
    }
}

void rt_code_added(const struct rt_process *p, uint64_t guest_pc,
                   const void *code, size_t size, enum rt_code_tier tier)
{
    if (rt_code_events & RT_CODE_EVENT_PROFILE)
        rt_profile_code(guest_pc, code, size, tier == RT_CODE_TIER2);
    /* The profile alone needs no name (a symbol lookup per block). */
    if (!(rt_code_events & ~(unsigned)RT_CODE_EVENT_PROFILE))
        return;
    const char *tier_name = tier == RT_CODE_TIER1 ? "tier1" : "tier2";
    char sym[160], name[200];
    rt_guest_symbol(p, guest_pc, sym, sizeof(sym));
    snprintf(name, sizeof(name), "guest:%s [%s]", sym, tier_name);
    if (rt_code_events & RT_CODE_EVENT_PERF_MAP)
        rt_perf_map_add(code, size, name);
    if (rt_code_events & RT_CODE_EVENT_JITDUMP)
        rt_jitdump_add(code, size, name);
    if (!rt_log_on(RT_LOG_out_asm) || !rt_log_pc_wanted(guest_pc))
        return;
    struct rt_log_rec r;
    FILE *f = rt_log_begin(&r);
    if (!f)
        return;
    fprintf(f, "OUT: [%s] %s (guest %#" PRIx64 ", %zu bytes)\n", tier_name,
            sym, guest_pc, size);
    put_out_asm(f, code, size);
    fputc('\n', f);
    rt_log_end(&r);
}

void rt_code_added_tier1(const struct rt_process *p, const struct cg_cache *c,
                         uint64_t pc, const void *entry,
                         const struct cg_cache_stats *before)
{
    struct cg_cache_stats now;
    cg_cache_stats(c, &now);
    /* The block's bytes, rounded up to the cache's code alignment. */
    rt_code_added(p, pc, entry, now.bytes_total - before->bytes_total,
                  RT_CODE_TIER1);
}
