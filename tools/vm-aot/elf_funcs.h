/* elf_funcs.h — function symbol addresses of an ELF file (vm-aot seeds). */
#ifndef VM_AOT_ELF_FUNCS_H
#define VM_AOT_ELF_FUNCS_H

#include <stdint.h>

/* The st_value of every defined STT_FUNC symbol in *out (*n of them,
 * free()d by the caller; duplicates possible). 0, or -1 on failure. */
int elf_function_addrs(const char *path, uint64_t **out, unsigned *n);

#endif
