/*
 * sys_fd.c — descriptor control: dup, dup3, pipe2, fcntl, ioctl.
 *
 * fcntl and ioctl take an argument whose meaning depends on the command,
 * so both pass through only the commands listed in a table that says how
 * the argument is carried (a value, or a structure of a known size read
 * from or written to the guest). The riscv64 structures involved (flock,
 * f_owner_ex, the kernel termios, winsize) are the asm-generic ones, whose
 * layout the x86-64 host kernel shares; test/abi checks the riscv64 side.
 * Unknown ioctls get -ENOTTY, unknown fcntl commands -EINVAL, as Linux
 * answers commands no driver implements.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <asm/termbits.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "linux_internal.h"

/* The guest's request numbers and structures go to the host unchanged. */
_Static_assert(TCGETS == LX_TCGETS && TCSETSF == LX_TCSETSF &&
                   TIOCGWINSZ == LX_TIOCGWINSZ && FIONREAD == LX_FIONREAD &&
                   TIOCGSID == LX_TIOCGSID && FIOASYNC == LX_FIOASYNC,
               "host ioctl numbers differ from riscv64's");
_Static_assert(sizeof(struct termios) == sizeof(struct lx_termios) &&
                   sizeof(struct winsize) == sizeof(struct lx_winsize),
               "host terminal structures differ from riscv64's");
_Static_assert(F_OFD_SETLKW == 38 && F_DUPFD_CLOEXEC == 1030 &&
                   sizeof(struct flock) == sizeof(struct lx_flock),
               "host fcntl ABI differs from riscv64's");

int64_t sys_dup(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    return lx_result(dup((int)a[0]));
}

int64_t sys_dup3(struct rt_thread *t, const uint64_t a[6])
{
    (void)t;
    int64_t r = lx_result(syscall(SYS_dup3, (int)a[0], (int)a[1], (int)a[2]));
    if (r >= 0)
        lx_signalfd_forget((int)a[1]);
    return r;
}

int64_t sys_pipe2(struct rt_thread *t, const uint64_t a[6])
{
    int fds[2];
    if (pipe2(fds, (int)a[1]) < 0)
        return -errno;
    if (mmu_write(t->proc->mmu, a[0], fds, sizeof(fds))) {
        /* As Linux: a pipe the guest cannot learn of is closed again. */
        close(fds[0]);
        close(fds[1]);
        return -EFAULT;
    }
    return 0;
}

/* How a command's third argument travels. */
enum lx_arg {
    ARG_NONE,  /* ignored */
    ARG_VALUE, /* an integer, passed as is */
    ARG_IN,    /* pointer to `size` bytes the host reads */
    ARG_OUT,   /* pointer to `size` bytes the host writes */
    ARG_INOUT, /* both */
};

struct lx_cmd {
    uint32_t cmd;
    uint8_t arg;   /* enum lx_arg */
    uint8_t size;
};

/* Linux looks the descriptor up before the command. */
static bool fd_valid(int fd)
{
    return fcntl(fd, F_GETFD) >= 0;
}

static const struct lx_cmd *find_cmd(const struct lx_cmd *table, size_t n,
                                     uint32_t cmd)
{
    for (size_t i = 0; i < n; i++)
        if (table[i].cmd == cmd)
            return &table[i];
    return NULL;
}

static int arg_prot(enum lx_arg arg)
{
    switch (arg) {
    case ARG_IN:
        return MMU_READ;
    case ARG_OUT:
        return MMU_WRITE;
    case ARG_INOUT:
        return MMU_READ | MMU_WRITE;
    default:
        return 0;
    }
}

/* The host-side argument for a table entry: the value, or a checked host
 * pointer into guest memory. False when the pointer is bad. */
static bool host_arg(struct rt_thread *t, const struct lx_cmd *c, uint64_t arg,
                     uint64_t *out)
{
    if (c->arg == ARG_NONE || c->arg == ARG_VALUE) {
        *out = c->arg == ARG_VALUE ? arg : 0;
        return true;
    }
    void *p = lx_guest_ptr(t, arg, c->size, arg_prot(c->arg));
    *out = (uint64_t)(uintptr_t)p;
    return p != NULL;
}

/* asm-generic/fcntl.h command numbers (x86-64 uses the same). */
static const struct lx_cmd fcntl_cmds[] = {
    {0, ARG_VALUE, 0},     /* F_DUPFD */
    {1, ARG_NONE, 0},      /* F_GETFD */
    {2, ARG_VALUE, 0},     /* F_SETFD */
    {3, ARG_NONE, 0},      /* F_GETFL */
    {4, ARG_VALUE, 0},     /* F_SETFL */
    {5, ARG_INOUT, sizeof(struct lx_flock)}, /* F_GETLK */
    {6, ARG_IN, sizeof(struct lx_flock)},    /* F_SETLK */
    {7, ARG_IN, sizeof(struct lx_flock)},    /* F_SETLKW */
    {8, ARG_VALUE, 0},     /* F_SETOWN */
    {9, ARG_NONE, 0},      /* F_GETOWN */
    {10, ARG_VALUE, 0},    /* F_SETSIG */
    {11, ARG_NONE, 0},     /* F_GETSIG */
    {15, ARG_IN, 8},       /* F_SETOWN_EX: struct f_owner_ex */
    {16, ARG_OUT, 8},      /* F_GETOWN_EX */
    {36, ARG_INOUT, sizeof(struct lx_flock)}, /* F_OFD_GETLK */
    {37, ARG_IN, sizeof(struct lx_flock)},    /* F_OFD_SETLK */
    {38, ARG_IN, sizeof(struct lx_flock)},    /* F_OFD_SETLKW */
    {1024, ARG_VALUE, 0},  /* F_SETLEASE */
    {1025, ARG_NONE, 0},   /* F_GETLEASE */
    {1026, ARG_VALUE, 0},  /* F_NOTIFY */
    {1030, ARG_VALUE, 0},  /* F_DUPFD_CLOEXEC */
    {1031, ARG_VALUE, 0},  /* F_SETPIPE_SZ */
    {1032, ARG_NONE, 0},   /* F_GETPIPE_SZ */
    {1033, ARG_VALUE, 0},  /* F_ADD_SEALS */
    {1034, ARG_NONE, 0},   /* F_GET_SEALS */
};

int64_t sys_fcntl(struct rt_thread *t, const uint64_t a[6])
{
    const struct lx_cmd *c = find_cmd(
        fcntl_cmds, sizeof(fcntl_cmds) / sizeof(fcntl_cmds[0]), (uint32_t)a[1]);
    if (!c)
        return fd_valid((int)a[0]) ? -EINVAL : -EBADF;
    uint64_t arg;
    if (!host_arg(t, c, a[2], &arg))
        return -EFAULT;
    return lx_result(syscall(SYS_fcntl, (int)a[0], (int)a[1], arg));
}

/* Terminal and generic file ioctls (asm-generic/ioctls.h). */
static const struct lx_cmd ioctl_cmds[] = {
    {LX_TCGETS, ARG_OUT, sizeof(struct lx_termios)},
    {LX_TCSETS, ARG_IN, sizeof(struct lx_termios)},
    {LX_TCSETSW, ARG_IN, sizeof(struct lx_termios)},
    {LX_TCSETSF, ARG_IN, sizeof(struct lx_termios)},
    {LX_TCSBRK, ARG_VALUE, 0},
    {LX_TCXONC, ARG_VALUE, 0},
    {LX_TCFLSH, ARG_VALUE, 0},
    {LX_TIOCGPGRP, ARG_OUT, 4},
    {LX_TIOCSPGRP, ARG_IN, 4},
    {LX_TIOCGWINSZ, ARG_OUT, sizeof(struct lx_winsize)},
    {LX_TIOCSWINSZ, ARG_IN, sizeof(struct lx_winsize)},
    {LX_FIONREAD, ARG_OUT, 4},
    {LX_FIONBIO, ARG_IN, 4},
    {LX_TIOCGSID, ARG_OUT, 4},
    {LX_FIONCLEX, ARG_NONE, 0},
    {LX_FIOCLEX, ARG_NONE, 0},
    {LX_FIOASYNC, ARG_IN, 4},
};

int64_t sys_ioctl(struct rt_thread *t, const uint64_t a[6])
{
    const struct lx_cmd *c = find_cmd(
        ioctl_cmds, sizeof(ioctl_cmds) / sizeof(ioctl_cmds[0]), (uint32_t)a[1]);
    if (!c)
        return fd_valid((int)a[0]) ? -ENOTTY : -EBADF;
    uint64_t arg;
    if (!host_arg(t, c, a[2], &arg))
        return -EFAULT;
    return lx_result(syscall(SYS_ioctl, (int)a[0], (unsigned long)a[1], arg));
}
