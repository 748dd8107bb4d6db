/*
 * sys_tty.h — the terminal a person runs vm-run --system on: stdin in raw
 * mode while the guest owns the console (every key, Ctrl-C included,
 * goes to the guest's UART), restored on every way out: a normal return,
 * exit(), and the signals that end the process.
 */
#ifndef VM_SYS_TTY_H
#define VM_SYS_TTY_H

#include <stdbool.h>

/* Raw mode on fd if it is a terminal (true then); false and no change
 * otherwise. One terminal at a time. */
bool sys_tty_raw(int fd);
/* Back to the settings sys_tty_raw found; safe to call more than once,
 * and from a signal handler. */
void sys_tty_restore(void);

#endif
