/*
 * binfmt.h — vm-run and the kernel's binfmt_misc: registering vm-run as the
 * interpreter of foreign-architecture ELF executables (vm-run
 * --binfmt-register / --binfmt-unregister / --binfmt-print, binfmt.c), and
 * making sense of the argument vector the kernel hands an interpreter
 * registered with the P flag (binfmt_args.c).
 */
#ifndef VM_RUN_BINFMT_H
#define VM_RUN_BINFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The ELF identification and header bytes binfmt_misc compares: e_ident
 * (16 bytes), e_type (2) and e_machine (2). */
#define BINFMT_MAGIC_LEN 20

/* One guest architecture vm-run registers for. */
struct binfmt_guest {
    const char *arch;      /* entry name suffix: <prefix>-<arch> */
    unsigned char elf_class; /* ELFCLASS64 ... */
    unsigned char elf_data;  /* ELFDATA2LSB ... */
    uint16_t machine;        /* EM_RISCV ... */
};

/* The guests registered, ending with a zeroed entry. */
extern const struct binfmt_guest binfmt_guests[];

/* Fills magic and mask (BINFMT_MAGIC_LEN bytes each) for guest g. */
void binfmt_magic(const struct binfmt_guest *g, unsigned char *magic,
                  unsigned char *mask);

/*
 * The registration line for g (":NAME:M:0:MAGIC:MASK:INTERP:FLAGS", no
 * newline) in out; false when it does not fit.
 */
bool binfmt_line(const struct binfmt_guest *g, const char *prefix,
                 const char *interp, char *out, size_t len);

/* True when argv asks for a --binfmt-* action (argv[1] is one). */
bool binfmt_wanted(int argc, char **argv);

/* Carries out the --binfmt-* command line; returns the exit status. */
int binfmt_main(int argc, char **argv);

/*
 * When the kernel started vm-run as a binfmt_misc interpreter with the P
 * flag (AT_FLAGS_PRESERVE_ARGV0 in the auxiliary vector), argv is
 * {interpreter, program path, original argv[0], argv[1], ...}: returns the
 * equivalent "vm-run --argv0 ARGV0 -- PATH ARGS..." (and its count in
 * *argc). Otherwise returns argv unchanged.
 */
char **binfmt_args(int *argc, char **argv);

#endif
