/*
 * strace_args.c — one argument of a traced call as text, by its kind.
 *
 * Guest memory is only read through the mmu's checked helpers: a string or
 * buffer that is not readable is shown as its address, never touched.
 * Strings are cut after STR_MAX bytes and buffers after BUF_PREVIEW (the
 * limits strace uses), both marked with "..." when cut.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <string.h>

#include "strace.h"

#define STR_MAX 64
#define BUF_PREVIEW 32
#define LX_AT_FDCWD (-100)
#define LX_SIGRTMIN 32
#define LX_O_CREAT 0100
#define LX_O_TMPFILE 020000000

static void put_ptr(struct lx_line *l, uint64_t p)
{
    if (p)
        lx_line_printf(l, "%#" PRIx64, p);
    else
        lx_line_puts(l, "NULL");
}

static void put_string(struct lx_line *l, const struct mmu *m, uint64_t p)
{
    uint8_t s[STR_MAX];
    int64_t n = mmu_strlen(m, p, STR_MAX + 1);
    if (n >= 0 && mmu_read(m, p, s, (uint64_t)n) == 0)
        lx_line_quote(l, s, (size_t)n, false);
    else if (n < 0 && mmu_read(m, p, s, STR_MAX) == 0)
        lx_line_quote(l, s, STR_MAX, true); /* longer than STR_MAX */
    else
        put_ptr(l, p);
}

/* The first bytes of a buffer of len bytes. */
static void put_buffer(struct lx_line *l, const struct mmu *m, uint64_t p,
                       uint64_t len)
{
    uint8_t b[BUF_PREVIEW];
    uint64_t n = len < BUF_PREVIEW ? len : BUF_PREVIEW;
    if (p && mmu_read(m, p, b, n) == 0)
        lx_line_quote(l, b, (size_t)n, n < len);
    else
        put_ptr(l, p);
}

static void put_signal(struct lx_line *l, uint64_t x)
{
    int sig = (int)x;
    if (sig == LX_SIGRTMIN)
        lx_line_puts(l, "SIGRTMIN");
    else if (sig > LX_SIGRTMIN && sig <= RT_NSIG)
        lx_line_printf(l, "SIGRT_%d", sig - LX_SIGRTMIN);
    else
        lx_line_syms(l, lx_strace_syms(LXA_SIGNAL), x);
}

bool lx_strace_arg(struct lx_line *l, struct rt_thread *t,
                   enum lx_arg_kind kind, const uint64_t a[6], int i,
                   int64_t result)
{
    const struct mmu *m = t->proc->mmu;
    uint64_t x = a[i];
    switch (kind) {
    case LXA_INT:
    case LXA_FD:
        lx_line_printf(l, "%d", (int)x);
        break;
    case LXA_LONG:
        lx_line_printf(l, "%" PRId64, (int64_t)x);
        break;
    case LXA_SIZE:
        lx_line_printf(l, "%" PRIu64, x);
        break;
    case LXA_HEX:
        lx_line_printf(l, "%#" PRIx64, x);
        break;
    case LXA_PTR:
        put_ptr(l, x);
        break;
    case LXA_DIRFD:
        if ((int)x == LX_AT_FDCWD)
            lx_line_puts(l, "AT_FDCWD");
        else
            lx_line_printf(l, "%d", (int)x);
        break;
    case LXA_PATH:
        put_string(l, m, x);
        break;
    case LXA_WBUF:
        put_buffer(l, m, x, i + 1 < LX_STRACE_MAX_ARGS ? a[i + 1] : 0);
        break;
    case LXA_RBUF:
        /* Filled only when the call succeeded, and only that far. */
        if (result > 0)
            put_buffer(l, m, x, (uint64_t)result);
        else
            put_ptr(l, x);
        break;
    case LXA_CREATE_MODE:
        if (i == 0 || !(a[i - 1] & (LX_O_CREAT | LX_O_TMPFILE)))
            return false;
        lx_line_printf(l, "%#" PRIo64, x & 07777);
        break;
    case LXA_MODE:
        lx_line_printf(l, "%#" PRIo64, x & 07777);
        break;
    case LXA_SIGNAL:
        put_signal(l, x);
        break;
    default: {
        const struct lx_syms *s = lx_strace_syms(kind);
        if (s)
            /* Flags and commands are C ints in the kernel's prototypes. */
            lx_line_syms(l, s, x & UINT32_MAX);
        else
            lx_line_printf(l, "%#" PRIx64, x);
        break;
    }
    }
    return true;
}

void lx_strace_result(struct lx_line *l, int64_t r, bool addr)
{
    if (r < 0 && r >= -4095) {
        const char *msg = strerrordesc_np((int)-r);
        lx_line_printf(l, " = -1 errno=%d (%s)", (int)-r,
                       msg ? msg : "Unknown error");
    } else if (addr) {
        lx_line_printf(l, " = %#" PRIx64, (uint64_t)r);
    } else {
        lx_line_printf(l, " = %" PRId64, r);
    }
}
