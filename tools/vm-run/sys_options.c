/*
 * sys_options.c — parsing `vm-run --system ...` (see --system --help).
 */
#include "sys_options.h"
#include "sys_net_options.h"
#include "sys_virtio_options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MIB (1ull << 20)
#define MIN_RAM (16 * MIB)
#define MAX_RAM (64ull << 30)
#define DEFAULT_RAM (128 * MIB)

static const char usage[] =
    "usage: vm-run --system [OPTIONS]\n"
    "Boots firmware and a kernel on an emulated RISC-V 64 board, like\n"
    "qemu-system-riscv64 (interpreter only for now).\n"
    "\n"
    "  -M, -machine virt|spike  the board (default virt: CLINT, NS16550A\n"
    "                 UART, poweroff device; spike: HTIF tohost/fromhost)\n"
    "  -m SIZE        guest RAM, in MiB or with a K/M/G suffix (default 128M)\n"
    "  -smp N, -smp cpus=N  N harts (virt), each on a host thread of its\n"
    "                 own (default 1; at most 4 per host core)\n"
    "  -bios FILE|default|none  firmware at 0x80000000 (default: Debian's\n"
    "                 OpenSBI fw_dynamic); none: start the kernel directly\n"
    "  -kernel FILE   an ELF, or a flat image (at 0x80200000 after firmware,\n"
    "                 else at 0x80000000)\n"
    "  -initrd FILE   an initial RAM disk (as QEMU places it; chosen/\n"
    "                 linux,initrd-start and -end)\n"
    "  -append STR    the kernel command line (chosen/bootargs)\n"
    "  -dtb FILE      pass this device tree instead of the generated one\n"
    "  -drive file=F,format=raw,if=virtio[,readonly=on][,serial=S]\n"
    "                 a virtio-mmio disk on a raw image (virt; up to 8\n"
    "                 virtio devices); if=none,id=X with\n"
    "  -device virtio-blk-device,drive=X  the same disk, named\n"
    "  -device virtio-rng-device  an entropy source (the host's getrandom)\n"
    "  -device virtio-console-device  a console port (Linux: hvcN) on\n"
    "                 stdout; input goes to it (Ctrl-A c: to the UART)\n"
    "  -netdev user,id=X[,hostfwd=[tcp|udp]:[ADDR]:PORT-[ADDR]:PORT]...\n"
    "                 user networking by libslirp (10.0.2.0/24, gateway\n"
    "                 10.0.2.2, DNS 10.0.2.3, DHCP from 10.0.2.15) with\n"
    "  -device virtio-net-device,netdev=X[,mac=M]  its NIC (virtio-net);\n"
    "  -nic user[,hostfwd=...][,mac=M]  both at once\n"
    "  -nographic, -serial mon:stdio|stdio  accepted: the console is always\n"
    "                 stdin/stdout (a terminal in raw mode: Ctrl-C goes to\n"
    "                 the guest; Ctrl-A x quits, Ctrl-A Ctrl-A sends Ctrl-A,\n"
    "                 Ctrl-A h lists the keys)\n"
    "  --mode M       interp (default), tier1, tiered (tier 1, hot loops\n"
    "                 compiled by LLVM in the background) or llvm (every\n"
    "                 block through LLVM: slow to start)\n"
    "  --tier-threshold N  tiered: hart-loop arrivals at a block before its\n"
    "                 loop is compiled (default 256)\n"
    "  --stats        instructions retired and tier 2's counts on stderr\n"
    "  --timeout S    stop after S seconds of wall-clock time (status 124)\n"
    "  -gdb tcp::PORT a GDB stub on 127.0.0.1:PORT (also tcp:127.0.0.1:PORT;\n"
    "                 port 0: any, announced on stderr); -s: -gdb tcp::1234\n"
    "  -S             stop before the first instruction until gdb continues\n"
    "  -monitor unix:PATH,server,nowait  a monitor on a UNIX socket (stop,\n"
    "                 cont, info registers, savevm FILE, quit, help); none\n"
    "  -loadvm FILE   start from a snapshot saved by the monitor's savevm\n"
    "                 (the same command line otherwise)\n"
    "\n"
    "Exit status: 0 after a guest poweroff; the exit code of a spike HTIF\n"
    "test; 125 bad option, 126 bad image, 127 missing file, 124 timeout;\n"
    "137 after gdb's kill.\n";

static enum options_result error(const char *fmt, const char *arg)
{
    fprintf(stderr, "vm-run: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    return OPTIONS_ERROR;
}

bool sys_options_wanted(int argc, char **argv)
{
    return argc > 1 && strcmp(argv[1], "--system") == 0;
}

/* QEMU's -m: a number of MiB, or with a K, M or G suffix. */
static int parse_ram(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    uint64_t unit = MIB;
    if (end == s)
        return -1;
    if (*end == 'K' || *end == 'k')
        unit = 1024, end++;
    else if (*end == 'M' || *end == 'm')
        unit = MIB, end++;
    else if (*end == 'G' || *end == 'g')
        unit = 1024 * MIB, end++;
    if (*end || v == 0 || v > MAX_RAM / unit)
        return -1;
    *out = v * unit;
    return *out >= MIN_RAM && *out % 4096 == 0 ? 0 : -1;
}

static int parse_seconds(const char *s, uint64_t *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s || *end || v == 0 || v > 100000000)
        return -1;
    *out = v;
    return 0;
}

static bool is(const char *a, const char *name)
{
    return strcmp(a, name) == 0;
}

/* -smp N or -smp cpus=N: harts up to 4 per host core (each runs on a
 * thread of its own) and the board's SYS_HARTS_MAX. */
static int parse_smp(const char *s, unsigned *out)
{
    if (strncmp(s, "cpus=", 5) == 0)
        s += 5;
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned long max = cores > 0 ? 4ul * (unsigned long)cores : 4;
    if (max > SYS_HARTS_MAX)
        max = SYS_HARTS_MAX;
    if (end == s || *end || *s < '0' || *s > '9' || v == 0 || v > max) {
        fprintf(stderr, "vm-run: bad -smp '%s' (1 to %lu harts here: 4 per "
                        "host core, at most %u)\n", s, max, SYS_HARTS_MAX);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* ---- the GDB stub's options (QEMU's spellings) ---- */

#define GDB_DEFAULT_PORT 1234

/* -gdb's value: tcp::PORT, tcp:127.0.0.1:PORT or tcp:localhost:PORT (the
 * stub listens on the loopback interface only). */
static int parse_gdb_dev(const char *v, unsigned *port)
{
    static const char *const hosts[] = {"tcp::", "tcp:127.0.0.1:",
                                        "tcp:localhost:"};
    for (size_t i = 0; i < sizeof(hosts) / sizeof(*hosts); i++) {
        size_t n = strlen(hosts[i]);
        if (strncmp(v, hosts[i], n))
            continue;
        char *end;
        const char *digits = v + n;
        unsigned long p = strtoul(digits, &end, 10);
        if (*digits < '0' || *digits > '9' || *end || p > 65535)
            return -1;
        *port = (unsigned)p;
        return 0;
    }
    return -1;
}

/* -s and -S (no value); false when a is neither. */
static bool gdb_flag(const char *a, struct sys_options *o)
{
    if (is(a, "-s")) {
        o->gdb = true;
        o->gdb_port = GDB_DEFAULT_PORT;
        return true;
    }
    if (is(a, "-S")) {
        o->gdb_stop_at_start = true;
        return true;
    }
    return false;
}

/* ---- end of the GDB stub's options ---- */

/* ---- the monitor and snapshots (-monitor, -loadvm) ---- */

/* -monitor's value: none, or unix:PATH,server,nowait (QEMU's spelling,
 * also server=on,wait=off): a listening socket the run does not wait
 * on. The path is cut out of the word into static storage. */
static int parse_monitor(const char *v, const char **path)
{
    static char buf[108]; /* sockaddr_un's sun_path */
    *path = NULL;
    if (is(v, "none"))
        return 0;
    if (strncmp(v, "unix:", 5) != 0)
        return -1;
    v += 5;
    size_t n = strcspn(v, ",");
    if (n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, v, n);
    buf[n] = 0;
    bool server = false, nowait = false;
    for (const char *opt = v + n; *opt;) {
        opt++; /* the comma */
        size_t len = strcspn(opt, ",");
        if ((len == 6 && !strncmp(opt, "server", 6)) ||
            (len == 9 && !strncmp(opt, "server=on", 9)))
            server = true;
        else if ((len == 6 && !strncmp(opt, "nowait", 6)) ||
                 (len == 8 && !strncmp(opt, "wait=off", 8)))
            nowait = true;
        else
            return -1;
        opt += len;
    }
    if (!server || !nowait)
        return -1;
    *path = buf;
    return 0;
}

static bool snapshot_option(const char *a, const char *v,
                            struct sys_options *o, int *bad)
{
    *bad = 0;
    if (is(a, "-loadvm")) {
        o->loadvm = v;
        return true;
    }
    if (!is(a, "-monitor"))
        return false;
    if (parse_monitor(v, &o->monitor)) {
        error("bad -monitor '%s' (unix:PATH,server,nowait or none)", v);
        *bad = 1;
    }
    return true;
}

enum options_result sys_options_parse(int argc, char **argv,
                                      struct sys_options *o)
{
    struct sys_drives drives = {0};
    memset(o, 0, sizeof(*o));
    o->ram_size = DEFAULT_RAM;
    o->mode = RT_MODE_INTERP;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (is(a, "-h") || is(a, "--help")) {
            fputs(usage, stdout);
            return OPTIONS_EXIT_OK;
        }
        if (is(a, "-nographic") || gdb_flag(a, o))
            continue;
        if (is(a, "--stats")) {
            o->stats = true;
            continue;
        }
        if (i + 1 >= argc)
            return error("unknown or incomplete option '%s'", a);
        const char *v = argv[++i];
        int bad;
        if (snapshot_option(a, v, o, &bad)) {
            if (bad)
                return OPTIONS_ERROR;
        } else if (is(a, "-M") || is(a, "-machine")) {
            if (is(v, "virt"))
                o->machine = SYS_MACHINE_VIRT;
            else if (is(v, "spike"))
                o->machine = SYS_MACHINE_SPIKE;
            else
                return error("unknown machine '%s' (virt, spike)", v);
        } else if (is(a, "-m")) {
            if (parse_ram(v, &o->ram_size))
                return error("bad RAM size '%s' (16M to 64G, 4K multiple)", v);
        } else if (is(a, "-smp")) {
            if (parse_smp(v, &o->harts))
                return OPTIONS_ERROR;
        } else if (is(a, "-bios")) {
            o->bios = v;
        } else if (is(a, "-kernel")) {
            o->kernel = v;
        } else if (is(a, "-initrd")) {
            o->initrd = v;
        } else if (is(a, "-append")) {
            o->append = v;
        } else if (is(a, "-dtb")) {
            o->dtb = v;
        } else if (is(a, "-drive") || is(a, "-device")) {
            if (sys_virtio_option(a, argv[i], o, &drives))
                return OPTIONS_ERROR;
        } else if (is(a, "-netdev") || is(a, "-nic")) {
            if (sys_net_option(a, argv[i], o))
                return OPTIONS_ERROR;
        } else if (is(a, "-serial")) {
            if (!is(v, "mon:stdio") && !is(v, "stdio"))
                return error("-serial: only stdio and mon:stdio, not '%s'", v);
        } else if (is(a, "--mode")) {
            if (is(v, "interp"))
                o->mode = RT_MODE_INTERP;
            else if (is(v, "tier1"))
                o->mode = RT_MODE_TIER1;
            else if (is(v, "tiered"))
                o->mode = RT_MODE_TIERED;
            else if (is(v, "llvm"))
                o->mode = RT_MODE_LLVM;
            else
                return error("unknown mode '%s'", v);
        } else if (is(a, "-gdb")) {
            if (parse_gdb_dev(v, &o->gdb_port))
                return error("bad -gdb '%s' (tcp::PORT or "
                             "tcp:127.0.0.1:PORT, PORT 0 to 65535)", v);
            o->gdb = true;
        } else if (is(a, "--tier-threshold")) {
            char *end;
            errno = 0;
            unsigned long n = strtoul(v, &end, 10);
            if (errno || end == v || *end || n == 0 || n > 1000000000ul ||
                v[0] == '-')
                return error("bad --tier-threshold '%s' (1 to 1000000000)", v);
            o->tier_threshold = (unsigned)n;
        } else if (is(a, "--timeout")) {
            if (parse_seconds(v, &o->timeout_sec))
                return error("bad --timeout '%s'", v);
        } else {
            return error("unknown option '%s' (see --system --help)", a);
        }
    }
    if (o->gdb_stop_at_start && !o->gdb)
        return error("%s waits for a debugger: add -s or -gdb tcp::PORT",
                     "-S");
    return sys_virtio_options_finish(o, &drives) ? OPTIONS_ERROR : OPTIONS_RUN;
}
