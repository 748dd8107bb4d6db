/*
 * sys_tty.c — raw mode and its restoring (see sys_tty.h).
 */
#include "sys_tty.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved;
static volatile sig_atomic_t saved_fd = -1;

/* The signals whose default action ends the process: the terminal must
 * not be left raw behind a kill, a hangup or a crash. */
static const int fatal_signals[] = {SIGHUP, SIGINT, SIGQUIT, SIGTERM,
                                    SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2,
                                    SIGSEGV, SIGBUS, SIGFPE, SIGILL,
                                    SIGABRT, SIGXCPU};

void sys_tty_restore(void)
{
    int fd = saved_fd;
    if (fd >= 0) {
        tcsetattr(fd, TCSAFLUSH, &saved); /* async-signal-safe */
        saved_fd = -1;
    }
}

/* Restores, then dies of the same signal with its default action. */
static void on_fatal_signal(int sig)
{
    sys_tty_restore();
    signal(sig, SIG_DFL);
    raise(sig);
}

static void at_exit(void)
{
    sys_tty_restore();
}

bool sys_tty_raw(int fd)
{
    static bool hooked;
    struct termios t;
    if (saved_fd >= 0 || !isatty(fd) || tcgetattr(fd, &t))
        return false;
    saved = t;
    if (!hooked) {
        hooked = true;
        atexit(at_exit);
        struct sigaction sa;
        memset(&sa, 0, sizeof(sa));
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        /* Only where nobody handles the signal already. */
        for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(*fatal_signals);
             i++) {
            struct sigaction old;
            if (sigaction(fatal_signals[i], NULL, &old) == 0 &&
                old.sa_handler == SIG_DFL)
                sigaction(fatal_signals[i], &sa, NULL);
        }
    }
    /* As QEMU's stdio backend: no echo, no line editing, no signals from
     * keys, 8-bit input; output processing stays on (the guest's \r\n
     * reaches the screen as it is). */
    t.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL |
                   IXON);
    t.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN | ISIG);
    t.c_cflag &= ~(CSIZE | PARENB);
    t.c_cflag |= CS8;
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    saved_fd = fd;
    if (tcsetattr(fd, TCSANOW, &t)) {
        saved_fd = -1;
        return false;
    }
    return true;
}
