/*
 * ir_x86_sse4_crc.c — the x86_sse helper's crc32 (SSE4.2): CRC-32C of the
 * 1, 2, 4 or 8 source bytes (a; size in imm8) folded into the crc (b),
 * on the host's own crc32 instruction.
 */
#include <nmmintrin.h>

#include "x86_64/x86_64_sse.h"

uint64_t x86_sse_op_CRC32(const struct x86_sse_io *io)
{
    uint32_t crc = (uint32_t)io->b;
    switch (io->imm8) {
    case 1:
        return _mm_crc32_u8(crc, (uint8_t)io->a);
    case 2:
        return _mm_crc32_u16(crc, (uint16_t)io->a);
    case 4:
        return _mm_crc32_u32(crc, (uint32_t)io->a);
    default:
        return (uint32_t)_mm_crc32_u64(crc, io->a);
    }
}
