/*
 * log.h — vm-run's -d/-D/-dfilter logs, with QEMU's item names: what was
 * translated (in_asm, op, out_asm), what ran (exec, cpu), what happened
 * to the guest (int, page) and its system calls (strace).
 *
 * Off costs nothing per guest instruction: every hook first tests a bit
 * of rt_log_mask, and the translation hooks run once per block
 * translated, the execution ones once per dispatcher pass.
 *
 * Records are written whole (one write per record, under a lock), so the
 * lines of several guest threads never interleave and a fork child does
 * not repeat its parent's buffered text.
 */
#ifndef VM_RT_LOG_H
#define VM_RT_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* X(name, help): the -d items, in the order -d help lists them. */
#define RT_LOG_ITEMS(X)                                                      \
    X(in_asm, "guest instructions of each block translated")                 \
    X(op, "the IR of each block translated")                                 \
    X(out_asm, "host code of each tier-1 block and tier-2 region")           \
    X(exec, "one line per block the dispatcher enters (chained blocks are "  \
            "not seen: add nochain)")                                        \
    X(nochain, "no chaining or jump cache, so exec sees every block")        \
    X(cpu, "guest registers before each block the dispatcher enters")        \
    X(int, "traps, faults and signals delivered to the guest")               \
    X(page, "the guest memory map at start and after each mmap, munmap, "    \
            "mprotect, mremap and brk")                                      \
    X(strace, "each system call (as --strace)")

enum rt_log_item {
#define RT_LOG_ENUM(name, help) RT_LOG_##name,
    RT_LOG_ITEMS(RT_LOG_ENUM)
#undef RT_LOG_ENUM
    RT_LOG_NUM_ITEMS
};

#define RT_LOG_BIT(name) (1u << RT_LOG_##name)

/* The items asked for (0: logging off). Set once by rt_log_open. */
extern unsigned rt_log_mask;

static inline bool rt_log_on(enum rt_log_item item)
{
    return rt_log_mask & (1u << item);
}

/* Parses a comma list of item names (or "help") into *mask. -1 with the
 * offending name copied into bad; 1 for "help". */
int rt_log_parse_items(const char *list, unsigned *mask, char *bad,
                       size_t badlen);
/* -d help's text. */
void rt_log_print_help(FILE *out);

/* Parses -dfilter's RANGES ("0x1000..0x2000,0x3000+0x100,0x4000"):
 * 0 when valid. With ranges != NULL, *ranges and *n get a malloc'ed array of
 * [lo, hi) pairs. */
struct rt_log_range {
    uint64_t lo, hi;
};
int rt_log_parse_filter(const char *s, struct rt_log_range **ranges,
                        size_t *n);

/* Starts logging mask to fd (duplicated; -1: stderr), limited to the
 * filter when not NULL (validated already). 0, or -1 out of memory. */
int rt_log_open(unsigned mask, int fd, const char *filter);
void rt_log_close(void);

/* Whether guest pc passes -dfilter (true without one). */
bool rt_log_pc_wanted(uint64_t pc);

/* Writes text[0..len) as one record. */
void rt_log_write(const char *text, size_t len);

/* A record built with stdio calls: rt_log_begin gives a stream (NULL
 * when out of memory), rt_log_end writes what was put in it. */
struct rt_log_rec {
    FILE *f;
    char *buf;
    size_t len;
};
FILE *rt_log_begin(struct rt_log_rec *r);
void rt_log_end(struct rt_log_rec *r);

/* printf into one record. */
void rt_log_printf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
