/*
 * fuzz_loader.c — libFuzzer target: the ELF loader (lib/runtime/loader.c)
 * on mutated ELF files, seeded from the guest test programs.
 *
 * Each input is written to a memfd and loaded by its /proc/self/fd path
 * into a fresh guest arena, for the guest its e_machine names (riscv64
 * otherwise), at the guest's dyn_base or anywhere. Refusal is fine; a load that succeeds must describe an
 * image inside the arena with a terminated interpreter path.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "loader.h"
#include "mmu.h"

/* The loader reads a guest's name and ELF machine only. */
static const struct rt_guest guest_riscv64 = {.name = "riscv64",
                                              .elf_machine = EM_RISCV};
static const struct rt_guest guest_x86_64 = {.name = "x86_64",
                                             .elf_machine = EM_X86_64};

#define ARENA_SIZE (1ull << 38) /* riscv64's user space (Sv39) */

static void die(const char *what)
{
    fprintf(stderr, "fuzz: %s\n", what);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = memfd_create("fuzz-elf", 0);
        if (fd < 0)
            die("memfd_create failed");
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        die("cannot write the input to the memfd");

    uint16_t machine = 0;
    if (size >= 20)
        memcpy(&machine, data + 18, 2);
    /* The last e_ident padding byte (no loader reads it) picks where a
     * position-independent file goes: the guest's dyn_base, or where an
     * mmap would put it (dyn_base 0, as for an interpreter). */
    uint64_t dyn_base = size > EI_NIDENT - 1 && (data[EI_NIDENT - 1] & 1)
                            ? 0 : LOADER_DYN_BASE;
    const struct rt_guest *g =
        machine == EM_X86_64 ? &guest_x86_64 : &guest_riscv64;

    struct mmu *m = mmu_create(ARENA_SIZE);
    if (!m)
        die("cannot reserve the guest arena");
    struct elf_image img;
    char err[256];
    memset(&img, 0, sizeof img);
    if (loader_load_elf(m, g, path, dyn_base, &img, err, sizeof err) == 0) {
        if (img.entry >= ARENA_SIZE || img.brk > ARENA_SIZE ||
            memchr(img.interp, 0, sizeof img.interp) == NULL)
            die("loaded image outside the arena or interpreter unterminated");
    } else if (memchr(err, 0, sizeof err) == NULL || err[0] == 0) {
        die("refused without a reason");
    }
    mmu_destroy(m);
    return 0;
}
