/*
 * test_x86_sse4.c — the x86-64 guest's SSE3, SSSE3, SSE4.1 and SSE4.2.
 *
 * lift: every instruction of those sets (register and memory forms, the
 *   SSSE3 mm forms, every imm8 of the imm8 forms) lifted and run by the
 *   interpreter, against the same bytes run natively on the host, over
 *   inputs chosen to hit the interesting cases (float edges under four
 *   MXCSR modes, short strings with nulls over a small alphabet, random
 *   bytes, explicit lengths around 0, 8, 16 and out of range): registers,
 *   memory, MXCSR and RFLAGS must all agree. Plus the #GP of a misaligned
 *   m128 where legacy SSE wants alignment.
 * helper: ops checked directly: the mm forms keep the x87 exponent word,
 *   hand-worked string compares, and the cpuid bits.
 */
#include <criterion/criterion.h>
#include <nmmintrin.h>
#include <string.h>
#include <sys/mman.h>

#include "interp.h"
#include "mmu.h"
#include "mmu_fault.h"
#include "x86_64.h"
#include "x86_64_sse.h"
#include "x86_64_features.h"

#define CODE 0x10000ull
#define DATA 0x20000ull /* the snippets' rsi */
#define DATA_SIZE 256

/* ---- the instructions (GNU as, Intel syntax; IMM: the swept imm8) ---- */

enum { T_FLAGS = 1, T_MMX = 2 };

struct insn_case {
    const char *text;
    uint8_t bytes[16];
    unsigned len;
    unsigned sweep; /* 0, or the imm8 values 0..sweep-1 in the last byte */
    unsigned kind;
};

static const struct insn_case insns[] = {
    {"addsubps xmm0,xmm1", {0xf2, 0x0f, 0xd0, 0xc1}, 4, 0, 0},
    {"addsubpd xmm2,[rsi+0x10]", {0x66, 0x0f, 0xd0, 0x56, 0x10}, 5, 0, 0},
    {"haddps xmm1,xmm2", {0xf2, 0x0f, 0x7c, 0xca}, 4, 0, 0},
    {"haddpd xmm3,[rsi]", {0x66, 0x0f, 0x7c, 0x1e}, 4, 0, 0},
    {"hsubps xmm0,[rsi+0x20]", {0xf2, 0x0f, 0x7d, 0x46, 0x20}, 5, 0, 0},
    {"hsubpd xmm1,xmm3", {0x66, 0x0f, 0x7d, 0xcb}, 4, 0, 0},
    {"movddup xmm0,xmm2", {0xf2, 0x0f, 0x12, 0xc2}, 4, 0, 0},
    {"movddup xmm1,m64 [rsi+0x8]", {0xf2, 0x0f, 0x12, 0x4e, 0x08}, 5, 0, 0},
    {"movshdup xmm2,xmm3", {0xf3, 0x0f, 0x16, 0xd3}, 4, 0, 0},
    {"movsldup xmm3,[rsi+0x30]", {0xf3, 0x0f, 0x12, 0x5e, 0x30}, 5, 0, 0},
    {"movshdup xmm0,[rsi+0x40]", {0xf3, 0x0f, 0x16, 0x46, 0x40}, 5, 0, 0},
    {"movsldup xmm1,xmm0", {0xf3, 0x0f, 0x12, 0xc8}, 4, 0, 0},
    {"lddqu xmm0,[rsi+0x3]", {0xf2, 0x0f, 0xf0, 0x46, 0x03}, 5, 0, 0},
    {"pshufb xmm0,xmm1", {0x66, 0x0f, 0x38, 0x00, 0xc1}, 5, 0, 0},
    {"pshufb xmm2,[rsi]", {0x66, 0x0f, 0x38, 0x00, 0x16}, 5, 0, 0},
    {"phaddw xmm1,xmm2", {0x66, 0x0f, 0x38, 0x01, 0xca}, 5, 0, 0},
    {"phaddd xmm3,[rsi+0x10]", {0x66, 0x0f, 0x38, 0x02, 0x5e, 0x10}, 6, 0, 0},
    {"phaddsw xmm0,xmm3", {0x66, 0x0f, 0x38, 0x03, 0xc3}, 5, 0, 0},
    {"phsubw xmm1,[rsi+0x20]", {0x66, 0x0f, 0x38, 0x05, 0x4e, 0x20}, 6, 0, 0},
    {"phsubd xmm2,xmm0", {0x66, 0x0f, 0x38, 0x06, 0xd0}, 5, 0, 0},
    {"phsubsw xmm3,xmm1", {0x66, 0x0f, 0x38, 0x07, 0xd9}, 5, 0, 0},
    {"pmaddubsw xmm0,xmm2", {0x66, 0x0f, 0x38, 0x04, 0xc2}, 5, 0, 0},
    {"pmulhrsw xmm1,[rsi+0x40]", {0x66, 0x0f, 0x38, 0x0b, 0x4e, 0x40}, 6, 0, 0},
    {"psignb xmm2,xmm3", {0x66, 0x0f, 0x38, 0x08, 0xd3}, 5, 0, 0},
    {"psignw xmm3,xmm0", {0x66, 0x0f, 0x38, 0x09, 0xd8}, 5, 0, 0},
    {"psignd xmm0,[rsi+0x50]", {0x66, 0x0f, 0x38, 0x0a, 0x46, 0x50}, 6, 0, 0},
    {"pabsb xmm1,xmm1", {0x66, 0x0f, 0x38, 0x1c, 0xc9}, 5, 0, 0},
    {"pabsw xmm2,[rsi+0x60]", {0x66, 0x0f, 0x38, 0x1d, 0x56, 0x60}, 6, 0, 0},
    {"pabsd xmm3,xmm2", {0x66, 0x0f, 0x38, 0x1e, 0xda}, 5, 0, 0},
    {"palignr xmm0,xmm1,IMM", {0x66, 0x0f, 0x3a, 0x0f, 0xc1, 0x00}, 6, 256, 0},
    {"palignr xmm2,[rsi+0x10],0x5", {0x66, 0x0f, 0x3a, 0x0f, 0x56, 0x10, 0x05}, 7, 0, 0},
    {"pshufb mm0,mm1", {0x0f, 0x38, 0x00, 0xc1}, 4, 0, T_MMX},
    {"pshufb mm1,m64 [rsi+0x8]", {0x0f, 0x38, 0x00, 0x4e, 0x08}, 5, 0, T_MMX},
    {"phaddw mm0,mm1", {0x0f, 0x38, 0x01, 0xc1}, 4, 0, T_MMX},
    {"phaddd mm1,m64 [rsi]", {0x0f, 0x38, 0x02, 0x0e}, 4, 0, T_MMX},
    {"phaddsw mm0,mm0", {0x0f, 0x38, 0x03, 0xc0}, 4, 0, T_MMX},
    {"phsubw mm1,mm0", {0x0f, 0x38, 0x05, 0xc8}, 4, 0, T_MMX},
    {"phsubd mm0,m64 [rsi+0x18]", {0x0f, 0x38, 0x06, 0x46, 0x18}, 5, 0, T_MMX},
    {"phsubsw mm1,mm0", {0x0f, 0x38, 0x07, 0xc8}, 4, 0, T_MMX},
    {"pmaddubsw mm0,mm1", {0x0f, 0x38, 0x04, 0xc1}, 4, 0, T_MMX},
    {"pmulhrsw mm1,m64 [rsi+0x20]", {0x0f, 0x38, 0x0b, 0x4e, 0x20}, 5, 0, T_MMX},
    {"psignb mm0,mm1", {0x0f, 0x38, 0x08, 0xc1}, 4, 0, T_MMX},
    {"psignw mm1,mm0", {0x0f, 0x38, 0x09, 0xc8}, 4, 0, T_MMX},
    {"psignd mm0,m64 [rsi+0x28]", {0x0f, 0x38, 0x0a, 0x46, 0x28}, 5, 0, T_MMX},
    {"pabsb mm1,mm0", {0x0f, 0x38, 0x1c, 0xc8}, 4, 0, T_MMX},
    {"pabsw mm0,m64 [rsi+0x30]", {0x0f, 0x38, 0x1d, 0x46, 0x30}, 5, 0, T_MMX},
    {"pabsd mm1,mm1", {0x0f, 0x38, 0x1e, 0xc9}, 4, 0, T_MMX},
    {"palignr mm0,mm1,IMM", {0x0f, 0x3a, 0x0f, 0xc1, 0x00}, 5, 256, T_MMX},
    {"palignr mm1,m64 [rsi+0x8],0x3", {0x0f, 0x3a, 0x0f, 0x4e, 0x08, 0x03}, 6, 0, T_MMX},
    {"blendps xmm0,xmm1,IMM", {0x66, 0x0f, 0x3a, 0x0c, 0xc1, 0x00}, 6, 16, 0},
    {"blendpd xmm2,[rsi],IMM", {0x66, 0x0f, 0x3a, 0x0d, 0x16, 0x00}, 6, 4, 0},
    {"blendvps xmm1,xmm2,xmm0", {0x66, 0x0f, 0x38, 0x14, 0xca}, 5, 0, 0},
    {"blendvpd xmm2,[rsi+0x10],xmm0", {0x66, 0x0f, 0x38, 0x15, 0x56, 0x10}, 6, 0, 0},
    {"pblendvb xmm3,xmm1,xmm0", {0x66, 0x0f, 0x38, 0x10, 0xd9}, 5, 0, 0},
    {"pblendvb xmm0,xmm0,xmm0", {0x66, 0x0f, 0x38, 0x10, 0xc0}, 5, 0, 0},
    {"pblendw xmm1,xmm3,IMM", {0x66, 0x0f, 0x3a, 0x0e, 0xcb, 0x00}, 6, 256, 0},
    {"dpps xmm1,xmm2,IMM", {0x66, 0x0f, 0x3a, 0x40, 0xca, 0x00}, 6, 256, 0},
    {"dppd xmm3,[rsi+0x20],IMM", {0x66, 0x0f, 0x3a, 0x41, 0x5e, 0x20, 0x00}, 7, 256, 0},
    {"dpps xmm0,[rsi+0x30],IMM", {0x66, 0x0f, 0x3a, 0x40, 0x46, 0x30, 0x00}, 7, 256, 0},
    {"extractps eax,xmm1,IMM", {0x66, 0x0f, 0x3a, 0x17, 0xc8, 0x00}, 6, 256, 0},
    {"extractps m32 [rsi+0x4],xmm2,0x2", {0x66, 0x0f, 0x3a, 0x17, 0x56, 0x04, 0x02}, 7, 0, 0},
    {"insertps xmm1,xmm2,IMM", {0x66, 0x0f, 0x3a, 0x21, 0xca, 0x00}, 6, 256, 0},
    {"insertps xmm3,m32 [rsi+0x8],IMM", {0x66, 0x0f, 0x3a, 0x21, 0x5e, 0x08, 0x00}, 7, 256, 0},
    {"pextrb eax,xmm1,IMM", {0x66, 0x0f, 0x3a, 0x14, 0xc8, 0x00}, 6, 256, 0},
    {"pextrb m8 [rsi+0x3],xmm2,0x9", {0x66, 0x0f, 0x3a, 0x14, 0x56, 0x03, 0x09}, 7, 0, 0},
    {"pextrd ecx,xmm3,IMM", {0x66, 0x0f, 0x3a, 0x16, 0xd9, 0x00}, 6, 256, 0},
    {"pextrd m32 [rsi+0x8],xmm0,0x3", {0x66, 0x0f, 0x3a, 0x16, 0x46, 0x08, 0x03}, 7, 0, 0},
    {"pextrq rax,xmm2,IMM", {0x66, 0x48, 0x0f, 0x3a, 0x16, 0xd0, 0x00}, 7, 256, 0},
    {"pextrq m64 [rsi+0x10],xmm1,0x1", {0x66, 0x48, 0x0f, 0x3a, 0x16, 0x4e, 0x10, 0x01}, 8, 0, 0},
    {"pextrw m16 [rsi+0x6],xmm3,0x5", {0x66, 0x0f, 0x3a, 0x15, 0x5e, 0x06, 0x05}, 7, 0, 0},
    {"pextrw edx,xmm1,IMM", {0x66, 0x0f, 0xc5, 0xd1, 0x00}, 5, 256, 0},
    {"pinsrb xmm1,eax,IMM", {0x66, 0x0f, 0x3a, 0x20, 0xc8, 0x00}, 6, 256, 0},
    {"pinsrb xmm2,m8 [rsi+0x5],0x7", {0x66, 0x0f, 0x3a, 0x20, 0x56, 0x05, 0x07}, 7, 0, 0},
    {"pinsrd xmm3,ecx,IMM", {0x66, 0x0f, 0x3a, 0x22, 0xd9, 0x00}, 6, 256, 0},
    {"pinsrd xmm0,m32 [rsi+0x4],0x2", {0x66, 0x0f, 0x3a, 0x22, 0x46, 0x04, 0x02}, 7, 0, 0},
    {"pinsrq xmm1,rdx,IMM", {0x66, 0x48, 0x0f, 0x3a, 0x22, 0xca, 0x00}, 7, 256, 0},
    {"pinsrq xmm2,m64 [rsi+0x8],0x1", {0x66, 0x48, 0x0f, 0x3a, 0x22, 0x56, 0x08, 0x01}, 8, 0, 0},
    {"pmovsxbw xmm0,xmm1", {0x66, 0x0f, 0x38, 0x20, 0xc1}, 5, 0, 0},
    {"pmovsxbd xmm1,m32 [rsi+0x3]", {0x66, 0x0f, 0x38, 0x21, 0x4e, 0x03}, 6, 0, 0},
    {"pmovsxbq xmm2,m16 [rsi+0x5]", {0x66, 0x0f, 0x38, 0x22, 0x56, 0x05}, 6, 0, 0},
    {"pmovsxwd xmm3,xmm0", {0x66, 0x0f, 0x38, 0x23, 0xd8}, 5, 0, 0},
    {"pmovsxwq xmm0,m32 [rsi+0x7]", {0x66, 0x0f, 0x38, 0x24, 0x46, 0x07}, 6, 0, 0},
    {"pmovsxdq xmm1,m64 [rsi+0x9]", {0x66, 0x0f, 0x38, 0x25, 0x4e, 0x09}, 6, 0, 0},
    {"pmovzxbw xmm2,m64 [rsi+0x1]", {0x66, 0x0f, 0x38, 0x30, 0x56, 0x01}, 6, 0, 0},
    {"pmovzxbd xmm3,xmm2", {0x66, 0x0f, 0x38, 0x31, 0xda}, 5, 0, 0},
    {"pmovzxbq xmm0,xmm3", {0x66, 0x0f, 0x38, 0x32, 0xc3}, 5, 0, 0},
    {"pmovzxwd xmm1,m64 [rsi+0xb]", {0x66, 0x0f, 0x38, 0x33, 0x4e, 0x0b}, 6, 0, 0},
    {"pmovzxwq xmm2,xmm1", {0x66, 0x0f, 0x38, 0x34, 0xd1}, 5, 0, 0},
    {"pmovzxdq xmm3,m64 [rsi+0xd]", {0x66, 0x0f, 0x38, 0x35, 0x5e, 0x0d}, 6, 0, 0},
    {"pmuldq xmm0,xmm1", {0x66, 0x0f, 0x38, 0x28, 0xc1}, 5, 0, 0},
    {"pmulld xmm2,[rsi]", {0x66, 0x0f, 0x38, 0x40, 0x16}, 5, 0, 0},
    {"pminsb xmm1,xmm3", {0x66, 0x0f, 0x38, 0x38, 0xcb}, 5, 0, 0},
    {"pminsd xmm3,[rsi+0x10]", {0x66, 0x0f, 0x38, 0x39, 0x5e, 0x10}, 6, 0, 0},
    {"pminuw xmm0,xmm2", {0x66, 0x0f, 0x38, 0x3a, 0xc2}, 5, 0, 0},
    {"pminud xmm1,[rsi+0x20]", {0x66, 0x0f, 0x38, 0x3b, 0x4e, 0x20}, 6, 0, 0},
    {"pmaxsb xmm2,xmm0", {0x66, 0x0f, 0x38, 0x3c, 0xd0}, 5, 0, 0},
    {"pmaxsd xmm3,xmm1", {0x66, 0x0f, 0x38, 0x3d, 0xd9}, 5, 0, 0},
    {"pmaxuw xmm0,[rsi+0x30]", {0x66, 0x0f, 0x38, 0x3e, 0x46, 0x30}, 6, 0, 0},
    {"pmaxud xmm1,xmm2", {0x66, 0x0f, 0x38, 0x3f, 0xca}, 5, 0, 0},
    {"pcmpeqq xmm2,xmm3", {0x66, 0x0f, 0x38, 0x29, 0xd3}, 5, 0, 0},
    {"pcmpeqq xmm0,xmm0", {0x66, 0x0f, 0x38, 0x29, 0xc0}, 5, 0, 0},
    {"packusdw xmm3,[rsi+0x40]", {0x66, 0x0f, 0x38, 0x2b, 0x5e, 0x40}, 6, 0, 0},
    {"packusdw xmm1,xmm2", {0x66, 0x0f, 0x38, 0x2b, 0xca}, 5, 0, 0},
    {"phminposuw xmm0,xmm1", {0x66, 0x0f, 0x38, 0x41, 0xc1}, 5, 0, 0},
    {"phminposuw xmm2,[rsi+0x50]", {0x66, 0x0f, 0x38, 0x41, 0x56, 0x50}, 6, 0, 0},
    {"mpsadbw xmm0,xmm1,IMM", {0x66, 0x0f, 0x3a, 0x42, 0xc1, 0x00}, 6, 8, 0},
    {"mpsadbw xmm2,[rsi+0x20],IMM", {0x66, 0x0f, 0x3a, 0x42, 0x56, 0x20, 0x00}, 7, 8, 0},
    {"movntdqa xmm1,[rsi+0x30]", {0x66, 0x0f, 0x38, 0x2a, 0x4e, 0x30}, 6, 0, 0},
    {"pcmpgtq xmm0,xmm1", {0x66, 0x0f, 0x38, 0x37, 0xc1}, 5, 0, 0},
    {"pcmpgtq xmm2,[rsi+0x10]", {0x66, 0x0f, 0x38, 0x37, 0x56, 0x10}, 6, 0, 0},
    {"roundps xmm0,xmm1,IMM", {0x66, 0x0f, 0x3a, 0x08, 0xc1, 0x00}, 6, 16, 0},
    {"roundpd xmm2,[rsi+0x10],IMM", {0x66, 0x0f, 0x3a, 0x09, 0x56, 0x10, 0x00}, 7, 16, 0},
    {"roundss xmm1,xmm2,IMM", {0x66, 0x0f, 0x3a, 0x0a, 0xca, 0x00}, 6, 16, 0},
    {"roundss xmm3,m32 [rsi+0x4],IMM", {0x66, 0x0f, 0x3a, 0x0a, 0x5e, 0x04, 0x00}, 7, 16, 0},
    {"roundsd xmm0,m64 [rsi+0x8],IMM", {0x66, 0x0f, 0x3a, 0x0b, 0x46, 0x08, 0x00}, 7, 16, 0},
    {"roundsd xmm2,xmm3,IMM", {0x66, 0x0f, 0x3a, 0x0b, 0xd3, 0x00}, 6, 16, 0},
    {"ptest xmm1,xmm2", {0x66, 0x0f, 0x38, 0x17, 0xca}, 5, 0, T_FLAGS},
    {"ptest xmm0,[rsi]", {0x66, 0x0f, 0x38, 0x17, 0x06}, 5, 0, T_FLAGS},
    {"ptest xmm3,xmm3", {0x66, 0x0f, 0x38, 0x17, 0xdb}, 5, 0, T_FLAGS},
    {"pcmpestri xmm1,xmm2,IMM", {0x66, 0x0f, 0x3a, 0x61, 0xca, 0x00}, 6, 256, T_FLAGS},
    {"pcmpestri xmm1,[rsi+0x3],IMM", {0x66, 0x0f, 0x3a, 0x61, 0x4e, 0x03, 0x00}, 7, 256, T_FLAGS},
    {"pcmpestrm xmm2,xmm3,IMM", {0x66, 0x0f, 0x3a, 0x60, 0xd3, 0x00}, 6, 256, T_FLAGS},
    {"pcmpestrm xmm0,[rsi+0x11],IMM", {0x66, 0x0f, 0x3a, 0x60, 0x46, 0x11, 0x00}, 7, 256, T_FLAGS},
    {"pcmpistri xmm3,xmm1,IMM", {0x66, 0x0f, 0x3a, 0x63, 0xd9, 0x00}, 6, 256, T_FLAGS},
    {"pcmpistri xmm0,[rsi+0x7],IMM", {0x66, 0x0f, 0x3a, 0x63, 0x46, 0x07, 0x00}, 7, 256, T_FLAGS},
    {"pcmpistrm xmm1,xmm3,IMM", {0x66, 0x0f, 0x3a, 0x62, 0xcb, 0x00}, 6, 256, T_FLAGS},
    {"pcmpistrm xmm2,[rsi+0x21],IMM", {0x66, 0x0f, 0x3a, 0x62, 0x56, 0x21, 0x00}, 7, 256, T_FLAGS},
    {"pcmpistrm xmm0,xmm1,IMM", {0x66, 0x0f, 0x3a, 0x62, 0xc1, 0x00}, 6, 256, T_FLAGS},
    {"crc32 eax,cl", {0xf2, 0x0f, 0x38, 0xf0, 0xc1}, 5, 0, 0},
    {"crc32 eax,cx", {0x66, 0xf2, 0x0f, 0x38, 0xf1, 0xc1}, 6, 0, 0},
    {"crc32 ecx,edx", {0xf2, 0x0f, 0x38, 0xf1, 0xca}, 5, 0, 0},
    {"crc32 rax,rdx", {0xf2, 0x48, 0x0f, 0x38, 0xf1, 0xc2}, 6, 0, 0},
    {"crc32 rdx,m8 [rsi+0x3]", {0xf2, 0x48, 0x0f, 0x38, 0xf0, 0x56, 0x03}, 7, 0, 0},
    {"crc32 eax,m16 [rsi+0x5]", {0x66, 0xf2, 0x0f, 0x38, 0xf1, 0x46, 0x05}, 7, 0, 0},
    {"crc32 ecx,m32 [rsi+0x9]", {0xf2, 0x0f, 0x38, 0xf1, 0x4e, 0x09}, 6, 0, 0},
    {"crc32 rax,m64 [rsi+0x11]", {0xf2, 0x48, 0x0f, 0x38, 0xf1, 0x46, 0x11}, 7, 0, 0},
    {"crc32 eax,ah", {0xf2, 0x0f, 0x38, 0xf0, 0xc4}, 5, 0, 0},
    {"crc32 rcx,al", {0xf2, 0x48, 0x0f, 0x38, 0xf0, 0xc8}, 6, 0, 0},
    {"pcmpestriq xmm1,xmm2,IMM", {0x66, 0x48, 0x0f, 0x3a, 0x61, 0xca, 0x00}, 7, 256, T_FLAGS},
    {"pcmpestrmq xmm0,[rsi+0x5],IMM", {0x66, 0x48, 0x0f, 0x3a, 0x60, 0x46, 0x05, 0x00}, 8, 256, T_FLAGS},
};
#define NINSNS (sizeof insns / sizeof *insns)

/* ---- the native run ---- */

/* What the native run loads into and stores from the registers. */
struct regs {
    uint8_t xmm[4][16]; /* 0x00 */
    uint64_t rax;       /* 0x40 */
    uint64_t rcx;       /* 0x48 */
    uint64_t rdx;       /* 0x50 */
    uint64_t rflags;    /* 0x58 */
    uint64_t mm[2];     /* 0x60 */
    uint32_t mxcsr;     /* 0x70 */
};

/* void run(struct regs *rdi, void *rsi) around the instruction. */
static const uint8_t prologue[] = {
    0x0f, 0xae, 0x57, 0x70,       /* ldmxcsr [rdi+0x70] */
    0xf3, 0x0f, 0x6f, 0x07,       /* movdqu xmm0,[rdi] */
    0xf3, 0x0f, 0x6f, 0x4f, 0x10, /* movdqu xmm1,[rdi+0x10] */
    0xf3, 0x0f, 0x6f, 0x57, 0x20, /* movdqu xmm2,[rdi+0x20] */
    0xf3, 0x0f, 0x6f, 0x5f, 0x30, /* movdqu xmm3,[rdi+0x30] */
    0x48, 0x8b, 0x47, 0x40,       /* mov rax,[rdi+0x40] */
    0x48, 0x8b, 0x4f, 0x48,       /* mov rcx,[rdi+0x48] */
    0x48, 0x8b, 0x57, 0x50,       /* mov rdx,[rdi+0x50] */
    0x0f, 0x6f, 0x47, 0x60,       /* movq mm0,[rdi+0x60] */
    0x0f, 0x6f, 0x4f, 0x68,       /* movq mm1,[rdi+0x68] */
    0xff, 0x77, 0x58,             /* push qword [rdi+0x58] */
    0x9d,                         /* popf */
};
static const uint8_t epilogue[] = {
    0xf3, 0x0f, 0x7f, 0x07,       /* movdqu [rdi],xmm0 */
    0xf3, 0x0f, 0x7f, 0x4f, 0x10, /* movdqu [rdi+0x10],xmm1 */
    0xf3, 0x0f, 0x7f, 0x57, 0x20, /* movdqu [rdi+0x20],xmm2 */
    0xf3, 0x0f, 0x7f, 0x5f, 0x30, /* movdqu [rdi+0x30],xmm3 */
    0x48, 0x89, 0x47, 0x40,       /* mov [rdi+0x40],rax */
    0x48, 0x89, 0x4f, 0x48,       /* mov [rdi+0x48],rcx */
    0x48, 0x89, 0x57, 0x50,       /* mov [rdi+0x50],rdx */
    0x0f, 0x7f, 0x47, 0x60,       /* movq [rdi+0x60],mm0 */
    0x0f, 0x7f, 0x4f, 0x68,       /* movq [rdi+0x68],mm1 */
    0x0f, 0x77,                   /* emms */
    0x0f, 0xae, 0x5f, 0x70,       /* stmxcsr [rdi+0x70] */
    0x9c,                         /* pushf */
    0x41, 0x58,                   /* pop r8 */
    0x4c, 0x89, 0x47, 0x58,       /* mov [rdi+0x58],r8 */
    0xc3,                         /* ret */
};

static uint8_t *native_page;

static void run_native(const uint8_t *code, size_t len, struct regs *r,
                       uint8_t *data)
{
    cr_assert(sizeof prologue + len + sizeof epilogue <= 4096);
    cr_assert_eq(mprotect(native_page, 4096, PROT_READ | PROT_WRITE), 0);
    memcpy(native_page, prologue, sizeof prologue);
    memcpy(native_page + sizeof prologue, code, len);
    memcpy(native_page + sizeof prologue + len, epilogue, sizeof epilogue);
    cr_assert_eq(mprotect(native_page, 4096, PROT_READ | PROT_EXEC), 0);
    void (*fn)(struct regs *, uint8_t *);
    memcpy(&fn, &native_page, sizeof fn);
    unsigned host = _mm_getcsr();
    fn(r, data);
    _mm_setcsr(host);
}

/* ---- the interpreted run ---- */

static struct mmu *m;
static struct ir_block b;
static struct x86_cpu cpu;
static uint64_t code_end;

static void setup(void)
{
    cr_assert_eq(mmu_fault_init(), 0);
    m = mmu_create(1ull << 30);
    cr_assert_not_null(m);
    cr_assert_eq(mmu_map_fixed(m, CODE, 0x1000, MMU_READ | MMU_WRITE | MMU_EXEC, ""), 0);
    cr_assert_eq(mmu_map_fixed(m, DATA, 0x1000, MMU_READ | MMU_WRITE, ""), 0);
    memset(&cpu, 0, sizeof cpu);
    cpu.ctx.mem_base = (uint64_t)(uintptr_t)mmu_base(m);
    cpu.ctx.mem_limit = mmu_limit(m);
    cpu.ctx.mem_pages = (uint64_t)(uintptr_t)mmu_page_table(m);
    ir_block_init(&b, CODE);
    native_page = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    cr_assert_neq(native_page, MAP_FAILED);
}

static void teardown(void)
{
    munmap(native_page, 4096);
    ir_block_free(&b);
    mmu_destroy(m);
}

TestSuite(x86_sse4_lift, .init = setup, .fini = teardown);
TestSuite(x86_sse4_helper, .init = setup, .fini = teardown);

static const uint8_t *fetch(void *arg, uint64_t pc, uint64_t *avail)
{
    (void)arg;
    if (pc < CODE || pc >= code_end) {
        *avail = 0;
        return NULL;
    }
    *avail = code_end - pc;
    return mmu_host(m, pc);
}

/* Runs code + ud2 under the interpreter until the ud2. */
static void run_lifted(const char *text, const uint8_t *code, size_t len)
{
    memcpy(mmu_host(m, CODE), code, len);
    memcpy(mmu_host(m, CODE + len), (const uint8_t[]){0x0f, 0x0b}, 2);
    code_end = CODE + len + 2;
    cpu.ctx.pc = CODE;
    struct interp_exit ex;
    for (int i = 0; i < 4; i++) {
        x86_lift_block(&b, cpu.ctx.pc, fetch, NULL);
        cr_assert_null(ir_validate(&b), "%s: invalid IR: %s", text, ir_validate(&b));
        enum interp_result r = interp_run(&b, &cpu.ctx, &ex);
        if (r == INTERP_JUMP)
            continue;
        cr_assert_eq(r, INTERP_TRAP, "%s: fault addr %#llx", text,
                     (unsigned long long)ex.addr);
        cr_assert_eq(ex.trap, IR_TRAP_ILLEGAL);
        cr_assert_eq(cpu.ctx.pc, CODE + len, "%s: not lifted", text);
        return;
    }
    cr_assert_fail("%s: no end", text);
}

/* ---- inputs ---- */

static const uint32_t edge32[] = {
    0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x3fc00000, 0x40200000,
    0xbf000000, 0x7f800000, 0xff800000, 0x7fc00000, 0x7fa00000, 0xffc12345,
    0x00000001, 0x807fffff, 0x7f7fffff, 0x00800000, 0x4b400001, 0xcb000001,
    0x3effffff, 0x40490fdb, 0x3eaaaaab, 0x5f000000, 0x3f000001, 0xc0600000,
};
static const uint64_t edge64[] = {
    0x0000000000000000, 0x8000000000000000, 0x3ff0000000000000,
    0xbff8000000000000, 0x4004000000000000, 0xbfe0000000000000,
    0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
    0x7ff4000000000000, 0xfff8000000012345, 0x0000000000000001,
    0x800fffffffffffff, 0x7fefffffffffffff, 0x4330000000000001,
    0xc32fffffffffffff, 0x3fdfffffffffffff, 0x400921fb54442d18,
};
#define N32 (sizeof edge32 / sizeof *edge32)
#define N64 (sizeof edge64 / sizeof *edge64)

/* Explicit string lengths: in range, at the limits, out of range, and
 * 64-bit values whose low half differs (the 32-bit forms read eax/edx). */
static const uint64_t lengths[] = {
    0, 3, 5, 8, 15, 16, 17, (uint64_t)-1, (uint64_t)-7, (uint64_t)-16,
    (uint64_t)-17, 0x80000000, 0xffffffff00000004, 0x8000000000000000,
    0x7fffffff, 100, 0x100000002, 0xfffffffffffffff8,
};
#define NLEN (sizeof lengths / sizeof *lengths)

/* MXCSR: nearest, down, toward zero with FTZ and DAZ, up. */
static const uint32_t modes[] = {0x1f80, 0x3f80, 0xffc0, 0x5f80};

static uint64_t rng;

static uint8_t next_byte(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (uint8_t)(rng >> 56);
}

/* 16 bytes of the kind seed picks: float or double edges, a short string
 * over a tiny alphabet (with nulls, so implicit lengths vary), words of
 * such, or random bytes. */
static void fill16(unsigned seed, uint8_t out[16])
{
    static const uint8_t alphabet[] = {'a', 'b', 'c', 0, 'a', 0x80, 0xff, 'b'};
    switch (seed % 5) {
    case 0:
        for (unsigned i = 0; i < 4; i++)
            memcpy(out + 4 * i, &edge32[next_byte() % N32], 4);
        break;
    case 1:
        for (unsigned i = 0; i < 2; i++)
            memcpy(out + 8 * i, &edge64[next_byte() % N64], 8);
        break;
    case 2:
        for (unsigned i = 0; i < 16; i++)
            out[i] = alphabet[next_byte() % (i < 6 ? 3 : 8)];
        break;
    case 3:
        for (unsigned i = 0; i < 16; i += 2) {
            out[i] = alphabet[next_byte() % (i < 8 ? 3 : 8)];
            out[i + 1] = next_byte() % 4 ? 0 : 0x80;
        }
        break;
    default:
        for (unsigned i = 0; i < 16; i++)
            out[i] = next_byte();
    }
}

static void fill_inputs(unsigned seed, struct regs *r, uint8_t *data)
{
    rng = seed * 0x9e3779b97f4a7c15ull + 1;
    for (unsigned i = 0; i < 4; i++)
        fill16(seed + (i == 1 || i == 3 ? next_byte() % 5 : 0), r->xmm[i]);
    uint8_t mm[16];
    fill16(seed, mm);
    memcpy(r->mm, mm, 16);
    for (unsigned k = 0; k < DATA_SIZE; k += 16)
        fill16(seed + (k / 16) % 2, data + k);
    r->rax = lengths[next_byte() % NLEN];
    r->rcx = lengths[next_byte() % NLEN] ^ 0x5a5a0000;
    r->rdx = lengths[next_byte() % NLEN];
    /* Arithmetic flags in both states, so untouched ones are seen. */
    r->rflags = 0x202 | ((seed & 1 ? 0x8d5u : 0) ^ (next_byte() & 0x45u));
    r->mxcsr = modes[seed % 4];
}

#define ARITH_FLAGS 0x8d5ull

/* The interpreter from the same inputs; everything must match native. */
static void check_one(const struct insn_case *c, const uint8_t *code,
                      unsigned seed)
{
    static uint8_t native_data[DATA_SIZE] __attribute__((aligned(64)));
    struct regs r;
    fill_inputs(seed, &r, native_data);
    uint8_t *guest_data = mmu_host(m, DATA);
    memcpy(guest_data, native_data, DATA_SIZE);
    memset(&cpu.xmm, 0, sizeof cpu.xmm);
    for (unsigned i = 0; i < 4; i++)
        memcpy(cpu.xmm[i], r.xmm[i], 16);
    cpu.gpr[X86_RAX_] = r.rax;
    cpu.gpr[X86_RCX_] = r.rcx;
    cpu.gpr[X86_RDX_] = r.rdx;
    cpu.gpr[X86_RSI_] = DATA;
    memcpy(cpu.st[0], &r.mm[0], 8);
    memcpy(cpu.st[1], &r.mm[1], 8);
    x86_set_rflags(&cpu, r.rflags);
    cpu.mxcsr = r.mxcsr;
    x86_mxcsr_discard(); /* MXCSR set afresh: no pending host flags */
    cpu.fcw = X86_FCW_DEFAULT;
    cpu.ftw = 0xffff;
    run_native(code, c->len, &r, native_data);
    run_lifted(c->text, code, c->len);
    unsigned imm = code[c->len - 1];
    for (unsigned i = 0; i < 4; i++)
        cr_assert(memcmp(cpu.xmm[i], r.xmm[i], 16) == 0,
                  "%s imm %#x seed %u: xmm%u %016llx:%016llx, native %016llx:%016llx",
                  c->text, imm, seed, i, *(unsigned long long *)(cpu.xmm[i] + 8),
                  *(unsigned long long *)cpu.xmm[i],
                  *(unsigned long long *)(r.xmm[i] + 8),
                  *(unsigned long long *)r.xmm[i]);
    static const struct { const char *name; unsigned reg; size_t off; } gprs[] = {
        {"rax", X86_RAX_, offsetof(struct regs, rax)},
        {"rcx", X86_RCX_, offsetof(struct regs, rcx)},
        {"rdx", X86_RDX_, offsetof(struct regs, rdx)},
    };
    for (unsigned i = 0; i < 3; i++) {
        uint64_t want;
        memcpy(&want, (uint8_t *)&r + gprs[i].off, 8);
        cr_assert_eq(cpu.gpr[gprs[i].reg], want, "%s imm %#x seed %u: %s %llx, native %llx",
                     c->text, imm, seed, gprs[i].name,
                     (unsigned long long)cpu.gpr[gprs[i].reg], (unsigned long long)want);
    }
    for (unsigned i = 0; i < 2; i++)
        cr_assert(memcmp(cpu.st[i], &r.mm[i], 8) == 0, "%s imm %#x seed %u: mm%u",
                  c->text, imm, seed, i);
    cr_assert_eq(cpu.mxcsr, r.mxcsr, "%s imm %#x seed %u: mxcsr %x, native %x",
                 c->text, imm, seed, cpu.mxcsr, r.mxcsr);
    cr_assert_eq(x86_rflags(&cpu) & ARITH_FLAGS, r.rflags & ARITH_FLAGS,
                 "%s imm %#x seed %u: flags %llx, native %llx", c->text, imm, seed,
                 (unsigned long long)(x86_rflags(&cpu) & ARITH_FLAGS),
                 (unsigned long long)(r.rflags & ARITH_FLAGS));
    cr_assert(memcmp(guest_data, native_data, DATA_SIZE) == 0,
              "%s imm %#x seed %u: memory", c->text, imm, seed);
    if (c->kind & T_MMX) /* MMX use: TOP 0, all registers valid */
        cr_assert(cpu.ftop == 0 && cpu.ftw == 0, "%s: x87 not in MMX use", c->text);
}

/* Every instruction of the table whose text starts with one of prefixes:
 * over seeds, and for an imm8 form every swept imm8 over fewer seeds. */
static unsigned check_insns(const char *const *prefixes, size_t n)
{
    unsigned runs = 0;
    for (size_t k = 0; k < NINSNS; k++) {
        const struct insn_case *c = &insns[k];
        bool match = false;
        for (size_t p = 0; p < n; p++)
            match |= strncmp(c->text, prefixes[p], strlen(prefixes[p])) == 0;
        if (!match)
            continue;
        uint8_t code[16];
        memcpy(code, c->bytes, c->len);
        unsigned imms = c->sweep ? c->sweep : 1;
        unsigned seeds = c->sweep > 16 ? 10 : 40;
        for (unsigned imm = 0; imm < imms; imm++) {
            if (c->sweep)
                code[c->len - 1] = (uint8_t)imm;
            for (unsigned seed = 0; seed < seeds; seed++, runs++)
                check_one(c, code, seed + imm);
        }
    }
    return runs;
}

#define CHECK(...)                                                            \
    do {                                                                      \
        static const char *const p[] = {__VA_ARGS__};                         \
        cr_assert_gt(check_insns(p, sizeof p / sizeof *p), 0u);               \
    } while (0)

Test(x86_sse4_lift, sse3) { CHECK("addsub", "hadd", "hsub", "movddup", "movshdup", "movsldup", "lddqu"); }
Test(x86_sse4_lift, ssse3_xmm_and_mm)
{
    CHECK("pshufb", "phadd", "phsub", "pmaddubsw", "pmulhrsw", "psign", "pabs", "palignr");
}
Test(x86_sse4_lift, sse41_blends) { CHECK("blend", "pblend"); }
Test(x86_sse4_lift, sse41_dot_products) { CHECK("dpp"); }
Test(x86_sse4_lift, sse41_insert_extract) { CHECK("extractps", "insertps", "pextr", "pinsr"); }
Test(x86_sse4_lift, sse41_widening_moves) { CHECK("pmovsx", "pmovzx"); }
Test(x86_sse4_lift, sse41_integer)
{
    CHECK("pmuldq", "pmulld", "pmin", "pmax", "pcmpeqq", "packusdw", "phminposuw",
          "mpsadbw", "movntdqa", "ptest");
}
Test(x86_sse4_lift, sse41_round) { CHECK("round"); }
Test(x86_sse4_lift, sse42_pcmpgtq_crc32) { CHECK("pcmpgtq", "crc32"); }
Test(x86_sse4_lift, sse42_explicit_length_strings) { CHECK("pcmpestr"); }
Test(x86_sse4_lift, sse42_implicit_length_strings) { CHECK("pcmpistr"); }

/* Every mnemonic of the four sets appears in the table above. */
Test(x86_sse4_lift, table_covers_every_instruction)
{
    static const char *const all[] = {
        "addsubps", "addsubpd", "haddps", "haddpd", "hsubps", "hsubpd",
        "movddup", "movshdup", "movsldup", "lddqu", "pshufb", "phaddw",
        "phaddd", "phaddsw", "phsubw", "phsubd", "phsubsw", "pmaddubsw",
        "pmulhrsw", "psignb", "psignw", "psignd", "pabsb", "pabsw", "pabsd",
        "palignr", "blendps", "blendpd", "blendvps", "blendvpd", "pblendvb",
        "pblendw", "dpps", "dppd", "extractps", "insertps", "pextrb",
        "pextrd", "pextrq", "pextrw", "pinsrb", "pinsrd", "pinsrq",
        "pmovsxbw", "pmovsxbd", "pmovsxbq", "pmovsxwd", "pmovsxwq",
        "pmovsxdq", "pmovzxbw", "pmovzxbd", "pmovzxbq", "pmovzxwd",
        "pmovzxwq", "pmovzxdq", "pmuldq", "pmulld", "pminsb", "pminsd",
        "pminuw", "pminud", "pmaxsb", "pmaxsd", "pmaxuw", "pmaxud",
        "pcmpeqq", "packusdw", "phminposuw", "ptest", "roundps", "roundpd",
        "roundss", "roundsd", "mpsadbw", "movntdqa", "pcmpgtq", "pcmpestri",
        "pcmpestrm", "pcmpistri", "pcmpistrm", "crc32",
    };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
        bool found = false;
        size_t n = strlen(all[i]);
        for (size_t k = 0; k < NINSNS; k++)
            found |= strncmp(insns[k].text, all[i], n) == 0 && insns[k].text[n] == ' ';
        cr_assert(found, "%s missing", all[i]);
    }
}

/* ---- faults ---- */

/* A misaligned m128 where legacy SSE wants 16 (#GP; SIGSEGV on Linux)
 * stops the insn before any state changes, as a misaligned access. */
static void expect_misaligned(const uint8_t *code, size_t len)
{
    memcpy(mmu_host(m, CODE), code, len);
    code_end = CODE + len;
    cpu.gpr[X86_RSI_] = DATA;
    memset(cpu.xmm, 0x5a, sizeof cpu.xmm);
    cpu.mxcsr = 0x1f80;
    x86_mxcsr_discard(); /* MXCSR set afresh: no pending host flags */
    struct x86_cpu before = cpu;
    cpu.ctx.pc = CODE;
    x86_lift_block(&b, CODE, fetch, NULL);
    cr_assert_null(ir_validate(&b));
    struct interp_exit ex;
    cr_assert_eq(interp_run(&b, &cpu.ctx, &ex), INTERP_FAULT);
    cr_assert(ex.misaligned);
    cr_assert_eq(cpu.ctx.pc, CODE);
    cr_assert(memcmp(cpu.xmm, before.xmm, sizeof cpu.xmm) == 0);
    cr_assert_eq(x86_flag(&cpu, X86_RF_ZF), x86_flag(&before, X86_RF_ZF));
}

Test(x86_sse4_lift, misaligned_phaddw_faults)
{
    expect_misaligned((const uint8_t[]){0x66, 0x0f, 0x38, 0x01, 0x46, 0x08}, 6); /* phaddw xmm0,[rsi+0x8] */
}

Test(x86_sse4_lift, misaligned_ptest_faults)
{
    expect_misaligned((const uint8_t[]){0x66, 0x0f, 0x38, 0x17, 0x4e, 0x04}, 6); /* ptest xmm1,[rsi+0x4] */
}

Test(x86_sse4_lift, misaligned_movntdqa_faults)
{
    expect_misaligned((const uint8_t[]){0x66, 0x0f, 0x38, 0x2a, 0x56, 0x18}, 6); /* movntdqa xmm2,[rsi+0x18] */
}

Test(x86_sse4_lift, misaligned_roundps_faults)
{
    expect_misaligned((const uint8_t[]){0x66, 0x0f, 0x3a, 0x08, 0x46, 0x01, 0x04}, 7); /* roundps xmm0,[rsi+0x1],4 */
}

/* ---- the helper directly ---- */

static uint64_t helper(enum x86_sse_op op, size_t dst, size_t src,
                       unsigned imm8, uint64_t a, uint64_t bb)
{
    return ir_helper_x86_sse(&cpu.ctx, a, bb, 0, x86_sse_imm(op, dst, src, (uint8_t)imm8));
}

/* The mm forms write 8 bytes: the x87 exponent word after them stays. */
Test(x86_sse4_helper, mm_forms_write_only_eight_bytes)
{
    static const enum x86_sse_op ops[] = {
        X86_MMX_PSHUFB, X86_MMX_PHADDW, X86_MMX_PHADDD, X86_MMX_PHADDSW,
        X86_MMX_PHSUBW, X86_MMX_PHSUBD, X86_MMX_PHSUBSW, X86_MMX_PMADDUBSW,
        X86_MMX_PMULHRSW, X86_MMX_PSIGNB, X86_MMX_PSIGNW, X86_MMX_PSIGND,
        X86_MMX_PABSB, X86_MMX_PABSW, X86_MMX_PABSD, X86_MMX_PALIGNR,
    };
    for (size_t i = 0; i < sizeof ops / sizeof *ops; i++) {
        memset(cpu.st, 0x99, sizeof cpu.st);
        helper(ops[i], X86_MM_OFF(2), X86_MM_OFF(3), 3, 0, 0);
        for (unsigned k = 8; k < 16; k++)
            cr_assert_eq(cpu.st[2][k], 0x99, "op %zu wrote byte %u", i, k);
    }
    /* phaddw mm: (d0+d1, d2+d3, s0+s1, s2+s3) */
    uint16_t d[4] = {1, 2, 30, 40}, s[4] = {500, 600, 7000, 8000}, r[4];
    memcpy(cpu.st[0], d, 8);
    memcpy(cpu.st[1], s, 8);
    helper(X86_MMX_PHADDW, X86_MM_OFF(0), X86_MM_OFF(1), 0, 0, 0);
    memcpy(r, cpu.st[0], 8);
    cr_assert(r[0] == 3 && r[1] == 70 && r[2] == 1100 && r[3] == 15000);
}

static void put_string(unsigned reg, const char *s)
{
    memset(cpu.xmm[reg], 0, 16);
    memcpy(cpu.xmm[reg], s, strnlen(s, 16));
}

/* Hand-worked compares, the way glibc's strcmp, strchr/strcspn and
 * strstr use them. */
Test(x86_sse4_helper, string_compares_by_hand)
{
    /* equal each, negative masked (0x1a): first difference at 3 */
    put_string(1, "abcdef");
    put_string(2, "abcxef");
    uint64_t r = helper(X86_SSE_PCMPISTRI, X86_XMM_OFF(1), X86_XMM_OFF(2), 0x1a, 0, 0);
    cr_assert_eq(r >> X86_STR_INDEX_SHIFT, 3u);
    cr_assert_eq(r & 0xfff, X86_STR_FLAG_CF | X86_STR_FLAG_ZF | X86_STR_FLAG_SF);
    /* equal any (0x00): the first of "xz" in "abczyx" is at 3 */
    put_string(1, "xz");
    put_string(2, "abczyx");
    r = helper(X86_SSE_PCMPISTRI, X86_XMM_OFF(1), X86_XMM_OFF(2), 0x00, 0, 0);
    cr_assert_eq(r >> X86_STR_INDEX_SHIFT, 3u);
    /* most significant (0x40): the last one, at 5 */
    r = helper(X86_SSE_PCMPISTRI, X86_XMM_OFF(1), X86_XMM_OFF(2), 0x40, 0, 0);
    cr_assert_eq(r >> X86_STR_INDEX_SHIFT, 5u);
    /* equal ordered (0x0c): "lo" in "hello world" at 3 */
    put_string(1, "lo");
    put_string(2, "hello world");
    r = helper(X86_SSE_PCMPISTRI, X86_XMM_OFF(1), X86_XMM_OFF(2), 0x0c, 0, 0);
    cr_assert_eq(r >> X86_STR_INDEX_SHIFT, 3u);
    /* ranges (0x44, last): the last of 'a'..'z' in "ab1Cd9" is d at 4;
     * the byte mask (0x04, m form) has bits 0, 1, 4 */
    put_string(1, "az");
    put_string(2, "ab1Cd9");
    r = helper(X86_SSE_PCMPISTRI, X86_XMM_OFF(1), X86_XMM_OFF(2), 0x44, 0, 0);
    cr_assert_eq(r >> X86_STR_INDEX_SHIFT, 4u);
    helper(X86_SSE_PCMPISTRM, X86_XMM_OFF(1), X86_XMM_OFF(2), 0x04, 0, 0);
    uint64_t mask[2];
    memcpy(mask, cpu.xmm[0], 16);
    cr_assert(mask[0] == 0x13 && mask[1] == 0);
    /* explicit lengths: 2 of "abab..." (eax) against 16 (edx = -20,
     * saturated): equal each finds no null, so ZF clear, SF set */
    memset(cpu.xmm[1], 'a', 16);
    memset(cpu.xmm[2], 'a', 16);
    r = helper(X86_SSE_PCMPESTRI, X86_XMM_OFF(1), X86_XMM_OFF(2), 0x08, 2,
               (uint64_t)-20);
    cr_assert_eq(r & 0xfff, X86_STR_FLAG_CF | X86_STR_FLAG_SF | X86_STR_FLAG_OF);
}

/* crc32 is CRC-32C: the check value of "123456789" is 0xe3069283. */
Test(x86_sse4_helper, crc32c_check_value)
{
    const char *s = "123456789";
    uint64_t crc = 0xffffffff;
    for (unsigned i = 0; i < 9; i++)
        crc = helper(X86_SSE_CRC32, 0, 0, 1, (uint8_t)s[i], crc);
    cr_assert_eq(crc ^ 0xffffffff, 0xe3069283u);
}

/* cpuid leaf 1 reports SSE3, SSSE3, SSE4.1, SSE4.2 and none of the AVX
 * family (XSAVE, OSXSAVE, AVX; leaf 7: AVX2). */
Test(x86_sse4_helper, cpuid_reports_the_v2_sets_only)
{
    memset(&cpu.gpr, 0, sizeof cpu.gpr);
    cpu.gpr[X86_RAX_] = 1;
    ir_helper_x86_cpuid(&cpu.ctx, 0, 0, 0, 0);
    uint32_t ecx = (uint32_t)cpu.gpr[X86_RCX_];
    cr_assert_eq(ecx & (1u << 0 | 1u << 9 | 1u << 19 | 1u << 20),
                 1u << 0 | 1u << 9 | 1u << 19 | 1u << 20);
    cr_assert_eq(ecx & (1u << 26 | 1u << 27 | 1u << 28), 0u);
    cpu.gpr[X86_RAX_] = 7;
    cpu.gpr[X86_RCX_] = 0;
    ir_helper_x86_cpuid(&cpu.ctx, 0, 0, 0, 0);
    cr_assert_eq(cpu.gpr[X86_RBX_] & (1u << 5), 0u);
}
