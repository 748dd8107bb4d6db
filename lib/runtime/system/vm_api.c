/*
 * vm_api.c — the embedding API (include/vm/vm.h) over a threaded
 * struct sys_vm: vm_start runs sys_vm_run on a thread of its own, pause
 * and snapshots park the hart threads (sys_board_pause), an embedder's
 * device is one more MMIO region behind the board's device lock.
 */
#include "vm/vm.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dev_plic.h"
#include "sys_snapshot.h"
#include "sys_vm.h"

#define VM_API_DEVICES 8
#define VM_API_FIRST_IRQ 32 /* below: the board's (UART 10, virtio 1-8) */

struct vm_machine {
    struct sys_vm vm;
    struct mmu_io_ops ops[VM_API_DEVICES]; /* the devices' callbacks */
    unsigned devices;
    pthread_t runner;
    bool started, waited, paused;
    int status;
};

static void say(char *err, size_t size, const char *fmt, ...)
{
    if (!err || !size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, size, fmt, ap);
    va_end(ap);
}

static void to_options(const struct vm_config *c, struct sys_options *o)
{
    memset(o, 0, sizeof(*o));
    o->machine = SYS_MACHINE_VIRT;
    o->ram_size = c->ram_bytes ? c->ram_bytes : 128ull << 20;
    o->harts = c->harts ? c->harts : 1;
    o->threaded = true; /* the embedder's calls come from its threads */
    static const enum rt_mode modes[] = {
        [VM_EXEC_INTERP] = RT_MODE_INTERP, [VM_EXEC_TIER1] = RT_MODE_TIER1,
        [VM_EXEC_TIERED] = RT_MODE_TIERED, [VM_EXEC_LLVM] = RT_MODE_LLVM};
    o->mode = modes[c->mode];
    o->bios = c->bios;
    o->kernel = c->kernel;
    o->initrd = c->initrd;
    o->append = c->append;
    o->loadvm = c->loadvm;
    o->timeout_sec = c->timeout_sec;
    if (c->disk) {
        o->virtio[0] = (struct sys_virtio){.kind = SYS_VIRTIO_BLK,
                                           .file = c->disk,
                                           .readonly = c->disk_readonly};
        o->virtio_count = 1;
    }
}

vm_machine *vm_create(const struct vm_config *config, char *err,
                      size_t err_size)
{
    if ((unsigned)config->mode > VM_EXEC_LLVM) {
        say(err, err_size, "unknown execution mode %u", (unsigned)config->mode);
        return NULL;
    }
    if (config->harts > SYS_HARTS_MAX) {
        say(err, err_size, "at most %u harts", SYS_HARTS_MAX);
        return NULL;
    }
    struct vm_machine *m = calloc(1, sizeof(*m));
    if (!m) {
        say(err, err_size, "out of memory");
        return NULL;
    }
    struct sys_options o;
    to_options(config, &o);
    /* The builders report on stderr, as vm-run's do. */
    int status = sys_vm_init(&m->vm, &o);
    if (status) {
        say(err, err_size, "the machine could not be built (status %d; "
            "the reason is on stderr)", status);
        sys_vm_free(&m->vm);
        free(m);
        return NULL;
    }
    return m;
}

int vm_add_device(vm_machine *m, const struct vm_device *d)
{
    struct mmu_phys *p = m->vm.board.phys;
    if (m->started || m->devices == VM_API_DEVICES || !d->read ||
        !d->write || !mmu_phys_is_free(p, d->base, d->size))
        return -1;
    struct mmu_io_ops *ops = &m->ops[m->devices];
    *ops = (struct mmu_io_ops){d->read, d->write};
    if (mmu_phys_add_io(p, d->base, d->size, ops, d->opaque))
        return -1;
    m->devices++;
    return 0;
}

int vm_irq_set(vm_machine *m, unsigned irq, bool level)
{
    struct sys_board *b = &m->vm.board;
    if (irq < VM_API_FIRST_IRQ || irq >= DEV_PLIC_SOURCES || !b->plic)
        return -1;
    pthread_mutex_lock(&b->io_lock);
    dev_plic_set(b->plic, irq, level);
    pthread_mutex_unlock(&b->io_lock);
    return 0;
}

static void *runner(void *machine)
{
    struct vm_machine *m = machine;
    m->status = sys_vm_run(&m->vm);
    return NULL;
}

int vm_start(vm_machine *m)
{
    if (m->started)
        return -1;
    if (pthread_create(&m->runner, NULL, runner, m))
        return -1;
    m->started = true;
    return 0;
}

void vm_pause(vm_machine *m)
{
    if (m->paused || !m->started)
        return; /* not running: nothing to stop */
    sys_board_pause(&m->vm.board, true);
    dev_clint_pause(m->vm.board.clint, true);
    m->paused = true;
}

void vm_resume(vm_machine *m)
{
    if (!m->paused)
        return;
    dev_clint_pause(m->vm.board.clint, false);
    sys_board_pause(&m->vm.board, false);
    m->paused = false;
}

int vm_snapshot(vm_machine *m, const char *path, char *err, size_t err_size)
{
    char why[256] = "";
    bool was_running = m->started && !m->paused;
    if (was_running)
        sys_board_pause(&m->vm.board, true);
    /* The I/O thread may be feeding the UART meanwhile: devices are
     * read under their lock. */
    pthread_mutex_lock(&m->vm.board.io_lock);
    int r = sys_snapshot_save(m->vm.harts, &m->vm.opts, path, why,
                              sizeof(why));
    pthread_mutex_unlock(&m->vm.board.io_lock);
    if (was_running)
        sys_board_pause(&m->vm.board, false);
    if (r)
        say(err, err_size, "%s", why);
    return r ? -1 : 0;
}

void vm_stop(vm_machine *m)
{
    dev_power_off(&m->vm.board.power, 0);
    vm_resume(m);
}

int vm_wait(vm_machine *m)
{
    if (m->started && !m->waited) {
        pthread_join(m->runner, NULL);
        m->waited = true;
    }
    return m->status;
}

void vm_destroy(vm_machine *m)
{
    if (!m)
        return;
    if (m->started && !m->waited)
        vm_stop(m);
    vm_wait(m);
    sys_vm_free(&m->vm);
    free(m);
}
