/*
 * embed_device.c — the libvm example (include/vm/vm.h): boots the test
 * guest (Linux and busybox, test/system/linux) with a device of this
 * program's own at 0x10200000, which the guest's api-poke workload
 * pokes through /dev/mem. When the guest rings the doorbell the program
 * pauses the machine, checks that the guest stands still, writes a
 * snapshot, resumes, and waits for the guest's poweroff.
 *
 * usage: embed_device GUEST_DIR SNAPSHOT_FILE [tier1|interp]
 * Prints what the device saw; exit status 0 when every check held.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vm/vm.h"

#define DEVICE_BASE 0x10200000ull
#define DOORBELL_WANT 42

/* The device: a scratch register, a counter advanced by each read, and
 * a doorbell. Its callbacks run on hart threads, one at a time. */
struct poke_device {
    uint32_t scratch, counter;
    uint32_t doorbell;
    int rang;          /* set once the doorbell was written */
};

static uint64_t device_read(void *opaque, uint64_t offset, unsigned size)
{
    struct poke_device *d = opaque;
    (void)size;
    switch (offset) {
    case 0: return d->scratch;
    case 4: return ++d->counter;
    case 8: return d->doorbell;
    }
    return 0;
}

static void device_write(void *opaque, uint64_t offset, unsigned size,
                         uint64_t value)
{
    struct poke_device *d = opaque;
    (void)size;
    if (offset == 0)
        d->scratch = (uint32_t)value;
    if (offset == 8) {
        d->doorbell = (uint32_t)value;
        __atomic_store_n(&d->rang, 1, __ATOMIC_RELEASE);
    }
}

static void sleep_ms(long ms)
{
    nanosleep(&(struct timespec){ms / 1000, (ms % 1000) * 1000000}, NULL);
}

static int fail(const char *what)
{
    fprintf(stderr, "embed_device: FAIL: %s\n", what);
    return 1;
}

/* interp, tier1 (the default), tiered or llvm. */
static enum vm_exec_mode mode_named(const char *name)
{
    if (strcmp(name, "interp") == 0)
        return VM_EXEC_INTERP;
    if (strcmp(name, "tiered") == 0)
        return VM_EXEC_TIERED;
    if (strcmp(name, "llvm") == 0)
        return VM_EXEC_LLVM;
    return VM_EXEC_TIER1;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: embed_device GUEST_DIR SNAPSHOT [mode]\n");
        return 2;
    }
    char kernel[4096], initrd[4096], err[256];
    snprintf(kernel, sizeof(kernel), "%s/Image", argv[1]);
    snprintf(initrd, sizeof(initrd), "%s/initramfs.cpio", argv[1]);
    struct vm_config config = {
        .ram_bytes = 256ull << 20,
        .harts = 2,
        .mode = mode_named(argc > 3 ? argv[3] : "tier1"),
        .kernel = kernel,
        .initrd = initrd,
        .append = "console=ttyS0 loglevel=1 vmtest=api-poke",
        .timeout_sec = 600,
    };
    vm_machine *m = vm_create(&config, err, sizeof(err));
    if (!m)
        return fail(err);
    struct poke_device dev = {0};
    struct vm_device desc = {DEVICE_BASE, 0x1000, device_read, device_write,
                             &dev};
    struct vm_device on_ram = {0x80000000ull, 0x1000, device_read,
                               device_write, &dev};
    if (vm_add_device(m, &on_ram) == 0)
        return fail("a device over RAM was accepted");
    if (vm_add_device(m, &desc) || vm_start(m))
        return fail("vm_add_device or vm_start");
    /* Wait for the doorbell (the guest boots first). */
    for (int i = 0; i < 600 * 100 && !__atomic_load_n(&dev.rang,
                                                      __ATOMIC_ACQUIRE);
         i++)
        sleep_ms(10);
    if (!dev.rang)
        return fail("the guest never rang the doorbell");
    vm_pause(m);
    uint32_t reads = dev.counter;
    sleep_ms(300);
    int still = dev.counter == reads;
    if (vm_snapshot(m, argv[2], err, sizeof(err)))
        return fail(err);
    vm_resume(m);
    int status = vm_wait(m);
    struct stat st;
    int saved = stat(argv[2], &st) == 0 && st.st_size > 4096;
    printf("device: scratch %#x, doorbell %u, counter %u\n", dev.scratch,
           dev.doorbell, dev.counter);
    printf("paused: the guest %s\n", still ? "stood still" : "went on");
    printf("snapshot: %s\n", saved ? "written" : "missing");
    printf("guest status: %d\n", status);
    vm_destroy(m);
    if (!still || !saved || status != 0 || dev.doorbell != DOORBELL_WANT ||
        dev.scratch != 0x1234abcd)
        return fail("a check above did not hold");
    return 0;
}
