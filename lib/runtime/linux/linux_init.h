/*
 * linux_init.h — what the Linux user-mode layer needs from the host
 * process before a guest runs (called once by rt_run).
 */
#ifndef VM_LINUX_INIT_H
#define VM_LINUX_INIT_H

/* Sets the host process's own signal dispositions the layer relies on
 * (SIGPIPE ignored). Returns 0 or -errno. */
int linux_host_init(void);

#endif
