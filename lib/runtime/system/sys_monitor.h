/*
 * sys_monitor.h — a human monitor on a UNIX socket (-monitor
 * unix:PATH,server,nowait), in QEMU's HMP spelling: stop, cont,
 * info registers, info status, savevm FILE, quit, help. One client at a
 * time; the hart is never slowed by it: the board's device poll (every
 * POLL_EVERY blocks, and in wfi's sleep) looks at the socket, and `stop`
 * keeps the hart inside that poll, the guest clock paused, until `cont`
 * or `quit`.
 */
#ifndef VM_SYS_MONITOR_H
#define VM_SYS_MONITOR_H

#include "sys.h"
#include "sys_hart.h"

struct sys_monitor;

/* Listens on path (an old socket file there is replaced) for the
 * board of hart h; NULL after one "vm-run: ..." line. */
struct sys_monitor *sys_monitor_new(const char *path, struct sys_hart *h,
                                    const struct sys_options *o);
/* Closes the connection and removes the socket file; NULL is fine. */
void sys_monitor_free(struct sys_monitor *m);
/* The board's poll hook (opaque = the monitor): serves what the client
 * sent; while stopped, waits here for more. */
void sys_monitor_poll(void *monitor);

#endif
