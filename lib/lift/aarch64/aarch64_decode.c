/*
 * aarch64_decode.c — a64_decode: finds the base encoding in the generated
 * tables (bucketed by bits 28:25, most specific first, predicates
 * checked), then the first alias of it that matches.
 */
#include "aarch64.h"
#include "aarch64_tables.h"

static bool matches(const struct a64_encoding *e, uint32_t raw)
{
    return (raw & e->mask) == e->match && a64_pred_holds(e->pred, raw);
}

unsigned a64_decode(const uint8_t *bytes, struct a64_insn *out)
{
    uint32_t raw = (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 |
                   (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24;
    out->raw = raw;
    out->op = out->form = A64_INVALID;
    unsigned bucket = a64_bits(raw, 25, 4);
    for (unsigned i = a64_bucket_start[bucket];
         i < a64_bucket_start[bucket + 1]; i++) {
        if (!matches(&a64_encodings[i], raw))
            continue;
        unsigned op = a64_encodings[i].op;
        out->op = out->form = (uint16_t)op;
        const struct a64_opinfo *info = &a64_opinfo[op];
        for (unsigned k = 0; k < info->alias_count; k++) {
            const struct a64_encoding *al = &a64_aliases[info->alias_start + k];
            if (matches(al, raw)) {
                out->form = al->op;
                break;
            }
        }
        break;
    }
    return 4;
}
