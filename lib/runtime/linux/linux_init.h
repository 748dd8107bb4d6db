/*
 * linux_init.h — what the Linux user-mode layer needs from the host
 * process before a guest runs (called once by rt_run).
 */
#ifndef VM_LINUX_INIT_H
#define VM_LINUX_INIT_H

#include <stdint.h>

/* Sets the host process's own signal dispositions the layer relies on
 * (SIGPIPE ignored). Returns 0 or -errno. */
int linux_host_init(void);

/* Moves one of vm-run's own descriptors out of the guest's sight (to 1000
 * or above when the descriptor limit allows) and keeps the guest from
 * naming it. Returns the number to use from now on, or -errno. */
int linux_hide_fd(int fd);

struct rt_process;
/* The guest starts with what vm-run inherited: signals ignored then are
 * ignored by the guest (as across exec), and the host thread's signal
 * mask becomes the guest's (*mask); vm-run's own mask is then cleared. */
void linux_adopt_host_signals(struct rt_process *p, uint64_t *mask);

/* Called once the initial stack is built, sp pointing at argc: hides the
 * --log descriptor, records where argv and envp strings lie for /proc,
 * and names the host thread after the guest program as exec would. */
void linux_process_start(struct rt_process *p, uint64_t sp);

#endif
