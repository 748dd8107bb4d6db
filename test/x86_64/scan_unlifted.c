/*
 * scan_unlifted.c — how much real x86-64 code the lifter covers.
 *
 * usage: scan_unlifted [--optional-dir DIR] PATH...
 *
 * Each PATH is an x86-64 ELF file or a directory whose x86-64 ELF files
 * are scanned (other files in it are ignored). --optional-dir names a
 * directory that may not exist yet (guest programs not built): then it is
 * reported and passed over.
 * Every executable PROGBITS section (.init, .plt*, .text, .fini) is swept
 * linearly with x86_lift_probe(). A linear sweep also walks over data and
 * padding inside code sections, so bytes that do not decode are skipped
 * one at a time until decoding resynchronises; they are counted apart and
 * are not failures. Prints, per file, the unlifted instructions grouped by
 * (mnemonic, Zydis ISA set) with counts and one example address, required
 * sets first (scan_tally.h says which are required). Exit status: 0 when
 * no instruction of a required set is unlifted, 1 when one is, 2 when a
 * named file cannot be read.
 */
#include <dirent.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scan_tally.h"
#include "x86_64.h"

struct scanner {
    ZydisDecoder decoder;
    struct scan_tally tally;    /* of the current file */
    uint64_t total_insns, total_lifted, total_required, total_excluded;
    unsigned files, files_failing;
};

/* One instruction the lifter lacks: decode it again for its ISA set. */
static void record_unlifted(struct scanner *s, const uint8_t *p, size_t avail,
                            uint64_t addr)
{
    ZydisDecodedInstruction insn;
    ZydisDecodedOperand ops[ZYDIS_MAX_OPERAND_COUNT];
    if (ZYAN_FAILED(ZydisDecoderDecodeFull(&s->decoder, p, avail, &insn, ops))) {
        fprintf(stderr, "scan_unlifted: %#" PRIx64 ": the lifter decoded an "
                        "instruction Zydis rejects\n", addr);
        s->tally.unlifted[SCAN_REQUIRED]++;
        return;
    }
    scan_tally_add(&s->tally, &insn, scan_classify(&insn, ops), addr);
}

static void sweep(struct scanner *s, const uint8_t *code, size_t size,
                  uint64_t addr)
{
    struct scan_tally *t = &s->tally;
    bool in_junk = false;
    for (size_t off = 0; off < size;) {
        unsigned len = 1;
        const char *mnemonic = NULL;
        enum x86_probe p = x86_lift_probe(code + off, size - off, addr + off,
                                          &len, &mnemonic);
        if (p == X86_PROBE_UNDECODABLE) {
            t->undecodable_bytes++;
            t->undecodable_runs += !in_junk;
            in_junk = true;
            off++;
            continue;
        }
        in_junk = false;
        t->insns++;
        if (p == X86_PROBE_LIFTED)
            t->lifted++;
        else
            record_unlifted(s, code + off, size - off, addr + off);
        off += len ? len : 1;
    }
}

/* Sweeps every executable PROGBITS section. Returns false (with a message)
 * when the file is not a readable x86-64 ELF; quiet says to skip non-ELF
 * files silently (directory members). */
static bool scan_elf(struct scanner *s, const char *path, bool quiet)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        fprintf(stderr, "scan_unlifted: cannot open %s\n", path);
        return false;
    }
    Elf *elf = elf_begin(fd, ELF_C_READ, NULL);
    GElf_Ehdr eh;
    bool ok = elf && elf_kind(elf) == ELF_K_ELF && gelf_getehdr(elf, &eh) &&
              eh.e_machine == EM_X86_64;
    if (!ok) {
        if (!quiet)
            fprintf(stderr, "scan_unlifted: %s: not an x86-64 ELF file\n", path);
    } else {
        scan_tally_reset(&s->tally);
        for (Elf_Scn *scn = NULL; (scn = elf_nextscn(elf, scn));) {
            GElf_Shdr sh;
            if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS ||
                !(sh.sh_flags & SHF_EXECINSTR))
                continue;
            Elf_Data *d = elf_getdata(scn, NULL);
            if (d && d->d_buf)
                sweep(s, d->d_buf, d->d_size, sh.sh_addr);
        }
        unsigned req = scan_tally_print(&s->tally, path, stdout);
        s->files++;
        s->files_failing += req > 0;
        s->total_insns += s->tally.insns;
        s->total_lifted += s->tally.lifted;
        s->total_required += s->tally.unlifted[SCAN_REQUIRED];
        s->total_excluded += s->tally.insns - s->tally.lifted -
                             s->tally.unlifted[SCAN_REQUIRED];
    }
    if (elf)
        elf_end(elf);
    close(fd);
    return ok || quiet;
}

/* Scans the x86-64 ELF files of dir in name order, quietly skipping the
 * rest (scripts, expected outputs). */
static void scan_dir(struct scanner *s, const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof(path), "%s/%s", dir, names[i]->d_name);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
            scan_elf(s, path, true);
        free(names[i]);
    }
    if (n >= 0)
        free(names);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: scan_unlifted [--optional-dir DIR] PATH...\n");
        return 2;
    }
    if (elf_version(EV_CURRENT) == EV_NONE) {
        fprintf(stderr, "scan_unlifted: libelf is unusable\n");
        return 2;
    }
    static struct scanner s;
    ZydisDecoderInit(&s.decoder, ZYDIS_MACHINE_MODE_LONG_64,
                     ZYDIS_STACK_WIDTH_64);
    scan_print_isa_policy(stdout);
    bool read_all = true;
    for (int i = 1; i < argc; i++) {
        bool optional = strcmp(argv[i], "--optional-dir") == 0 && i + 1 < argc;
        const char *path = argv[i + optional];
        i += optional;
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            scan_dir(&s, path);
        else if (optional)
            printf("\n== %s: no such directory (not built yet), passed over\n",
                   path);
        else
            read_all &= scan_elf(&s, path, false);
    }
    printf("\nscan_unlifted: %u files, %" PRIu64 " instructions, %" PRIu64
           " lifted (%.1f%%), %" PRIu64 " unlifted in required sets (in %u "
           "files), %" PRIu64 " unlifted in excluded sets\n",
           s.files, s.total_insns, s.total_lifted,
           s.total_insns ? 100.0 * (double)s.total_lifted / (double)s.total_insns
                         : 0.0,
           s.total_required, s.files_failing, s.total_excluded);
    if (!read_all)
        return 2;
    return s.total_required ? 1 : 0;
}
