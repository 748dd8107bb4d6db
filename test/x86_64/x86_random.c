/*
 * x86_random.c — draws random instructions from xr_forms, encodes them
 * with Zydis and builds start states (see x86_random.h for the register
 * roles that keep memory operands meaningful).
 */
#include "x86_random.h"

#include <string.h>

#include "tier1_harness.h"
#include "x86_64.h"

void xr_seed(struct xr *g, uint64_t seed)
{
    g->state = seed * 0x9e3779b97f4a7c15ull + 1;
}

uint64_t xr_next(struct xr *g)
{
    g->state ^= g->state >> 12;
    g->state ^= g->state << 25;
    g->state ^= g->state >> 27;
    return g->state * 0x2545f4914f6cdd1dull;
}

static unsigned below(struct xr *g, unsigned n)
{
    return (unsigned)(xr_next(g) % n);
}

/* Registers by size index (0: 1 byte .. 3: 8 bytes). Writable ones leave
 * out the pointer and index registers (rbx, rsp, rbp, rsi, rdi, r15). */
static const ZydisRegister writable[4][13] = {
    {ZYDIS_REGISTER_AL, ZYDIS_REGISTER_CL, ZYDIS_REGISTER_DL, ZYDIS_REGISTER_AH,
     ZYDIS_REGISTER_CH, ZYDIS_REGISTER_DH, ZYDIS_REGISTER_R8B, ZYDIS_REGISTER_R9B,
     ZYDIS_REGISTER_R10B, ZYDIS_REGISTER_R11B, ZYDIS_REGISTER_R12B,
     ZYDIS_REGISTER_R13B, ZYDIS_REGISTER_R14B},
    {ZYDIS_REGISTER_AX, ZYDIS_REGISTER_CX, ZYDIS_REGISTER_DX, ZYDIS_REGISTER_R8W,
     ZYDIS_REGISTER_R9W, ZYDIS_REGISTER_R10W, ZYDIS_REGISTER_R11W,
     ZYDIS_REGISTER_R12W, ZYDIS_REGISTER_R13W, ZYDIS_REGISTER_R14W},
    {ZYDIS_REGISTER_EAX, ZYDIS_REGISTER_ECX, ZYDIS_REGISTER_EDX,
     ZYDIS_REGISTER_R8D, ZYDIS_REGISTER_R9D, ZYDIS_REGISTER_R10D,
     ZYDIS_REGISTER_R11D, ZYDIS_REGISTER_R12D, ZYDIS_REGISTER_R13D,
     ZYDIS_REGISTER_R14D},
    {ZYDIS_REGISTER_RAX, ZYDIS_REGISTER_RCX, ZYDIS_REGISTER_RDX,
     ZYDIS_REGISTER_R8, ZYDIS_REGISTER_R9, ZYDIS_REGISTER_R10, ZYDIS_REGISTER_R11,
     ZYDIS_REGISTER_R12, ZYDIS_REGISTER_R13, ZYDIS_REGISTER_R14},
};
static const unsigned n_writable[4] = {13, 10, 10, 10};

/* Any register of a size: the encoding order of each class. */
static ZydisRegister any_register(struct xr *g, unsigned size_index)
{
    static const ZydisRegister first[4] = {ZYDIS_REGISTER_AL, ZYDIS_REGISTER_AX,
                                           ZYDIS_REGISTER_EAX, ZYDIS_REGISTER_RAX};
    if (size_index == 0) /* al..bh (incl. ah..bh), spl..dil, r8b..r15b */
        return (ZydisRegister)(ZYDIS_REGISTER_AL + below(g, 20));
    return (ZydisRegister)(first[size_index] + below(g, 16));
}

static unsigned size_index(unsigned size)
{
    return size == 1 ? 0 : size == 2 ? 1 : size == 4 ? 2 : 3;
}

static unsigned pick_size(struct xr *g, unsigned mask)
{
    unsigned n = 0, sizes[4];
    for (unsigned s = 1; s <= 8; s <<= 1)
        if (mask & s)
            sizes[n++] = s;
    return n ? sizes[below(g, n)] : 0;
}

static int64_t interesting(struct xr *g)
{
    static const int64_t v[] = {0, 1, -1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000,
                                0xffff, 0x7fffffff, INT64_C(0x80000000),
                                INT64_C(0xffffffff), INT64_MAX, INT64_MIN, 63, 64};
    switch (below(g, 4)) {
    case 0:
        return v[below(g, sizeof(v) / sizeof(v[0]))];
    case 1:
        return (int64_t)below(g, 256) - 128;
    default:
        return (int64_t)xr_next(g);
    }
}

static int64_t sign_extend(int64_t v, unsigned bytes)
{
    unsigned shift = 64 - 8 * bytes;
    return (int64_t)((uint64_t)v << shift) >> shift;
}

/* A memory operand: mostly through rbx/rbp into the data pages, sometimes
 * through rsp, rsi (read-only page), rdi (hole), rip, or far away. */
static void draw_memory(struct xr *g, ZydisEncoderOperand *op, unsigned size,
                        bool *rip_relative)
{
    /* Weights out of 40: rbx 14, rbp 12, rsp 4, rip 4, rsi 4, rdi 2. */
    static const struct { ZydisRegister reg; unsigned upto; } bases[] = {
        {ZYDIS_REGISTER_RBX, 14}, {ZYDIS_REGISTER_RBP, 26},
        {ZYDIS_REGISTER_RSP, 30}, {ZYDIS_REGISTER_RIP, 34},
        {ZYDIS_REGISTER_RSI, 38}, {ZYDIS_REGISTER_RDI, 40}};
    op->type = ZYDIS_OPERAND_TYPE_MEMORY;
    op->mem.size = (ZyanU16)size;
    unsigned w = below(g, 40), b = 0;
    while (w >= bases[b].upto)
        b++;
    op->mem.base = bases[b].reg;
    *rip_relative = op->mem.base == ZYDIS_REGISTER_RIP;
    if (*rip_relative)
        return; /* displacement set once the length is known */
    if (below(g, 4) == 0) {
        op->mem.index = ZYDIS_REGISTER_R15;
        op->mem.scale = (ZyanU8)(1u << below(g, 4));
    }
    /* Mostly 16-byte multiples: aligned SSE accesses must work too. */
    unsigned r = below(g, 40);
    op->mem.displacement = r == 0   ? (int64_t)below(g, 0x10000) - 0x8000
                           : r < 28 ? 16 * ((int64_t)below(g, 16) - 8)
                                    : (int64_t)below(g, 256) - 128;
}

struct draft {
    ZydisEncoderRequest req;
    int rip_operand; /* operand index of a rip-relative access, or -1 */
};

/* Fills operand i of kind k (size: the form's operand size; narrow: the
 * source size of XK_NRSM). */
static void draw_operand(struct xr *g, struct draft *d, unsigned i,
                         enum xr_kind k, unsigned size, unsigned narrow)
{
    ZydisEncoderOperand *op = &d->req.operands[i];
    bool rip = false;
    if ((k == XK_RWM || k == XK_RSM || k == XK_NRSM || k == XK_XM ||
         k == XK_MMM) && below(g, 3) == 0)
        k = k == XK_XM || k == XK_MMM ? XK_MT : XK_M;
    if (k == XK_NRSM)
        k = XK_RS, size = narrow;
    else if (k == XK_M && narrow)
        size = narrow;
    switch (k) {
    case XK_RW:
    case XK_RWM: {
        unsigned s = size_index(size);
        op->type = ZYDIS_OPERAND_TYPE_REGISTER;
        op->reg.value = writable[s][below(g, n_writable[s])];
        break;
    }
    case XK_RS:
    case XK_RSM:
        op->type = ZYDIS_OPERAND_TYPE_REGISTER;
        op->reg.value = any_register(g, size_index(size));
        break;
    case XK_M:
    case XK_AGEN: /* Zydis wants lea's operand sized like its result */
        draw_memory(g, op, size, &rip);
        break;
    case XK_MT:
        draw_memory(g, op, 0, &rip); /* size found by xr_encode */
        break;
    case XK_IMM:
        op->type = ZYDIS_OPERAND_TYPE_IMMEDIATE;
        op->imm.s = sign_extend(interesting(g), size > 4 && d->req.mnemonic !=
                                ZYDIS_MNEMONIC_MOV ? 4 : size);
        break;
    case XK_IMM8:
    case XK_ONE:
        op->type = ZYDIS_OPERAND_TYPE_IMMEDIATE;
        op->imm.u = k == XK_ONE ? 1 : below(g, 256);
        break;
    case XK_CL:
        op->type = ZYDIS_OPERAND_TYPE_REGISTER;
        op->reg.value = ZYDIS_REGISTER_CL;
        break;
    case XK_X:
    case XK_XM:
        op->type = ZYDIS_OPERAND_TYPE_REGISTER;
        op->reg.value = (ZydisRegister)(ZYDIS_REGISTER_XMM0 + below(g, 8));
        break;
    case XK_MM:
    case XK_MMM:
        op->type = ZYDIS_OPERAND_TYPE_REGISTER;
        op->reg.value = (ZydisRegister)(ZYDIS_REGISTER_MM0 + below(g, 8));
        break;
    case XK_NONE:
    case XK_NRSM:
        break;
    }
    if (rip)
        d->rip_operand = (int)i;
}

/* Encodes d at pc into out; memory operands drawn without a size get the
 * first size the encoder accepts, rip-relative ones a displacement that
 * reaches the data pages. Returns the length, 0 when not encodable. */
static unsigned encode(struct xr *g, struct draft *d, uint64_t pc, uint8_t *out)
{
    static const ZyanU16 trial[] = {16, 8, 4, 2, 1, 0};
    int sized = -1;
    for (unsigned i = 0; i < d->req.operand_count; i++)
        if (d->req.operands[i].type == ZYDIS_OPERAND_TYPE_MEMORY &&
            d->req.operands[i].mem.size == 0)
            sized = (int)i;
    uint64_t target = H_DATA + 0x100 + 16 * below(g, 0x380);
    for (unsigned t = 0; t < sizeof(trial) / sizeof(trial[0]); t++) {
        if (sized >= 0)
            d->req.operands[sized].mem.size = trial[t];
        ZyanUSize len = ZYDIS_MAX_INSTRUCTION_LENGTH;
        if (d->rip_operand >= 0)
            d->req.operands[d->rip_operand].mem.displacement = 0x10000000;
        if (ZYAN_FAILED(ZydisEncoderEncodeInstruction(&d->req, out, &len))) {
            if (sized < 0)
                return 0;
            continue;
        }
        if (d->rip_operand < 0)
            return (unsigned)len;
        /* Same length with the real 32-bit displacement. */
        d->req.operands[d->rip_operand].mem.displacement =
            (int64_t)(target - (pc + len));
        ZyanUSize len2 = ZYDIS_MAX_INSTRUCTION_LENGTH;
        if (ZYAN_FAILED(ZydisEncoderEncodeInstruction(&d->req, out, &len2)) ||
            len2 != len)
            return 0;
        return (unsigned)len;
    }
    return 0;
}

/* Draws and encodes one instruction of form f at pc. */
static unsigned draw_form(struct xr *g, const struct xr_form *f, uint64_t pc,
                          uint8_t *out)
{
    struct draft d;
    memset(&d, 0, sizeof(d));
    d.rip_operand = -1;
    d.req.machine_mode = ZYDIS_MACHINE_MODE_LONG_64;
    d.req.mnemonic = f->mnemonic;
    unsigned size = pick_size(g, f->sizes);
    for (unsigned i = 0; i < 3 && f->kind[i] != XK_NONE; i++) {
        draw_operand(g, &d, i, (enum xr_kind)f->kind[i], size,
                     f->kind[i] == XK_NRSM ? pick_size(g, f->narrow) : 0);
        d.req.operand_count = (ZyanU8)(i + 1);
    }
    if ((f->flags & XF_LOCK) && d.req.operands[0].type == ZYDIS_OPERAND_TYPE_MEMORY &&
        below(g, 2) == 0)
        d.req.prefixes = ZYDIS_ATTRIB_HAS_LOCK;
    return encode(g, &d, pc, out);
}

/* The dividend set-up before a div/idiv of size: zero or sign-extend the
 * high half, so that most divisions do not raise #DE. */
static unsigned dividend_setup(struct xr *g, bool is_signed, unsigned size,
                               uint64_t pc, uint8_t *out)
{
    struct draft d;
    memset(&d, 0, sizeof(d));
    d.rip_operand = -1;
    d.req.machine_mode = ZYDIS_MACHINE_MODE_LONG_64;
    static const ZydisMnemonic sign[4] = {ZYDIS_MNEMONIC_CBW, ZYDIS_MNEMONIC_CWD,
                                          ZYDIS_MNEMONIC_CDQ, ZYDIS_MNEMONIC_CQO};
    if (is_signed) {
        d.req.mnemonic = sign[size_index(size)];
    } else {
        d.req.mnemonic = ZYDIS_MNEMONIC_MOVZX;
        d.req.operand_count = 2;
        d.req.operands[0].type = d.req.operands[1].type = ZYDIS_OPERAND_TYPE_REGISTER;
        d.req.operands[0].reg.value = ZYDIS_REGISTER_EAX; /* ah = 0 */
        d.req.operands[1].reg.value = ZYDIS_REGISTER_AL;
        if (size > 1) {
            d.req.mnemonic = ZYDIS_MNEMONIC_XOR;
            d.req.operands[0].reg.value = ZYDIS_REGISTER_EDX;
            d.req.operands[1].reg.value = ZYDIS_REGISTER_EDX;
        }
    }
    return encode(g, &d, pc, out);
}

/* The size a div/idiv was encoded with, from its bytes. */
static unsigned operand_size_of(const uint8_t *bytes, size_t len)
{
    ZydisDecoder dec;
    ZydisDecoderInit(&dec, ZYDIS_MACHINE_MODE_LONG_64, ZYDIS_STACK_WIDTH_64);
    ZydisDecodedInstruction insn;
    if (ZYAN_FAILED(ZydisDecoderDecodeInstruction(&dec, NULL, bytes, len, &insn)))
        return 8;
    return insn.operand_width / 8;
}

const uint8_t *xr_fetch(void *arg, uint64_t pc, uint64_t *avail)
{
    const struct xr_code *c = arg;
    if (pc < c->pc || pc >= c->pc + c->len) {
        *avail = 0;
        return NULL;
    }
    *avail = c->pc + c->len - pc;
    return c->bytes + (pc - c->pc);
}

bool xr_form_is_sse(const struct xr_form *f)
{
    for (unsigned i = 0; i < 3; i++)
        if (f->kind[i] == XK_X || f->kind[i] == XK_XM || f->kind[i] == XK_MM ||
            f->kind[i] == XK_MMM)
            return true;
    return false;
}

/* Appends one drawn instruction (with its set-up); false when the draw
 * failed to encode, is not of the family or was an unlifted one to drop. */
static bool append_form(struct xr *g, struct xr_code *c, enum xr_family family,
                        struct xr_coverage *cov)
{
    _Static_assert(sizeof(cov->encoded) / sizeof(cov->encoded[0]) >= 400,
                   "coverage arrays hold every form");
    unsigned fi = below(g, (unsigned)xr_forms_len);
    const struct xr_form *f = &xr_forms[fi];
    if (family != XR_ALL && xr_form_is_sse(f) != (family == XR_SSE))
        return false;
    uint8_t insn[ZYDIS_MAX_INSTRUCTION_LENGTH];
    uint64_t pc = c->pc + c->len;
    struct xr replay = *g; /* to encode the same draw again elsewhere */
    unsigned n = draw_form(g, f, pc, insn);
    if (n == 0)
        return false;
    unsigned len;
    enum x86_probe p = x86_lift_probe(insn, n, pc, &len, NULL);
    if (p != X86_PROBE_LIFTED && below(g, 8) != 0)
        return false;
    cov->encoded[fi]++;
    cov->lifted[fi] += p == X86_PROBE_LIFTED;
    if ((f->flags & XF_DIV) && below(g, 4) != 0) {
        bool is_signed = f->mnemonic == ZYDIS_MNEMONIC_IDIV;
        unsigned k = dividend_setup(g, is_signed, operand_size_of(insn, n), pc,
                                    c->bytes + c->len);
        c->len += k;
        c->n_insns += k > 0;
        /* The same division after the set-up (a rip operand re-aimed). */
        n = draw_form(&replay, f, c->pc + c->len, insn);
    }
    memcpy(c->bytes + c->len, insn, n);
    c->len += n;
    c->n_insns++;
    return true;
}

void xr_stream(struct xr *g, struct xr_code *c, uint64_t pc,
               enum xr_family family, struct xr_coverage *cov)
{
    c->pc = pc;
    c->len = 0;
    c->n_insns = 0;
    unsigned want = 1 + below(g, XR_MAX_INSNS);
    size_t starts[XR_MAX_INSNS * 2 + 1], branch_at[XR_MAX_INSNS];
    unsigned branch_to[XR_MAX_INSNS], n_branches = 0, n = 0;
    for (unsigned tries = 0; n < want && tries < 100 * XR_MAX_INSNS; tries++) {
        starts[n] = c->len;
        if (below(g, 12) == 0 && n + 1 < want) {
            /* A short forward jcc (or jmp) to an instruction up to four
             * ahead, or to the end of the stream; patched below. */
            bool jmp = below(g, 5) == 0;
            c->bytes[c->len] = jmp ? 0xeb : (uint8_t)(0x70 + below(g, 16));
            c->bytes[c->len + 1] = 0;
            branch_at[n_branches] = c->len;
            branch_to[n_branches++] = n + 1 + below(g, 4);
            c->len += 2;
            c->n_insns++;
            n++;
            continue;
        }
        if (append_form(g, c, family, cov))
            n++;
    }
    starts[n] = c->len;
    for (unsigned i = 0; i < n_branches; i++) {
        unsigned to = branch_to[i] < n ? branch_to[i] : n;
        c->bytes[branch_at[i] + 1] = (uint8_t)(starts[to] - (branch_at[i] + 2));
    }
}

void xr_state(struct xr *g, struct x86_cpu *cpu)
{
    for (unsigned r = 0; r < 16; r++)
        cpu->gpr[r] = (uint64_t)interesting(g);
    cpu->gpr[X86_RBX_] = H_DATA + 0x100 + (below(g, 4) ? 16 : 1) * below(g, 0x3c0);
    cpu->gpr[X86_RBP_] = H_DATA + 0x100 + (below(g, 4) ? 16 : 1) * below(g, 0x3c0);
    cpu->gpr[X86_RSP_] = H_DATA + 0x2000;
    cpu->gpr[X86_RSI_] = H_RO + 0x100 + 16 * below(g, 0xc0);
    cpu->gpr[X86_RDI_] = H_HOLE + 0x800;
    cpu->gpr[X86_R15_] = 16 * below(g, 4) + (below(g, 2) ? 0 : below(g, 16));
    /* Any value of a flag source is some set of flags (x86_64_state.h):
     * start from ones no instruction writes, as well as plain ones. */
    cpu->cf = below(g, 2);
    cpu->zf_src = below(g, 2) ? 0 : xr_next(g);
    cpu->pf_src = xr_next(g);
    cpu->sf_src = xr_next(g);
    cpu->of_a = xr_next(g);
    cpu->of_b = below(g, 2) ? cpu->of_a : xr_next(g);
    cpu->df = 0;
    cpu->mxcsr = X86_MXCSR_DEFAULT;
    for (unsigned i = 0; i < 16; i++)
        for (unsigned k = 0; k < 16; k += 8) {
            uint64_t v = xr_next(g);
            memcpy(&cpu->xmm[i][k], &v, 8);
        }
    /* The MMX registers are the low 8 bytes of the x87 slots. */
    for (unsigned i = 0; i < 8; i++) {
        uint64_t v = (uint64_t)interesting(g);
        memcpy(cpu->st[i], &v, 8);
    }
}

void xr_memory(struct xr *g, uint8_t *mem, size_t len)
{
    for (size_t i = 0; i < len; i += 8) {
        uint64_t v = below(g, 4) == 0 ? (uint64_t)interesting(g) : xr_next(g);
        memcpy(mem + i, &v, len - i < 8 ? len - i : 8);
    }
}
