/*
 * dev_htif.c — HTIF tohost/fromhost (see dev_htif.h). A 64-bit word may
 * be written in two 32-bit halves; the command runs when its last byte
 * (offset 7) is written.
 */
#include "dev_htif.h"

#include <stdlib.h>
#include <unistd.h>

#define SYS_WRITE 64
#define MAX_WRITE 4096

struct htif_word {
    struct dev_htif *h;
    uint64_t value;
};

struct dev_htif {
    const struct mmu_phys *mem;
    struct dev_power *power;
    int out_fd;
    struct htif_word tohost, fromhost;
};

struct dev_htif *dev_htif_new(const struct mmu_phys *mem,
                              struct dev_power *power, int out_fd)
{
    struct dev_htif *h = calloc(1, sizeof(*h));
    if (!h)
        return NULL;
    h->mem = mem;
    h->power = power;
    h->out_fd = out_fd;
    h->tohost.h = h;
    h->fromhost.h = h;
    return h;
}

void dev_htif_free(struct dev_htif *h)
{
    free(h);
}

void *dev_htif_tohost(struct dev_htif *h)
{
    return &h->tohost;
}

void *dev_htif_fromhost(struct dev_htif *h)
{
    return &h->fromhost;
}

static uint64_t mem_u64(const struct dev_htif *h, uint64_t addr)
{
    uint64_t v = 0;
    mmu_phys_read(h->mem, addr, 8, &v);
    return v;
}

/* The proxied system call: magic_mem = {number, arg0, arg1, arg2...}. */
static void syscall_proxy(struct dev_htif *h, uint64_t addr)
{
    uint64_t num = mem_u64(h, addr);
    uint64_t fd = mem_u64(h, addr + 8), buf = mem_u64(h, addr + 16);
    uint64_t len = mem_u64(h, addr + 24);
    uint64_t ret = (uint64_t)-1;
    if (num == SYS_WRITE && (fd == 1 || fd == 2) && len <= MAX_WRITE) {
        char tmp[MAX_WRITE];
        uint64_t i = 0;
        for (; i < len; i++) {
            uint64_t c;
            if (mmu_phys_read(h->mem, buf + i, 1, &c))
                break;
            tmp[i] = (char)c;
        }
        ret = (uint64_t)write(h->out_fd, tmp, i);
    }
    /* The result goes back into magic_mem[0]. */
    mmu_phys_write(h->mem, addr, 8, ret);
}

static void command(struct dev_htif *h, uint64_t v)
{
    unsigned device = (unsigned)(v >> 56), cmd = (unsigned)(v >> 48) & 0xff;
    uint64_t payload = v & ((1ull << 48) - 1);
    if (device == 0 && cmd == 0) {
        if (payload & 1)
            dev_power_off(h->power, (int)(payload >> 1));
        else
            syscall_proxy(h, payload);
        h->fromhost.value = 1;
    } else if (device == 1 && cmd == 1) {
        char c = (char)payload;
        if (write(h->out_fd, &c, 1) < 0)
            return;
        h->fromhost.value = (1ull << 56) | (1ull << 48);
    }
    h->tohost.value = 0; /* consumed: the guest may send the next one */
}

static uint64_t htif_read(void *opaque, uint64_t offset, unsigned size)
{
    struct htif_word *w = opaque;
    uint64_t v = w->value >> (offset * 8);
    return size == 8 ? v : v & ((1ull << (size * 8)) - 1);
}

static void htif_write(void *opaque, uint64_t offset, unsigned size,
                       uint64_t value)
{
    struct htif_word *w = opaque;
    uint64_t mask = size == 8 ? ~0ull : ((1ull << (size * 8)) - 1);
    w->value = (w->value & ~(mask << (offset * 8))) |
               ((value & mask) << (offset * 8));
    if (w == &w->h->tohost && offset + size == 8 && w->value)
        command(w->h, w->value);
}

const struct mmu_io_ops dev_htif_ops = {htif_read, htif_write};
