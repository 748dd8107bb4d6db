/*
 * strace_names.c — the names --strace gives to flag and enumerated
 * arguments, one table per argument kind. The values are the riscv64
 * (asm-generic) ABI's, written out rather than taken from host headers:
 * the trace shows what the guest passed.
 */
#include <stdio.h>

#include "strace.h"

#define N(sym) (sizeof(sym) / sizeof((sym)[0]))
#define VALUES(v) .values = v, .nvalues = N(v)
#define BITS(b) .bits = b, .nbits = N(b)

static const struct lx_sym open_access[] = {
    {0, "O_RDONLY"}, {1, "O_WRONLY"}, {2, "O_RDWR"},
};
static const struct lx_sym open_bits[] = {
    {0100, "O_CREAT"},        {0200, "O_EXCL"},
    {0400, "O_NOCTTY"},       {01000, "O_TRUNC"},
    {02000, "O_APPEND"},      {04000, "O_NONBLOCK"},
    {04010000, "O_SYNC"},     {010000, "O_DSYNC"},
    {020000, "O_ASYNC"},      {040000, "O_DIRECT"},
    {0100000, "O_LARGEFILE"}, {020200000, "O_TMPFILE"},
    {0200000, "O_DIRECTORY"}, {0400000, "O_NOFOLLOW"},
    {01000000, "O_NOATIME"},  {02000000, "O_CLOEXEC"},
    {010000000, "O_PATH"},
};
static const struct lx_sym fd_bits[] = {
    {02000000, "O_CLOEXEC"}, {04000, "O_NONBLOCK"}, {040000, "O_DIRECT"},
};
static const struct lx_sym at_bits[] = {
    {0x100, "AT_SYMLINK_NOFOLLOW"}, {0x200, "AT_EACCESS"},
    {0x400, "AT_SYMLINK_FOLLOW"},   {0x800, "AT_NO_AUTOMOUNT"},
    {0x1000, "AT_EMPTY_PATH"},      {0x2000, "AT_STATX_FORCE_SYNC"},
    {0x4000, "AT_STATX_DONT_SYNC"},
};
static const struct lx_sym unlink_bits[] = {{0x200, "AT_REMOVEDIR"}};
static const struct lx_sym access_bits[] = {
    {4, "R_OK"}, {2, "W_OK"}, {1, "X_OK"},
};
static const struct lx_sym prot_bits[] = {
    {1, "PROT_READ"},
    {2, "PROT_WRITE"},
    {4, "PROT_EXEC"},
    {0x01000000, "PROT_GROWSDOWN"},
    {0x02000000, "PROT_GROWSUP"},
};
static const struct lx_sym map_types[] = {
    {1, "MAP_SHARED"}, {2, "MAP_PRIVATE"}, {3, "MAP_SHARED_VALIDATE"},
};
static const struct lx_sym map_bits[] = {
    {0x10, "MAP_FIXED"},           {0x20, "MAP_ANONYMOUS"},
    {0x100, "MAP_GROWSDOWN"},      {0x800, "MAP_DENYWRITE"},
    {0x1000, "MAP_EXECUTABLE"},    {0x2000, "MAP_LOCKED"},
    {0x4000, "MAP_NORESERVE"},     {0x8000, "MAP_POPULATE"},
    {0x10000, "MAP_NONBLOCK"},     {0x20000, "MAP_STACK"},
    {0x40000, "MAP_HUGETLB"},      {0x80000, "MAP_SYNC"},
    {0x100000, "MAP_FIXED_NOREPLACE"},
};
static const struct lx_sym mremap_bits[] = {
    {1, "MREMAP_MAYMOVE"}, {2, "MREMAP_FIXED"}, {4, "MREMAP_DONTUNMAP"},
};
static const struct lx_sym madvices[] = {
    {0, "MADV_NORMAL"},      {1, "MADV_RANDOM"},       {2, "MADV_SEQUENTIAL"},
    {3, "MADV_WILLNEED"},    {4, "MADV_DONTNEED"},     {8, "MADV_FREE"},
    {9, "MADV_REMOVE"},      {10, "MADV_DONTFORK"},    {11, "MADV_DOFORK"},
    {12, "MADV_MERGEABLE"},  {13, "MADV_UNMERGEABLE"}, {14, "MADV_HUGEPAGE"},
    {15, "MADV_NOHUGEPAGE"}, {16, "MADV_DONTDUMP"},    {17, "MADV_DODUMP"},
    {18, "MADV_WIPEONFORK"}, {19, "MADV_KEEPONFORK"},  {20, "MADV_COLD"},
    {21, "MADV_PAGEOUT"},
};
static const struct lx_sym whences[] = {
    {0, "SEEK_SET"}, {1, "SEEK_CUR"},  {2, "SEEK_END"},
    {3, "SEEK_DATA"}, {4, "SEEK_HOLE"},
};
static const struct lx_sym fcntl_cmds[] = {
    {0, "F_DUPFD"},           {1, "F_GETFD"},          {2, "F_SETFD"},
    {3, "F_GETFL"},           {4, "F_SETFL"},          {5, "F_GETLK"},
    {6, "F_SETLK"},           {7, "F_SETLKW"},         {8, "F_SETOWN"},
    {9, "F_GETOWN"},          {10, "F_SETSIG"},        {11, "F_GETSIG"},
    {15, "F_SETOWN_EX"},      {16, "F_GETOWN_EX"},     {36, "F_OFD_GETLK"},
    {37, "F_OFD_SETLK"},      {38, "F_OFD_SETLKW"},    {1024, "F_SETLEASE"},
    {1025, "F_GETLEASE"},     {1026, "F_NOTIFY"},      {1030, "F_DUPFD_CLOEXEC"},
    {1031, "F_SETPIPE_SZ"},   {1032, "F_GETPIPE_SZ"},  {1033, "F_ADD_SEALS"},
    {1034, "F_GET_SEALS"},
};
static const struct lx_sym ioctl_cmds[] = {
    {0x5401, "TCGETS"},     {0x5402, "TCSETS"},     {0x5403, "TCSETSW"},
    {0x5404, "TCSETSF"},    {0x540f, "TIOCGPGRP"},  {0x5410, "TIOCSPGRP"},
    {0x5413, "TIOCGWINSZ"}, {0x5414, "TIOCSWINSZ"}, {0x541b, "FIONREAD"},
    {0x5421, "FIONBIO"},    {0x5429, "TIOCGSID"},   {0x5450, "FIONCLEX"},
    {0x5451, "FIOCLEX"},    {0x5452, "FIOASYNC"},
};
/* Signals 1-31; the real-time ones are numbered (strace_args.c). */
static const struct lx_sym signals[] = {
    {1, "SIGHUP"},   {2, "SIGINT"},     {3, "SIGQUIT"},  {4, "SIGILL"},
    {5, "SIGTRAP"},  {6, "SIGABRT"},    {7, "SIGBUS"},   {8, "SIGFPE"},
    {9, "SIGKILL"},  {10, "SIGUSR1"},   {11, "SIGSEGV"}, {12, "SIGUSR2"},
    {13, "SIGPIPE"}, {14, "SIGALRM"},   {15, "SIGTERM"}, {16, "SIGSTKFLT"},
    {17, "SIGCHLD"}, {18, "SIGCONT"},   {19, "SIGSTOP"}, {20, "SIGTSTP"},
    {21, "SIGTTIN"}, {22, "SIGTTOU"},   {23, "SIGURG"},  {24, "SIGXCPU"},
    {25, "SIGXFSZ"}, {26, "SIGVTALRM"}, {27, "SIGPROF"}, {28, "SIGWINCH"},
    {29, "SIGIO"},   {30, "SIGPWR"},    {31, "SIGSYS"},
};
static const struct lx_sym sighows[] = {
    {0, "SIG_BLOCK"}, {1, "SIG_UNBLOCK"}, {2, "SIG_SETMASK"},
};
static const struct lx_sym clocks[] = {
    {0, "CLOCK_REALTIME"},         {1, "CLOCK_MONOTONIC"},
    {2, "CLOCK_PROCESS_CPUTIME_ID"}, {3, "CLOCK_THREAD_CPUTIME_ID"},
    {4, "CLOCK_MONOTONIC_RAW"},    {5, "CLOCK_REALTIME_COARSE"},
    {6, "CLOCK_MONOTONIC_COARSE"}, {7, "CLOCK_BOOTTIME"},
    {8, "CLOCK_REALTIME_ALARM"},   {9, "CLOCK_BOOTTIME_ALARM"},
    {11, "CLOCK_TAI"},
};
static const struct lx_sym timer_bits[] = {{1, "TIMER_ABSTIME"}};
static const struct lx_sym futex_cmds[] = {
    {0, "FUTEX_WAIT"},          {1, "FUTEX_WAKE"},
    {2, "FUTEX_FD"},            {3, "FUTEX_REQUEUE"},
    {4, "FUTEX_CMP_REQUEUE"},   {5, "FUTEX_WAKE_OP"},
    {6, "FUTEX_LOCK_PI"},       {7, "FUTEX_UNLOCK_PI"},
    {8, "FUTEX_TRYLOCK_PI"},    {9, "FUTEX_WAIT_BITSET"},
    {10, "FUTEX_WAKE_BITSET"},  {11, "FUTEX_WAIT_REQUEUE_PI"},
    {12, "FUTEX_CMP_REQUEUE_PI"}, {13, "FUTEX_LOCK_PI2"},
};
static const struct lx_sym futex_bits[] = {
    {128, "FUTEX_PRIVATE_FLAG"}, {256, "FUTEX_CLOCK_REALTIME"},
};
static const struct lx_sym rlimits[] = {
    {0, "RLIMIT_CPU"},      {1, "RLIMIT_FSIZE"},   {2, "RLIMIT_DATA"},
    {3, "RLIMIT_STACK"},    {4, "RLIMIT_CORE"},    {5, "RLIMIT_RSS"},
    {6, "RLIMIT_NPROC"},    {7, "RLIMIT_NOFILE"},  {8, "RLIMIT_MEMLOCK"},
    {9, "RLIMIT_AS"},       {10, "RLIMIT_LOCKS"},  {11, "RLIMIT_SIGPENDING"},
    {12, "RLIMIT_MSGQUEUE"}, {13, "RLIMIT_NICE"},  {14, "RLIMIT_RTPRIO"},
    {15, "RLIMIT_RTTIME"},
};
static const struct lx_sym rename_bits[] = {
    {1, "RENAME_NOREPLACE"}, {2, "RENAME_EXCHANGE"}, {4, "RENAME_WHITEOUT"},
};
static const struct lx_sym random_bits[] = {
    {1, "GRND_NONBLOCK"}, {2, "GRND_RANDOM"}, {4, "GRND_INSECURE"},
};

static const struct lx_syms syms[LXA_COUNT] = {
    [LXA_OPEN_FLAGS] = {.field_mask = 3, VALUES(open_access), BITS(open_bits),
                        .hex = true},
    [LXA_FD_FLAGS] = {BITS(fd_bits), .hex = true},
    [LXA_AT_FLAGS] = {BITS(at_bits), .hex = true},
    [LXA_UNLINK_FLAGS] = {BITS(unlink_bits), .hex = true},
    [LXA_ACCESS_MODE] = {BITS(access_bits), .zero = "F_OK", .hex = true},
    [LXA_PROT] = {BITS(prot_bits), .zero = "PROT_NONE", .hex = true},
    [LXA_MAP_FLAGS] = {.field_mask = 0xf, VALUES(map_types), BITS(map_bits),
                       .hex = true},
    [LXA_MREMAP_FLAGS] = {BITS(mremap_bits), .hex = true},
    [LXA_MADVICE] = {VALUES(madvices)},
    [LXA_WHENCE] = {VALUES(whences)},
    [LXA_FCNTL_CMD] = {VALUES(fcntl_cmds)},
    [LXA_IOCTL_CMD] = {VALUES(ioctl_cmds), .hex = true},
    [LXA_SIGNAL] = {VALUES(signals)},
    [LXA_SIGHOW] = {VALUES(sighows)},
    [LXA_CLOCK] = {VALUES(clocks)},
    [LXA_TIMER_FLAGS] = {BITS(timer_bits), .hex = true},
    [LXA_FUTEX_OP] = {.field_mask = 0x7f, VALUES(futex_cmds),
                      BITS(futex_bits), .hex = true},
    [LXA_RLIMIT] = {VALUES(rlimits)},
    [LXA_RENAME_FLAGS] = {BITS(rename_bits), .hex = true},
    [LXA_RANDOM_FLAGS] = {BITS(random_bits), .hex = true},
};

const struct lx_syms *lx_strace_syms(enum lx_arg_kind kind)
{
    if (kind >= LXA_COUNT)
        return NULL;
    const struct lx_syms *s = &syms[kind];
    return s->nvalues || s->nbits ? s : NULL;
}

static const char *lookup(const struct lx_sym *v, size_t n, uint64_t x)
{
    for (size_t i = 0; i < n; i++)
        if (v[i].value == x)
            return v[i].name;
    return NULL;
}

static void put_number(struct lx_line *l, const struct lx_syms *s,
                       uint64_t x)
{
    if (s->hex)
        lx_line_printf(l, "%#llx", (unsigned long long)x);
    else
        lx_line_printf(l, "%d", (int)x);
}

void lx_line_syms(struct lx_line *l, const struct lx_syms *s, uint64_t x)
{
    bool any = false;
    uint64_t rest = x;
    if (s->nvalues) {
        uint64_t mask = s->field_mask ? s->field_mask : UINT64_MAX;
        const char *name = lookup(s->values, s->nvalues, x & mask);
        if (name)
            lx_line_puts(l, name);
        else
            put_number(l, s, x & mask);
        rest = x & ~mask;
        any = true;
    }
    for (size_t i = 0; i < s->nbits && rest; i++) {
        if ((rest & s->bits[i].value) != s->bits[i].value)
            continue;
        lx_line_printf(l, "%s%s", any ? "|" : "", s->bits[i].name);
        rest &= ~s->bits[i].value;
        any = true;
    }
    if (!any && !rest && s->zero) {
        lx_line_puts(l, s->zero);
    } else if (rest || !any) {
        lx_line_puts(l, any ? "|" : "");
        put_number(l, s, rest);
    }
}
