/*
 * gdb_target_x86_64.c — the x86-64 guest as gdb sees it ('i386:x86-64'):
 * org.gnu.gdb.i386.core (general registers, rip, eflags, the segment
 * selectors Linux gives a user process, the x87 stack and its control
 * words), org.gnu.gdb.i386.sse (xmm0-15, mxcsr) and
 * org.gnu.gdb.i386.segments (fs_base, gs_base). EFLAGS is assembled from
 * the per-flag words of the CPU state; ST(i) is physical register
 * (top + i) mod 8.
 */
#include "gdb_target.h"

#include <stddef.h>
#include <string.h>

#include "x86_64_state.h"

enum { CORE, SSE, SEGMENTS };

static const struct gdb_feature features[] = {
    [CORE] = {"org.gnu.gdb.i386.core",
              "  <flags id=\"i386_eflags\" size=\"4\">\n"
              "    <field name=\"CF\" start=\"0\" end=\"0\"/>\n"
              "    <field name=\"\" start=\"1\" end=\"1\"/>\n"
              "    <field name=\"PF\" start=\"2\" end=\"2\"/>\n"
              "    <field name=\"AF\" start=\"4\" end=\"4\"/>\n"
              "    <field name=\"ZF\" start=\"6\" end=\"6\"/>\n"
              "    <field name=\"SF\" start=\"7\" end=\"7\"/>\n"
              "    <field name=\"TF\" start=\"8\" end=\"8\"/>\n"
              "    <field name=\"IF\" start=\"9\" end=\"9\"/>\n"
              "    <field name=\"DF\" start=\"10\" end=\"10\"/>\n"
              "    <field name=\"OF\" start=\"11\" end=\"11\"/>\n"
              "    <field name=\"AC\" start=\"18\" end=\"18\"/>\n"
              "    <field name=\"ID\" start=\"21\" end=\"21\"/>\n"
              "  </flags>\n"},
    [SSE] = {"org.gnu.gdb.i386.sse",
             "  <vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n"
             "  <vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n"
             "  <vector id=\"v16i8\" type=\"int8\" count=\"16\"/>\n"
             "  <vector id=\"v8i16\" type=\"int16\" count=\"8\"/>\n"
             "  <vector id=\"v4i32\" type=\"int32\" count=\"4\"/>\n"
             "  <vector id=\"v2i64\" type=\"int64\" count=\"2\"/>\n"
             "  <union id=\"vec128\">\n"
             "    <field name=\"v4_float\" type=\"v4f\"/>\n"
             "    <field name=\"v2_double\" type=\"v2d\"/>\n"
             "    <field name=\"v16_int8\" type=\"v16i8\"/>\n"
             "    <field name=\"v8_int16\" type=\"v8i16\"/>\n"
             "    <field name=\"v4_int32\" type=\"v4i32\"/>\n"
             "    <field name=\"v2_int64\" type=\"v2i64\"/>\n"
             "    <field name=\"uint128\" type=\"uint128\"/>\n"
             "  </union>\n"
             "  <flags id=\"i386_mxcsr\" size=\"4\">\n"
             "    <field name=\"IE\" start=\"0\" end=\"0\"/>\n"
             "    <field name=\"DE\" start=\"1\" end=\"1\"/>\n"
             "    <field name=\"ZE\" start=\"2\" end=\"2\"/>\n"
             "    <field name=\"OE\" start=\"3\" end=\"3\"/>\n"
             "    <field name=\"UE\" start=\"4\" end=\"4\"/>\n"
             "    <field name=\"PE\" start=\"5\" end=\"5\"/>\n"
             "    <field name=\"DAZ\" start=\"6\" end=\"6\"/>\n"
             "    <field name=\"IM\" start=\"7\" end=\"7\"/>\n"
             "    <field name=\"DM\" start=\"8\" end=\"8\"/>\n"
             "    <field name=\"ZM\" start=\"9\" end=\"9\"/>\n"
             "    <field name=\"OM\" start=\"10\" end=\"10\"/>\n"
             "    <field name=\"UM\" start=\"11\" end=\"11\"/>\n"
             "    <field name=\"PM\" start=\"12\" end=\"12\"/>\n"
             "    <field name=\"FZ\" start=\"15\" end=\"15\"/>\n"
             "  </flags>\n"},
    [SEGMENTS] = {"org.gnu.gdb.i386.segments", ""},
};

/* Register numbers of the computed registers. */
enum {
    R_EFLAGS = 17, R_CS, R_SS, R_DS, R_ES, R_FS, R_GS,
    R_ST0, R_ST7 = R_ST0 + 7,
    R_FCTRL, R_FSTAT, R_FTAG, R_FISEG, R_FIOFF, R_FOSEG, R_FOOFF, R_FOP,
    R_XMM0, R_MXCSR = R_XMM0 + 16,
    R_FS_BASE, R_GS_BASE,
};

#define GPR_AT(regnum, name, enc, type) \
    {name, regnum, 8, CORE, type, NULL, (int32_t)X86_GPR_OFF(enc)}
#define COMPUTED(regnum, name, bytes, feature, type, group) \
    {name, regnum, bytes, feature, type, group, -1}
#define ST(i) COMPUTED(R_ST0 + (i), "st" #i, 10, CORE, "i387_ext", NULL)
#define XMM(i) \
    {"xmm" #i, R_XMM0 + (i), 16, SSE, "vec128", NULL, (int32_t)X86_XMM_OFF(i)}

/* gdb's amd64 order: rax rbx rcx rdx rsi rdi rbp rsp r8..r15. */
static const struct gdb_reg regs[] = {
    GPR_AT(0, "rax", X86_RAX_, "int64"), GPR_AT(1, "rbx", X86_RBX_, "int64"),
    GPR_AT(2, "rcx", X86_RCX_, "int64"), GPR_AT(3, "rdx", X86_RDX_, "int64"),
    GPR_AT(4, "rsi", X86_RSI_, "int64"), GPR_AT(5, "rdi", X86_RDI_, "int64"),
    GPR_AT(6, "rbp", X86_RBP_, "data_ptr"),
    GPR_AT(7, "rsp", X86_RSP_, "data_ptr"),
    GPR_AT(8, "r8", X86_R8_, "int64"), GPR_AT(9, "r9", X86_R9_, "int64"),
    GPR_AT(10, "r10", X86_R10_, "int64"), GPR_AT(11, "r11", X86_R11_, "int64"),
    GPR_AT(12, "r12", X86_R12_, "int64"), GPR_AT(13, "r13", X86_R13_, "int64"),
    GPR_AT(14, "r14", X86_R14_, "int64"), GPR_AT(15, "r15", X86_R15_, "int64"),
    {"rip", 16, 8, CORE, "code_ptr", NULL,
     (int32_t)offsetof(struct ir_ctx, pc)},
    COMPUTED(R_EFLAGS, "eflags", 4, CORE, "i386_eflags", NULL),
    COMPUTED(R_CS, "cs", 4, CORE, "int32", NULL),
    COMPUTED(R_SS, "ss", 4, CORE, "int32", NULL),
    COMPUTED(R_DS, "ds", 4, CORE, "int32", NULL),
    COMPUTED(R_ES, "es", 4, CORE, "int32", NULL),
    COMPUTED(R_FS, "fs", 4, CORE, "int32", NULL),
    COMPUTED(R_GS, "gs", 4, CORE, "int32", NULL),
    ST(0), ST(1), ST(2), ST(3), ST(4), ST(5), ST(6), ST(7),
    COMPUTED(R_FCTRL, "fctrl", 4, CORE, "int", "float"),
    COMPUTED(R_FSTAT, "fstat", 4, CORE, "int", "float"),
    COMPUTED(R_FTAG, "ftag", 4, CORE, "int", "float"),
    COMPUTED(R_FISEG, "fiseg", 4, CORE, "int", "float"),
    COMPUTED(R_FIOFF, "fioff", 4, CORE, "int", "float"),
    COMPUTED(R_FOSEG, "foseg", 4, CORE, "int", "float"),
    COMPUTED(R_FOOFF, "fooff", 4, CORE, "int", "float"),
    COMPUTED(R_FOP, "fop", 4, CORE, "int", "float"),
    XMM(0), XMM(1), XMM(2), XMM(3), XMM(4), XMM(5), XMM(6), XMM(7),
    XMM(8), XMM(9), XMM(10), XMM(11), XMM(12), XMM(13), XMM(14), XMM(15),
    {"mxcsr", R_MXCSR, 4, SSE, "i386_mxcsr", "vector",
     (int32_t)X86_MXCSR_OFF},
    {"fs_base", R_FS_BASE, 8, SEGMENTS, "int", NULL,
     (int32_t)X86_FS_BASE_OFF},
    {"gs_base", R_GS_BASE, 8, SEGMENTS, "int", NULL,
     (int32_t)X86_GS_BASE_OFF},
};

/* Linux's user code and stack selectors (__USER_CS, __USER_DS). */
#define USER_CS 0x33u
#define USER_SS 0x2bu

static uint32_t computed32(const struct x86_cpu *c, unsigned regnum)
{
    switch (regnum) {
    case R_EFLAGS: return (uint32_t)x86_rflags(c);
    case R_CS: return USER_CS;
    case R_SS: return USER_SS;
    case R_FCTRL: return c->fcw;
    case R_FSTAT: return (c->fsw & ~0x3800u) | (c->ftop & 7u) << 11;
    case R_FTAG: return c->ftw;
    default: return 0; /* ds es fs gs, the x87 pointers */
    }
}

static void read_special(const struct ir_ctx *cpu, const struct gdb_reg *r,
                         uint8_t *out)
{
    const struct x86_cpu *c = (const struct x86_cpu *)cpu;
    if (r->regnum >= R_ST0 && r->regnum <= R_ST7) {
        memcpy(out, c->st[(c->ftop + r->regnum - R_ST0) & 7], 10);
        return;
    }
    uint32_t v = computed32(c, r->regnum);
    memcpy(out, &v, 4);
}

static void write_special(struct ir_ctx *cpu, const struct gdb_reg *r,
                          const uint8_t *in)
{
    struct x86_cpu *c = (struct x86_cpu *)cpu;
    if (r->regnum >= R_ST0 && r->regnum <= R_ST7) {
        memcpy(c->st[(c->ftop + r->regnum - R_ST0) & 7], in, 10);
        return;
    }
    uint32_t v;
    memcpy(&v, in, 4);
    switch (r->regnum) {
    case R_EFLAGS: x86_set_rflags(c, v); break;
    case R_FCTRL: c->fcw = (uint16_t)v; break;
    case R_FSTAT:
        c->fsw = (uint16_t)(v & ~0x3800u);
        c->ftop = (uint8_t)((v >> 11) & 7);
        break;
    case R_FTAG: c->ftw = (uint16_t)v; break;
    default: break; /* selectors and x87 pointers are fixed here */
    }
}

const struct gdb_target gdb_target_x86_64 = {
    .arch = "i386:x86-64",
    .osabi = "GNU/Linux",
    .features = features,
    .nfeatures = sizeof(features) / sizeof(*features),
    .regs = regs,
    .nregs = sizeof(regs) / sizeof(*regs),
    .read_special = read_special,
    .write_special = write_special,
};
