/*
 * test_loader.c — the ELF loader on hand-made files, good and bad.
 */
#include <criterion/criterion.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "loader.h"

#define SPACE (1ull << 38)

struct image {
    Elf64_Ehdr eh;
    Elf64_Phdr ph[3];
    uint8_t code[0x1000 - sizeof(Elf64_Ehdr) - 3 * sizeof(Elf64_Phdr)];
    uint8_t data[0x1000];
};

static struct mmu *m;
static char path[64];

static void setup(void)
{
    m = mmu_create(SPACE);
    cr_assert_not_null(m);
    snprintf(path, sizeof(path), "/tmp/vm-test-loader-%d", getpid());
}

static void teardown(void)
{
    mmu_destroy(m);
    unlink(path);
}

TestSuite(loader, .init = setup, .fini = teardown);

/* A static executable: text at 0x10000 (headers + code), data at 0x11000
 * with 0x800 bytes of file data and 0x2000 of memory. */
static void make_valid(struct image *im)
{
    memset(im, 0, sizeof(*im));
    memcpy(im->eh.e_ident, ELFMAG, SELFMAG);
    im->eh.e_ident[EI_CLASS] = ELFCLASS64;
    im->eh.e_ident[EI_DATA] = ELFDATA2LSB;
    im->eh.e_ident[EI_VERSION] = EV_CURRENT;
    im->eh.e_type = ET_EXEC;
    im->eh.e_machine = EM_RISCV;
    im->eh.e_version = EV_CURRENT;
    im->eh.e_entry = 0x10000 + offsetof(struct image, code);
    im->eh.e_phoff = sizeof(Elf64_Ehdr);
    im->eh.e_ehsize = sizeof(Elf64_Ehdr);
    im->eh.e_phentsize = sizeof(Elf64_Phdr);
    im->eh.e_phnum = 2;
    im->ph[0] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_X,
                             .p_offset = 0, .p_vaddr = 0x10000,
                             .p_filesz = 0x1000, .p_memsz = 0x1000,
                             .p_align = 0x1000};
    im->ph[1] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_W,
                             .p_offset = 0x1000, .p_vaddr = 0x11000,
                             .p_filesz = 0x800, .p_memsz = 0x2000,
                             .p_align = 0x1000};
    im->code[0] = 0x13; /* nop */
    memset(im->data, 0xee, sizeof(im->data));
}

static void write_file(const void *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f);
    cr_assert_eq(fwrite(p, 1, n, f), n);
    fclose(f);
}

static int load(struct elf_image *img, char *err, size_t errlen)
{
    return loader_load_elf(m, &rt_guest_riscv64, path, LOADER_DYN_BASE, img,
                           err, errlen);
}

Test(loader, loads_a_static_executable)
{
    struct image im;
    make_valid(&im);
    write_file(&im, sizeof(im));
    struct elf_image img;
    char err[128] = "";
    cr_assert_eq(load(&img, err, sizeof(err)), 0, "%s", err);
    cr_expect_eq(img.entry, im.eh.e_entry);
    cr_expect_eq(img.phdr, 0x10000 + sizeof(Elf64_Ehdr));
    cr_expect_eq(img.phnum, 2);
    cr_expect_eq(img.brk, 0x13000);
    cr_expect_eq(img.load_bias, 0);
    cr_expect_eq(mmu_prot_at(m, 0x10000), MMU_READ | MMU_EXEC);
    cr_expect_eq(mmu_prot_at(m, 0x12000), MMU_READ | MMU_WRITE);
    const uint8_t *d = mmu_host(m, 0x11000);
    cr_expect_eq(d[0x7ff], 0xee, "file bytes copied");
    cr_expect_eq(d[0x800], 0, "bss is zero");
}

Test(loader, static_pie_gets_a_bias)
{
    struct image im;
    make_valid(&im);
    im.eh.e_type = ET_DYN;
    write_file(&im, sizeof(im));
    struct elf_image img;
    char err[128] = "";
    cr_assert_eq(load(&img, err, sizeof(err)), 0, "%s", err);
    cr_expect_eq(img.load_bias, LOADER_DYN_BASE - 0x10000);
    cr_expect_eq(img.entry, im.eh.e_entry + img.load_bias);
}

static void expect_refused(const void *p, size_t n, int status,
                           const char *reason)
{
    write_file(p, n);
    struct elf_image img;
    char err[128] = "";
    cr_expect_eq(load(&img, err, sizeof(err)), status, "%s", reason);
    cr_expect(strstr(err, reason) != NULL, "got '%s', want '%s'", err, reason);
}

Test(loader, refuses_bad_files)
{
    struct image im;
    make_valid(&im);
    expect_refused("#!/bin/sh\necho hi\n", 18, RT_STATUS_CANNOT_EXEC,
                   "not an ELF file");
    expect_refused(&im, 40, RT_STATUS_CANNOT_EXEC, "corrupt ELF header");

    make_valid(&im);
    im.eh.e_machine = EM_X86_64;
    expect_refused(&im, sizeof(im), RT_STATUS_CANNOT_EXEC,
                   "is not riscv64");

    make_valid(&im);
    im.ph[1].p_filesz = 0x5000; /* beyond the end of the file */
    im.ph[1].p_memsz = 0x5000;
    expect_refused(&im, sizeof(im), RT_STATUS_CANNOT_EXEC, "bad segment");

    make_valid(&im);
    im.ph[1].p_vaddr = 0x10800; /* overlaps the text segment */
    im.ph[1].p_offset = 0x800;
    expect_refused(&im, sizeof(im), RT_STATUS_CANNOT_EXEC,
                   "overlapping segments");

    make_valid(&im);
    im.eh.e_phoff = sizeof(im) - sizeof(Elf64_Phdr); /* runs past the end */
    expect_refused(&im, sizeof(im), RT_STATUS_CANNOT_EXEC, "program header");

    make_valid(&im);
    im.ph[0].p_vaddr = SPACE - 0x800; /* beyond the address space */
    expect_refused(&im, sizeof(im), RT_STATUS_CANNOT_EXEC, "bad segment");

    make_valid(&im);
    im.eh.e_entry = 0x11000; /* entry in a non-executable segment */
    expect_refused(&im, sizeof(im), RT_STATUS_CANNOT_EXEC, "entry point");

    make_valid(&im);
    im.eh.e_phnum = 3;
    im.ph[2] = (Elf64_Phdr){.p_type = PT_INTERP, .p_offset = 0x1000,
                            .p_filesz = 0x2000};
    expect_refused(&im, sizeof(im), RT_STATUS_CANNOT_EXEC, "bad PT_INTERP");

    /* File bytes and no memory (Linux: p_filesz > p_memsz is EINVAL), at
     * an address past the arena: once copied there unchecked (fuzzing). */
    make_valid(&im);
    im.eh.e_phnum = 3;
    im.ph[2] = (Elf64_Phdr){.p_type = PT_LOAD, .p_flags = PF_R | PF_W,
                            .p_offset = 0x1000, .p_vaddr = SPACE + 0x100000,
                            .p_filesz = 0x800, .p_memsz = 0};
    expect_refused(&im, sizeof(im), RT_STATUS_CANNOT_EXEC, "bad segment");
}

/* A 1 GiB .bss: every page of it mapped read-write and zero, none after
 * it (mapped as one run of pages: page by page, a fuzzed 16 MiB one took
 * the loader seconds). */
Test(loader, large_bss_is_mapped_whole)
{
    struct image im;
    make_valid(&im);
    im.ph[1].p_memsz = 1ull << 30;
    write_file(&im, sizeof(im));
    struct elf_image img;
    char err[128] = "";
    cr_assert_eq(load(&img, err, sizeof(err)), 0, "%s", err);
    uint64_t end = 0x11000 + (1ull << 30);
    cr_expect_eq(img.brk, end);
    cr_expect_eq(mmu_prot_at(m, 0x11000), MMU_READ | MMU_WRITE);
    cr_expect_eq(mmu_prot_at(m, 0x11000 + (1ull << 29)), MMU_READ | MMU_WRITE);
    cr_expect_eq(mmu_prot_at(m, end - 0x1000), MMU_READ | MMU_WRITE);
    cr_expect_eq(mmu_prot_at(m, end), 0, "a page past the .bss is mapped");
    cr_expect_eq(*(const uint8_t *)mmu_host(m, end - 1), 0);
}

/* A .bss-only segment whose file offset lies past the end of the file:
 * Linux reads nothing of the file for it and loads the program. */
Test(loader, bss_only_segment_ignores_its_offset)
{
    struct image im;
    make_valid(&im);
    im.ph[1].p_filesz = 0;
    im.ph[1].p_offset = 0x5000;
    write_file(&im, sizeof(im));
    struct elf_image img;
    char err[128] = "";
    cr_assert_eq(load(&img, err, sizeof(err)), 0, "%s", err);
    cr_expect_eq(mmu_prot_at(m, 0x12000), MMU_READ | MMU_WRITE);
    cr_expect_eq(*(const uint8_t *)mmu_host(m, 0x11000), 0, "bss is zero");
}

Test(loader, reports_the_interpreter)
{
    struct image im;
    make_valid(&im);
    im.eh.e_phnum = 3;
    im.ph[2] = (Elf64_Phdr){.p_type = PT_INTERP, .p_offset = 0x1000,
                            .p_filesz = 11};
    memcpy(im.data, "/lib/ld.so", 11);
    write_file(&im, sizeof(im));
    struct elf_image img;
    char err[128] = "";
    cr_assert_eq(load(&img, err, sizeof(err)), 0, "%s", err);
    cr_expect_str_eq(img.interp, "/lib/ld.so");
}

Test(loader, shared_object_goes_where_mmap_would_put_it)
{
    struct image im;
    make_valid(&im);
    im.eh.e_type = ET_DYN;
    write_file(&im, sizeof(im));
    mmu_set_mmap_top(m, 0x100000000ull);
    struct elf_image img;
    char err[128] = "";
    cr_assert_eq(loader_load_elf(m, &rt_guest_riscv64, path, 0, &img, err,
                                 sizeof(err)),
                 0, "%s", err);
    /* span 0x10000..0x13000 placed right below the mmap top */
    cr_expect_eq(img.load_bias + 0x10000, 0x100000000ull - 0x3000);
}

Test(loader, missing_file_is_127)
{
    struct elf_image img;
    char err[128];
    cr_expect_eq(loader_load_elf(m, &rt_guest_riscv64, "/nonexistent/prog", 0,
                                 &img, err, sizeof(err)),
                 RT_STATUS_NOT_FOUND);
}
