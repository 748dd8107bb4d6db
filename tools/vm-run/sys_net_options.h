/*
 * sys_net_options.h — the network options of vm-run --system, in QEMU's
 * spelling: `-netdev user,id=X[,hostfwd=RULE]...` with `-device
 * virtio-net-device,netdev=X[,mac=52:54:00:12:34:56]`, or the shorthand
 * `-nic user[,hostfwd=RULE]...[,mac=M]` (both at once). RULE is
 * [tcp|udp]:[HOSTADDR]:HOSTPORT-[GUESTADDR]:GUESTPORT. One user network
 * for now.
 */
#ifndef VM_RUN_SYS_NET_OPTIONS_H
#define VM_RUN_SYS_NET_OPTIONS_H

#include "sys.h"

/* option: "-netdev" or "-nic"; value is split in place. 0, or -1 after
 * one "vm-run:" line. */
int sys_net_option(const char *option, char *value, struct sys_options *o);
/* The keys of -device virtio-net-device after its name (s may be NULL). */
int sys_net_device(char *s, struct sys_options *o);
/* Every NIC names the -netdev, which serves one NIC; 0 or -1 as above. */
int sys_net_options_finish(struct sys_options *o);

#endif
