/*
 * sys_snapshot.h — snapshots of a running virt board (the monitor's
 * savevm, vm-run's -loadvm): guest RAM (sparse: zero pages are left
 * out), each hart's state and each device's, in a versioned file of
 * length-prefixed sections (the format: SNAPSHOT.md in this folder).
 *
 * A snapshot is restored onto a board built from the same command line:
 * the images loaded at build are overwritten by the saved RAM, and the
 * RAM size, the hart count and the virtio devices (type, disk path and
 * size) must match. Disk contents are not in the snapshot (as with
 * QEMU's raw images), nor is the user network (-netdev: refused).
 */
#ifndef VM_SYS_SNAPSHOT_H
#define VM_SYS_SNAPSHOT_H

#include <stddef.h>
#include <stdio.h>

#include "dev_state.h"
#include "sys.h"
#include "sys_hart.h"

#define SYS_SNAPSHOT_MAGIC "VMSNAPSH"
#define SYS_SNAPSHOT_VERSION 1u

/* Saves or restores one hart (sys_snapshot_hart.c); a restore also
 * flushes its TLB and translated code. */
void sys_snapshot_hart(struct sys_hart *h, struct dev_state *s);

/* Writes the board of hart h (built from o) to path: 0, or -1 with a
 * short reason in err (the monitor prints it). */
int sys_snapshot_save(struct sys_hart *h, const struct sys_options *o,
                      const char *path, char *err, size_t err_size);

/* Restores path onto the freshly built board of h: 0, or after one
 * "vm-run: PATH: ..." line RT_STATUS_CANNOT_EXEC (not a snapshot, or
 * one of another board) or RT_STATUS_NOT_FOUND (no such file). */
int sys_snapshot_load(struct sys_hart *h, const struct sys_options *o,
                      const char *path);

/* ---- shared by the writer and the reader (sys_snapshot_board.c) ---- */

/* Section tags, 4 bytes each in the file. */
#define SYS_SNAP_BOARD "BORD"
#define SYS_SNAP_HART "HART"
#define SYS_SNAP_CLINT "CLNT"
#define SYS_SNAP_PLIC "PLIC"
#define SYS_SNAP_UART "UART"
#define SYS_SNAP_VIRTIO "VIRT"
#define SYS_SNAP_RAM "RAM "
#define SYS_SNAP_END "END "

/* The board's shape as the command line makes it ("BORD"): saved, and
 * compared on restore. NULL reason: it matches. */
void sys_snapshot_board(const struct sys_options *o, struct dev_state *s);
const char *sys_snapshot_board_differs(const struct sys_options *o,
                                       const void *rec, size_t len);

/* Little-endian integers of 1 to 8 bytes, as the whole file has them. */
void sys_snap_put_le(uint8_t *p, uint64_t v, unsigned bytes);
uint64_t sys_snap_get_le(const uint8_t *p, unsigned bytes);

/* Why this board cannot be saved, or NULL. */
const char *sys_snapshot_unsupported(const struct sys_hart *h,
                                     const struct sys_options *o);

/* RAM ("RAM "): writes the section, or restores it from f (its payload
 * of len bytes); 0, or -1 (the reader's reason in *why). */
int sys_snapshot_ram_write(FILE *f, const struct sys_hart *h,
                           const struct sys_options *o);
int sys_snapshot_ram_read(FILE *f, uint64_t len, struct sys_hart *h,
                          const struct sys_options *o, const char **why);

#endif
