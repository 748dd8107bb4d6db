/*
 * sys_board.c — the virt and spike boards as QEMU builds them: RAM at
 * 0x80000000, a reset ROM at 0x1000 that jumps to the firmware with
 * a0 = hart id, a1 = device tree, a2 = struct fw_dynamic_info (OpenSBI's
 * fw_dynamic reads the next stage's address and mode from it), then the
 * devices. `-bios none` starts the kernel directly.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dev_syscon.h"
#include "dev_virtio_blk.h"
#include "dev_virtio_console.h"
#include "dev_virtio_net.h"
#include "dev_virtio_rng.h"
#include "dev_virt.h"
#include "riscv64_priv.h"
#include "sys_board.h"

#define FW_DYNAMIC_MAGIC 0x4942534full /* "OSBI" */
#define FW_DYNAMIC_VERSION 2
#define NEXT_MODE_S 1
#define KERNEL_ALIGN (2ull << 20)
#define FDT_ALIGN (2ull << 20)
#define FDT_MAX_ADDR 0xc0000000ull /* 3 GiB: reachable by RV32 too */
#define ROM_INFO_OFF 40
#define INITRD_MAX_GAP (128ull << 20)

/* auipc t0,0; addi a2,t0,40; csrr a0,mhartid; ld a1,32(t0); ld t0,24(t0);
 * jr t0 — then start address (+24), device tree (+32), fw_dynamic_info. */
static const uint32_t reset_code[] = {0x00000297, 0x02828613, 0xf1402573,
                                      0x0202b583, 0x0182b283, 0x00028067};

static int error(const char *msg)
{
    fprintf(stderr, "vm-run: %s\n", msg);
    return RT_STATUS_USAGE;
}

static int write_rom(struct sys_board *b, uint64_t start, uint64_t fdt,
                     uint64_t next)
{
    uint8_t rom[ROM_INFO_OFF + 6 * 8] = {0};
    memcpy(rom, reset_code, sizeof(reset_code));
    memcpy(rom + 24, &start, 8);
    memcpy(rom + 32, &fdt, 8);
    uint64_t info[6] = {FW_DYNAMIC_MAGIC, FW_DYNAMIC_VERSION, next,
                        NEXT_MODE_S, 0, 0};
    memcpy(rom + ROM_INFO_OFF, info, sizeof(info));
    return mmu_phys_load(b->phys, DEV_VIRT_MROM, rom, sizeof(rom));
}

static struct dev_irq line(struct sys_board *b, unsigned hart, unsigned n)
{
    return (struct dev_irq){b->irq_set, b->irq_opaque[hart], n};
}

static int add_common(struct sys_board *b, const struct sys_options *o)
{
    if (!mmu_phys_add_ram(b->phys, DEV_VIRT_MROM, DEV_VIRT_MROM_SIZE, true) ||
        !mmu_phys_add_ram(b->phys, DEV_VIRT_DRAM, o->ram_size, false))
        return error("cannot allocate guest RAM");
    struct dev_irq msip[SYS_HARTS_MAX], mtip[SYS_HARTS_MAX];
    for (unsigned h = 0; h < b->harts; h++) {
        msip[h] = line(b, h, RV_IRQ_MSI);
        mtip[h] = line(b, h, RV_IRQ_MTI);
    }
    b->clint = dev_clint_new(b->harts, msip, mtip);
    if (!b->clint || mmu_phys_add_io(b->phys, DEV_VIRT_CLINT, DEV_CLINT_SIZE,
                                     &dev_clint_ops, b->clint))
        return error("out of memory");
    return 0;
}

static int add_virt_devices(struct sys_board *b)
{
    struct dev_irq ctx[SYS_HARTS_MAX * DEV_PLIC_CONTEXTS_PER_HART];
    for (unsigned h = 0; h < b->harts; h++) {
        ctx[2 * h] = line(b, h, RV_IRQ_MEI);
        ctx[2 * h + 1] = line(b, h, RV_IRQ_SEI);
    }
    b->plic = dev_plic_new(b->harts * DEV_PLIC_CONTEXTS_PER_HART, ctx);
    if (!b->plic || mmu_phys_add_io(b->phys, DEV_VIRT_PLIC, DEV_PLIC_SIZE,
                                    &dev_plic_ops, b->plic))
        return error("out of memory");
    b->uart = dev_uart_new(STDOUT_FILENO,
                           (struct dev_irq){dev_plic_set, b->plic,
                                            DEV_VIRT_UART0_IRQ});
    b->console = sys_console_new(STDIN_FILENO, STDOUT_FILENO, &b->power);
    if (!b->uart || !b->console ||
        mmu_phys_add_io(b->phys, DEV_VIRT_UART0, DEV_UART_SIZE, &dev_uart_ops,
                        b->uart) ||
        mmu_phys_add_io(b->phys, DEV_VIRT_TEST, DEV_SYSCON_SIZE,
                        &dev_syscon_ops, &b->power))
        return error("out of memory");
    return 0;
}

/* A raw image: its size is the disk's; a directory or a device node
 * other than a block device is not an image. */
static int open_drive(const struct sys_virtio *d, int *fd, uint64_t *size)
{
    *fd = open(d->file, (d->readonly ? O_RDONLY : O_RDWR) | O_CLOEXEC);
    struct stat st;
    if (*fd < 0) {
        int e = errno;
        fprintf(stderr, "vm-run: %s: cannot open drive: %s\n", d->file,
                strerror(e));
        return e == ENOENT ? RT_STATUS_NOT_FOUND : RT_STATUS_CANNOT_EXEC;
    }
    if (fstat(*fd, &st) || !S_ISREG(st.st_mode)) {
        close(*fd);
        fprintf(stderr, "vm-run: %s: not a raw disk image (a regular file)\n",
                d->file);
        return RT_STATUS_CANNOT_EXEC;
    }
    *size = (uint64_t)st.st_size;
    return 0;
}

/* The user network's frames for the guest; the NIC drops them while its
 * driver is not ready, as a NIC that is off does. */
static void to_nic(void *board, const uint8_t *frame, size_t len)
{
    struct sys_board *b = board;
    if (b->nic)
        dev_virtio_net_receive(b->nic, frame, len);
}

/* The NIC and the user network behind it (one, sys_net_options.c). */
static struct dev_virtio *new_nic(struct sys_board *b,
                                  const struct sys_options *o,
                                  const struct sys_virtio *d,
                                  struct dev_irq irq, int *status)
{
    b->slirp = dev_slirp_new(o->netdev.fwd, o->netdev.fwd_count,
                             (struct dev_slirp_deliver){to_nic, b});
    if (!b->slirp) {
        *status = RT_STATUS_USAGE;
        return NULL;
    }
    if (b->threaded)
        dev_slirp_set_lock(b->slirp, &b->io_lock);
    b->nic = dev_virtio_net_new(b->phys, irq, d->mac,
                                (struct dev_net_backend){dev_slirp_send,
                                                         b->slirp});
    return b->nic;
}

static struct dev_virtio *new_virtio(struct sys_board *b,
                                     const struct sys_options *o,
                                     const struct sys_virtio *d,
                                     struct dev_irq irq, int *status)
{
    *status = 0;
    if (d->kind == SYS_VIRTIO_RNG)
        return dev_virtio_rng_new(b->phys, irq);
    if (d->kind == SYS_VIRTIO_CONSOLE)
        return dev_virtio_console_new(b->phys, irq, STDOUT_FILENO);
    if (d->kind == SYS_VIRTIO_NET)
        return new_nic(b, o, d, irq, status);
    int fd;
    uint64_t size;
    if ((*status = open_drive(d, &fd, &size)))
        return NULL;
    struct dev_virtio *v = dev_virtio_blk_new(b->phys, irq, fd, size,
                                              d->readonly, d->serial);
    if (!v)
        close(fd);
    return v;
}

/* Slots from the top down, in command-line order, as QEMU fills them. */
static int add_virtio(struct sys_board *b, const struct sys_options *o)
{
    for (unsigned i = 0; i < o->virtio_count; i++) {
        unsigned slot = DEV_VIRT_VIRTIO_SLOTS - 1 - i;
        struct dev_irq irq = {dev_plic_set, b->plic, DEV_VIRT_VIRTIO_IRQ + slot};
        int status;
        b->virtio[i] = new_virtio(b, o, &o->virtio[i], irq, &status);
        if (status)
            return status;
        if (!b->virtio[i] ||
            mmu_phys_add_io(b->phys,
                            DEV_VIRT_VIRTIO + slot * DEV_VIRT_VIRTIO_STRIDE,
                            DEV_VIRTIO_SIZE, &dev_virtio_ops, b->virtio[i]))
            return error("out of memory");
        b->virtio_slots |= 1u << slot;
        if (o->virtio[i].kind == SYS_VIRTIO_CONSOLE && b->console)
            sys_console_set_hvc(b->console, b->virtio[i]);
    }
    return 0;
}

static int add_htif(struct sys_board *b, const struct sys_image *img)
{
    if (!img->tohost || b->htif) /* one HTIF: the first image's */
        return 0;
    b->htif = dev_htif_new(b->phys, &b->power, STDOUT_FILENO);
    if (!b->htif ||
        mmu_phys_add_io(b->phys, img->tohost, 8, &dev_htif_ops,
                        dev_htif_tohost(b->htif)) ||
        (img->fromhost &&
         mmu_phys_add_io(b->phys, img->fromhost, 8, &dev_htif_ops,
                         dev_htif_fromhost(b->htif))))
        return error("out of memory");
    return 0;
}

/* The device tree: -dtb's, or virt's own; placed as QEMU does, 2 MiB
 * aligned below the end of RAM (or 3 GiB). */
static int place_fdt(struct sys_board *b, const struct sys_options *o,
                     uint64_t initrd_start, uint64_t initrd_end,
                     uint64_t *addr)
{
    void *fdt = NULL;
    size_t size = 0;
    *addr = 0;
    if (o->dtb) {
        FILE *f = fopen(o->dtb, "rb");
        if (!f) {
            fprintf(stderr, "vm-run: %s: cannot open\n", o->dtb);
            return RT_STATUS_NOT_FOUND;
        }
        fdt = malloc(1 << 20);
        size = fdt ? fread(fdt, 1, 1 << 20, f) : 0;
        fclose(f);
        if (size < 40) {
            free(fdt);
            fprintf(stderr, "vm-run: %s: not a device tree\n", o->dtb);
            return RT_STATUS_CANNOT_EXEC;
        }
    } else if (o->machine == SYS_MACHINE_VIRT) {
        struct dev_fdt_config c = {.ram_base = DEV_VIRT_DRAM,
                                   .ram_size = o->ram_size,
                                   .harts = b->harts,
                                   .bootargs = o->append,
                                   .initrd_start = initrd_start,
                                   .initrd_end = initrd_end,
                                   .virtio_slots = b->virtio_slots};
        fdt = dev_fdt_virt(&c, &size);
        if (!fdt)
            return error("cannot build the device tree");
    } else {
        return 0; /* spike: riscv-tests need none */
    }
    uint64_t end = DEV_VIRT_DRAM + o->ram_size;
    if (end > FDT_MAX_ADDR)
        end = FDT_MAX_ADDR;
    *addr = (end - size) & ~(FDT_ALIGN - 1);
    int r = mmu_phys_load(b->phys, *addr, fdt, size);
    free(fdt);
    return r ? error("device tree does not fit in RAM") : 0;
}

/* Several harts run on their own threads: devices behind one lock. */
static int make_threaded(struct sys_board *b)
{
    pthread_mutexattr_t a;
    if (pthread_mutexattr_init(&a) ||
        pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE) ||
        pthread_mutex_init(&b->io_lock, &a))
        return error("cannot make the device lock");
    pthread_mutexattr_destroy(&a);
    if (sys_board_pause_init(b)) {
        pthread_mutex_destroy(&b->io_lock);
        return error("cannot make the pause lock");
    }
    b->threaded = true;
    mmu_phys_set_io_lock(b->phys, &b->io_lock);
    return 0;
}

int sys_board_build(struct sys_board *b, const struct sys_options *o)
{
    b->harts = o->harts ? o->harts : 1;
    b->phys = mmu_phys_new();
    if (!b->phys)
        return error("out of memory");
    if (b->harts > 1 && o->machine != SYS_MACHINE_VIRT)
        return error("-smp above 1 needs -M virt");
    if ((b->harts > 1 || o->threaded) && make_threaded(b))
        return RT_STATUS_USAGE;
    if (o->virtio_count && o->machine != SYS_MACHINE_VIRT)
        return error("virtio devices (-drive, -device) need -M virt");
    int r = add_common(b, o);
    if (!r && o->machine == SYS_MACHINE_VIRT)
        r = add_virt_devices(b);
    if (!r && o->machine == SYS_MACHINE_VIRT)
        r = add_virtio(b, o);
    if (r)
        return r;
    bool bios = !o->bios || strcmp(o->bios, "none") != 0;
    const char *bios_path = !o->bios || strcmp(o->bios, "default") == 0
                                ? SYS_DEFAULT_BIOS : o->bios;
    struct sys_image fw = {0}, kernel = {0};
    if (bios && (r = sys_load_image(b->phys, bios_path, DEV_VIRT_DRAM, &fw)))
        return r;
    if (bios && (r = add_htif(b, &fw)))
        return r;
    uint64_t kernel_at = bios ? (fw.end + KERNEL_ALIGN - 1) & ~(KERNEL_ALIGN - 1)
                              : DEV_VIRT_DRAM;
    if (o->kernel && (r = sys_load_image(b->phys, o->kernel, kernel_at,
                                         &kernel)))
        return r;
    if (o->kernel && (r = add_htif(b, &kernel)))
        return r;
    if (!bios && !o->kernel)
        return error("-bios none needs -kernel");
    /* QEMU's place: far enough above the kernel for it to unpack, low
     * enough to be reachable (half of RAM, at most 128 MiB up). */
    uint64_t initrd = 0, initrd_end = 0;
    if (o->initrd) {
        if (!o->kernel)
            return error("-initrd needs -kernel");
        uint64_t gap = o->ram_size / 2 < INITRD_MAX_GAP ? o->ram_size / 2
                                                        : INITRD_MAX_GAP;
        initrd = (kernel.entry + gap + 4095) & ~4095ull;
        if ((r = sys_load_flat(b->phys, o->initrd, initrd, &initrd_end)))
            return r;
    }
    uint64_t fdt;
    if ((r = place_fdt(b, o, initrd, initrd_end, &fdt)))
        return r;
    uint64_t start = bios ? fw.entry : kernel.entry;
    if (write_rom(b, start, fdt, o->kernel ? kernel.entry : 0))
        return error("cannot write the reset ROM");
    b->reset_pc = DEV_VIRT_MROM;
    return 0;
}

void sys_board_free(struct sys_board *b)
{
    dev_clint_free(b->clint);
    dev_uart_free(b->uart);
    sys_console_free(b->console);
    dev_plic_free(b->plic);
    dev_htif_free(b->htif);
    for (unsigned i = 0; i < SYS_VIRTIO_MAX; i++)
        dev_virtio_free(b->virtio[i]);
    dev_slirp_free(b->slirp);
    mmu_phys_free(b->phys);
    if (b->threaded) {
        pthread_mutex_destroy(&b->io_lock);
        sys_board_pause_free(b);
    }
}

void sys_board_poll(struct sys_board *b, int ms)
{
    int fd = b->console ? sys_console_fd(b->console) : -1;
    if (b->slirp) {
        dev_slirp_poll(b->slirp, fd, ms);
    } else if (ms > 0) {
        /* No fd (spike, or input ended) just sleeps: poll ignores -1. */
        struct pollfd p = {.fd = fd, .events = POLLIN};
        poll(&p, 1, ms);
    }
    if (b->console) {
        if (b->threaded)
            pthread_mutex_lock(&b->io_lock);
        sys_console_poll(b->console, b->uart);
        if (b->threaded)
            pthread_mutex_unlock(&b->io_lock);
    }
    if (b->poll_hook)
        b->poll_hook(b->poll_opaque);
}
