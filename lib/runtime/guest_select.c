/*
 * guest_select.c — which guest runs a program: the one whose ELF machine
 * its header names.
 */
#include <elf.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "process.h"

const struct rt_guest *rt_guest_for_machine(uint16_t machine)
{
    static const struct rt_guest *const guests[] = {
        &rt_guest_riscv64, &rt_guest_x86_64, &rt_guest_aarch64};
    for (size_t i = 0; i < sizeof(guests) / sizeof(guests[0]); i++)
        if (guests[i]->elf_machine == machine)
            return guests[i];
    return NULL;
}

const struct rt_guest *rt_guest_for_file(const char *path)
{
    Elf64_Ehdr h;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return &rt_guest_riscv64;
    ssize_t n = read(fd, &h, sizeof(h));
    close(fd);
    const struct rt_guest *g = NULL;
    if (n == (ssize_t)sizeof(h) && memcmp(h.e_ident, ELFMAG, SELFMAG) == 0 &&
        h.e_ident[EI_CLASS] == ELFCLASS64)
        g = rt_guest_for_machine(h.e_machine);
    return g ? g : &rt_guest_riscv64;
}
