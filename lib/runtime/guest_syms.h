/*
 * guest_syms.h — guest function names for host code (perf map, jitdump,
 * the -d logs): the ELF symbol tables of the files the guest's code was
 * loaded from (the program, its dynamic linker, the libraries it maps),
 * read with libelf the first time a pc in them is named.
 */
#ifndef VM_RT_GUEST_SYMS_H
#define VM_RT_GUEST_SYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct rt_process;

/* "function+0xoff" (or "function" at offset 0) of guest pc into buf;
 * false with "0x..." when no symbol covers it. Thread-safe. */
bool rt_guest_symbol(const struct rt_process *p, uint64_t pc, char *buf,
                     size_t len);

/* The file guest pc's code was loaded from, by its last path component,
 * and pc's offset from the image's start, for a pc no symbol covers
 * ("libc.so.6", 0x2a1c0); false when pc is in no file's mapping. */
bool rt_guest_image(const struct rt_process *p, uint64_t pc, char *name,
                    size_t len, uint64_t *offset);

/* Frees the tables read so far. */
void rt_guest_syms_free(void);

#endif
