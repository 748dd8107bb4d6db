/*
 * sys_console.h — the console of vm-run --system: stdin into the board's
 * UART, or into hvc0 when the board has a virtio console, with QEMU's
 * escape keys (its -nographic "mon:stdio" multiplexer):
 *   Ctrl-A x       quit (status 0, as QEMU)
 *   Ctrl-A c       switch input between the UART and hvc0
 *   Ctrl-A Ctrl-A  send one Ctrl-A to the guest
 *   Ctrl-A h       list the keys
 * Every other byte, Ctrl-C included, goes to the guest. A terminal on
 * stdin is put in raw mode (sys_tty.h) for as long as the console lives.
 */
#ifndef VM_SYS_CONSOLE_H
#define VM_SYS_CONSOLE_H

#include "dev.h"
#include "dev_uart.h"
#include "dev_virtio.h"

struct sys_console;

/* Reads in_fd; messages (help, "Terminated") go to msg_fd; Ctrl-A x
 * powers the board off through power. */
struct sys_console *sys_console_new(int in_fd, int msg_fd,
                                    struct dev_power *power);
void sys_console_free(struct sys_console *c);
/* A virtio console (hvc0) on the board: input goes there from now on,
 * until Ctrl-A c switches it to the UART (and back), as QEMU's character
 * multiplexer does between its front ends. */
void sys_console_set_hvc(struct sys_console *c, struct dev_virtio *hvc);
/* Moves the waiting input (as much as the UART or hvc0 takes) there. */
void sys_console_poll(struct sys_console *c, struct dev_uart *u);
/* The fd to wait on for input, or -1 after end of input. */
int sys_console_fd(const struct sys_console *c);

#endif
