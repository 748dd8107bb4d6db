/*
 * mmu_phys.h — a system-mode guest physical address space: RAM and ROM
 * regions backed by host memory, and MMIO regions that dispatch to a
 * device through the device contract below (TinyEMU's iomem idea).
 *
 * MMIO wins over RAM where they overlap (HTIF's tohost sits inside RAM),
 * and a page that holds any MMIO is never "plain RAM": the TLB only
 * caches plain RAM pages, so every MMIO access reaches its device.
 */
#ifndef VM_MMU_PHYS_H
#define VM_MMU_PHYS_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

/* The device contract: offset is relative to the region's base, size is
 * 1, 2, 4 or 8 and the access lies inside the region. */
struct mmu_io_ops {
    uint64_t (*read)(void *opaque, uint64_t offset, unsigned size);
    void (*write)(void *opaque, uint64_t offset, unsigned size,
                  uint64_t value);
};

struct mmu_phys;

struct mmu_phys *mmu_phys_new(void);
void mmu_phys_free(struct mmu_phys *p);
/* Device accesses (mmu_phys_read/write reaching MMIO) hold lock from now
 * on: a board whose harts run on several threads serialises its devices
 * with it. NULL (the default): no lock. */
void mmu_phys_set_io_lock(struct mmu_phys *p, pthread_mutex_t *lock);

/* Adds zeroed host-backed memory; returns its host address, or NULL
 * (out of memory, too many regions). ROM is read-only to the guest. */
uint8_t *mmu_phys_add_ram(struct mmu_phys *p, uint64_t base, uint64_t size,
                          bool rom);
/* Adds an MMIO region; 0, or -1 when the table is full. */
int mmu_phys_add_io(struct mmu_phys *p, uint64_t base, uint64_t size,
                    const struct mmu_io_ops *ops, void *opaque);

/*
 * Host address of the plain RAM page (4 KiB) holding paddr, or NULL when
 * the page is not wholly RAM/ROM without MMIO. *writable is false for ROM.
 */
uint8_t *mmu_phys_page(const struct mmu_phys *p, uint64_t paddr,
                       bool *writable);

/* A naturally sized access anywhere: RAM, ROM or MMIO. Returns 0, or -1
 * when nothing is there (an access fault; writes to ROM too). */
int mmu_phys_read(const struct mmu_phys *p, uint64_t paddr, unsigned size,
                  uint64_t *value);
int mmu_phys_write(const struct mmu_phys *p, uint64_t paddr, unsigned size,
                   uint64_t value);

/* Copies an image into RAM/ROM (loaders); -1 if not wholly inside one. */
int mmu_phys_load(struct mmu_phys *p, uint64_t paddr, const void *src,
                  uint64_t len);

#endif
