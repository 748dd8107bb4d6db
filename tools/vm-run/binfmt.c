/*
 * binfmt.c — registering vm-run with binfmt_misc, so that the kernel runs
 * foreign-architecture ELF executables under it (./hello, a container's
 * programs), as Debian's qemu-user-binfmt does for qemu-user.
 *
 *   vm-run --binfmt-print      the registration lines (binfmt.d format)
 *   vm-run --binfmt-register   write them to binfmt_misc's register file
 *   vm-run --binfmt-unregister remove the entries
 *
 * One entry per guest of binfmt_guests, named <prefix>-<arch> (vm-riscv64),
 * matching the ELF header by magic and mask, with the flags:
 *   F  fix binary: the kernel opens the interpreter when the entry is
 *      registered, so it is found in containers and chroots that have no
 *      vm-run of their own;
 *   P  preserve argv[0]: the program's own argv[0] is passed on (see
 *      binfmt_args.c) instead of being replaced by its path;
 *   C  credentials from the program (set-user-ID guests), not from vm-run;
 *      implies O: the kernel also passes the program as an open descriptor.
 *
 * x86-64 guests are not registered on this x86-64 host: the host runs them
 * itself, and binfmt_misc is asked before the ELF loader, so such an entry
 * would send every host program (vm-run too) through vm-run.
 */
#define _GNU_SOURCE
#include "binfmt.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "rt.h"

#define BINFMT_DIR "/proc/sys/fs/binfmt_misc"
#define BINFMT_FLAGS "FPC"
#define DEFAULT_PREFIX "vm"

const struct binfmt_guest binfmt_guests[] = {
    {"riscv64", ELFCLASS64, ELFDATA2LSB, EM_RISCV},
    /* aarch64 when its guest lands: {"aarch64", ELFCLASS64, ELFDATA2LSB,
     * EM_AARCH64}. */
    {0},
};

/* A 16-bit header field in the file's byte order. */
static void put16(unsigned char *p, unsigned char data, uint16_t v)
{
    p[data == ELFDATA2MSB ? 1 : 0] = (unsigned char)(v & 0xff);
    p[data == ELFDATA2MSB ? 0 : 1] = (unsigned char)(v >> 8);
}

void binfmt_magic(const struct binfmt_guest *g, unsigned char *magic,
                  unsigned char *mask)
{
    memset(magic, 0, BINFMT_MAGIC_LEN);
    memset(mask, 0xff, BINFMT_MAGIC_LEN);
    /* "\177ELF", the class (a riscv32 ELF has the same e_machine, so
     * ELFCLASS32 must not match), the byte order and EV_CURRENT: exact. */
    memcpy(magic, ELFMAG, SELFMAG);
    magic[EI_CLASS] = g->elf_class;
    magic[EI_DATA] = g->elf_data;
    magic[EI_VERSION] = EV_CURRENT;
    /* EI_OSABI: any. Linkers write ELFOSABI_SYSV (0), or ELFOSABI_GNU (3)
     * when the program uses GNU extensions (IFUNC, unique symbols); Linux
     * runs both and ignores the byte. */
    mask[EI_OSABI] = 0;
    /* EI_ABIVERSION and the padding up to EI_NIDENT stay exact zeros: every
     * Linux executable has them, and each exact byte makes a chance match
     * of some other file less likely. */
    /* e_type: ET_EXEC (2) and ET_DYN (3, PIE executables and dynamic
     * linkers) differ only in bit 0, which the mask drops; ET_REL (1) and
     * ET_CORE (4) do not match. */
    size_t type = offsetof(Elf64_Ehdr, e_type);
    put16(magic + type, g->elf_data, ET_EXEC);
    put16(mask + type, g->elf_data, (uint16_t)~(ET_EXEC ^ ET_DYN));
    /* e_machine: exact (EM_RISCV = 243). e_type and e_machine sit at the
     * same offsets in ELF32 headers. */
    put16(magic + offsetof(Elf64_Ehdr, e_machine), g->elf_data, g->machine);
}

static size_t put_hex(char *out, const unsigned char *bytes)
{
    for (int i = 0; i < BINFMT_MAGIC_LEN; i++)
        snprintf(out + 4 * i, 5, "\\x%02x", bytes[i]);
    return 4 * BINFMT_MAGIC_LEN;
}

bool binfmt_line(const struct binfmt_guest *g, const char *prefix,
                 const char *interp, char *out, size_t len)
{
    unsigned char magic[BINFMT_MAGIC_LEN], mask[BINFMT_MAGIC_LEN];
    char hm[4 * BINFMT_MAGIC_LEN + 1], hk[4 * BINFMT_MAGIC_LEN + 1];
    binfmt_magic(g, magic, mask);
    hm[put_hex(hm, magic)] = 0;
    hk[put_hex(hk, mask)] = 0;
    int w = snprintf(out, len, ":%s-%s:M:0:%s:%s:%s:%s", prefix, g->arch, hm,
                     hk, interp, BINFMT_FLAGS);
    return w > 0 && (size_t)w < len;
}

enum action { NONE, PRINT, REGISTER, UNREGISTER };

struct binfmt_opts {
    enum action action;
    const char *path;   /* the interpreter; default: this vm-run */
    const char *prefix; /* entry names: <prefix>-<arch> */
    const char *dir;    /* where binfmt_misc is mounted */
};

static int usage_error(const char *msg, const char *arg)
{
    fprintf(stderr, "vm-run: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, " (try 'vm-run --help')\n");
    return RT_STATUS_USAGE;
}

bool binfmt_wanted(int argc, char **argv)
{
    return argc > 1 && strncmp(argv[1], "--binfmt-", 9) == 0;
}

static int parse(int argc, char **argv, struct binfmt_opts *o)
{
    static const struct {
        const char *name;
        enum action action;
    } actions[] = {{"--binfmt-print", PRINT},
                   {"--binfmt-register", REGISTER},
                   {"--binfmt-unregister", UNREGISTER}};
    static const char *const valued[] = {"--binfmt-path", "--binfmt-prefix",
                                         "--binfmt-misc-dir"};
    *o = (struct binfmt_opts){NONE, NULL, DEFAULT_PREFIX, BINFMT_DIR};
    const char **slots[] = {&o->path, &o->prefix, &o->dir};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool known = false;
        for (size_t k = 0; k < sizeof(actions) / sizeof(*actions); k++)
            if (strcmp(a, actions[k].name) == 0) {
                if (o->action != NONE && o->action != actions[k].action)
                    return usage_error("%s: one --binfmt action at a time", a);
                o->action = actions[k].action;
                known = true;
            }
        for (size_t k = 0; k < sizeof(valued) / sizeof(*valued); k++)
            if (strcmp(a, valued[k]) == 0) {
                if (i + 1 >= argc || !argv[i + 1][0])
                    return usage_error("%s needs a value", a);
                *slots[k] = argv[++i];
                known = true;
            }
        if (!known)
            return usage_error("unknown option '%s' with --binfmt-*", a);
    }
    if (o->action == NONE)
        return usage_error("%s", "--binfmt-print, --binfmt-register or "
                                 "--binfmt-unregister is needed");
    /* The name becomes a file in binfmt_misc; ':' ends a field. */
    if (strpbrk(o->prefix, "/:\n") || o->prefix[0] == '.')
        return usage_error("bad --binfmt-prefix '%s'", o->prefix);
    if (o->path && (o->path[0] != '/' || strpbrk(o->path, ":\n")))
        return usage_error("--binfmt-path must be an absolute path without "
                           "':', got '%s'", o->path);
    return 0;
}

/* The interpreter to register: --binfmt-path, else this executable. */
static const char *interpreter(const struct binfmt_opts *o, char *buf)
{
    if (o->path)
        return o->path;
    ssize_t n = readlink("/proc/self/exe", buf, PATH_MAX - 1);
    if (n <= 0)
        return NULL;
    buf[n] = 0;
    return strchr(buf, ':') || strchr(buf, '\n') ? NULL : buf;
}

static int print_lines(const struct binfmt_opts *o, const char *interp)
{
    printf("# vm-run as the binfmt_misc interpreter of foreign Linux "
           "programs\n# (generated by vm-run --binfmt-print; flags F P C: "
           "see vm-run --help)\n");
    char line[PATH_MAX + 512];
    for (const struct binfmt_guest *g = binfmt_guests; g->arch; g++) {
        if (!binfmt_line(g, o->prefix, interp, line, sizeof(line)))
            return usage_error("%s: path too long", interp);
        printf("%s\n", line);
    }
    return 0;
}

/* Writes text to dir/name; -errno on failure. */
static int write_file(const char *dir, const char *name, const char *text)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -errno;
    size_t len = strlen(text);
    ssize_t w = write(fd, text, len);
    int rc = w == (ssize_t)len ? 0 : w < 0 ? -errno : -EIO;
    close(fd);
    return rc;
}

static bool entry_exists(const char *dir, const char *prefix, const char *arch)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/%s-%s", dir, prefix, arch);
    return access(path, F_OK) == 0;
}

/* binfmt_misc must be mounted to be written: systemd does it at boot;
 * elsewhere (a container, a minimal system) it is tried here. */
static int ensure_mounted(const char *dir)
{
    char reg[PATH_MAX];
    snprintf(reg, sizeof(reg), "%s/register", dir);
    if (access(reg, F_OK) == 0)
        return 0;
    if (strcmp(dir, BINFMT_DIR) == 0 &&
        mount("binfmt_misc", dir, "binfmt_misc", 0, NULL) == 0 &&
        access(reg, F_OK) == 0)
        return 0;
    fprintf(stderr,
            "vm-run: binfmt_misc is not mounted at %s and cannot be "
            "mounted here (as root: mount -t binfmt_misc binfmt_misc %s)\n",
            dir, dir);
    return 1;
}

static int unregister_one(const struct binfmt_opts *o,
                          const struct binfmt_guest *g, bool quiet)
{
    char name[NAME_MAX];
    snprintf(name, sizeof(name), "%s-%s", o->prefix, g->arch);
    if (!entry_exists(o->dir, o->prefix, g->arch)) {
        if (!quiet)
            printf("vm-run: %s was not registered\n", name);
        return 0;
    }
    int rc = write_file(o->dir, name, "-1");
    if (rc) {
        fprintf(stderr, "vm-run: cannot remove %s/%s: %s\n", o->dir, name,
                strerror(-rc));
        return 1;
    }
    if (!quiet)
        printf("vm-run: unregistered %s\n", name);
    return 0;
}

static int register_all(const struct binfmt_opts *o, const char *interp)
{
    if (access(interp, X_OK) != 0) {
        fprintf(stderr, "vm-run: cannot register %s: %s\n", interp,
                strerror(errno));
        return 1;
    }
    char line[PATH_MAX + 512];
    for (const struct binfmt_guest *g = binfmt_guests; g->arch; g++) {
        /* Our own entry of the same name is replaced (a new path); other
         * entries, qemu's included, are left alone. */
        if (unregister_one(o, g, true))
            return 1;
        if (!binfmt_line(g, o->prefix, interp, line, sizeof(line)))
            return usage_error("%s: path too long", interp);
        int rc = write_file(o->dir, "register", line);
        if (rc) {
            fprintf(stderr, "vm-run: cannot register %s-%s in %s: %s\n",
                    o->prefix, g->arch, o->dir, strerror(-rc));
            return 1;
        }
        printf("vm-run: registered %s-%s: %s (flags %s)\n", o->prefix,
               g->arch, interp, BINFMT_FLAGS);
    }
    return 0;
}

int binfmt_main(int argc, char **argv)
{
    struct binfmt_opts o;
    int rc = parse(argc, argv, &o);
    if (rc)
        return rc;
    char self[PATH_MAX];
    const char *interp = interpreter(&o, self);
    if (!interp && o.action != UNREGISTER)
        return usage_error("%s", "cannot tell this executable's path "
                                 "(give --binfmt-path)");
    if (o.action == PRINT)
        return print_lines(&o, interp);
    if ((rc = ensure_mounted(o.dir)))
        return rc;
    if (o.action == REGISTER)
        return register_all(&o, interp);
    for (const struct binfmt_guest *g = binfmt_guests; g->arch; g++)
        if ((rc = unregister_one(&o, g, false)))
            return rc;
    return 0;
}
