/*
 * proc_stat.c — /proc/self/stat and /proc/self/status for the guest: the
 * host kernel's text for our process, with the fields that describe
 * memory layout and signals replaced by the guest's (its addresses, its
 * emulated signal masks, the size of its mappings). The name is already
 * the guest's: linux_process_start named the host thread after it.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linux_internal.h"

#define STAT_FIELDS 52 /* Linux 6.x; fields past the host's count stay out */
#define LX_SIG_DFL 0
#define LX_SIG_IGN 1

struct guest_signals {
    uint64_t pending, blocked, ignored, caught;
};

static struct guest_signals signals_of(const struct rt_thread *t)
{
    struct guest_signals s = {lx_signal_pending_set(t), t->sig_mask, 0, 0};
    for (int sig = 1; sig <= RT_NSIG; sig++) {
        uint64_t h = t->proc->sigactions[sig].handler;
        if (h == LX_SIG_IGN)
            s.ignored |= lx_sigbit(sig);
        else if (h != LX_SIG_DFL)
            s.caught |= lx_sigbit(sig);
    }
    return s;
}

/* Bytes of guest address space mapped. */
static uint64_t guest_vsize(const struct rt_process *p)
{
    size_t n;
    mmu_lock(p->mmu);
    const struct mmu_region *r = mmu_regions(p->mmu, &n);
    uint64_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += r[i].end - r[i].start;
    mmu_unlock(p->mmu);
    return total;
}

/* The range of the program's own regions with protection prot: its code
 * (start_code, end_code) or its data (start_data, end_data). */
static void image_range(const struct rt_process *p, int prot, uint64_t *start,
                        uint64_t *end)
{
    size_t n;
    mmu_lock(p->mmu);
    const struct mmu_region *r = mmu_regions(p->mmu, &n);
    const char *prog = p->opts ? p->opts->prog : NULL;
    *start = *end = 0;
    for (size_t i = 0; prog && i < n; i++) {
        if ((r[i].prot & prot) != prot ||
            strncmp(r[i].name, prog, sizeof(r[i].name) - 1) != 0)
            continue;
        if (!*start)
            *start = r[i].start;
        *end = r[i].end;
    }
    mmu_unlock(p->mmu);
}

/* Reads a whole host /proc file; NULL on failure. */
static char *read_host(const char *path)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return NULL;
    char *text = NULL;
    size_t cap = 0;
    ssize_t n = getdelim(&text, &cap, '\0', f);
    fclose(f);
    if (n < 0) {
        free(text);
        return NULL;
    }
    return text;
}

void lx_proc_stat(struct rt_thread *t, FILE *out)
{
    char *host = read_host("/proc/self/stat");
    char *close_paren = host ? strrchr(host, ')') : NULL;
    if (!close_paren) {
        free(host);
        return;
    }
    const struct rt_process *p = t->proc;
    struct guest_signals s = signals_of(t);
    uint64_t code_start, code_end, data_start, data_end;
    image_range(p, MMU_EXEC, &code_start, &code_end);
    image_range(p, MMU_WRITE, &data_start, &data_end);
    /* Field numbers as proc(5) counts them; pid and comm are 1 and 2. */
    const struct {
        int field;
        uint64_t value;
    } guest[] = {
        {23, guest_vsize(p)}, {26, code_start},    {27, code_end},
        {28, p->start_stack}, {31, s.pending},     {32, s.blocked},
        {33, s.ignored},      {34, s.caught},      {45, data_start},
        {46, data_end},       {47, p->brk_start},
        {48, p->arg_start},   {49, p->arg_end},    {50, p->env_start},
        {51, p->env_end},
    };
    fwrite(host, 1, (size_t)(close_paren + 1 - host), out);
    char *save = NULL;
    int field = 3;
    for (char *w = strtok_r(close_paren + 1, " \n", &save);
         w && field <= STAT_FIELDS; w = strtok_r(NULL, " \n", &save), field++) {
        size_t i = 0;
        while (i < sizeof(guest) / sizeof(guest[0]) && guest[i].field != field)
            i++;
        if (i < sizeof(guest) / sizeof(guest[0]))
            fprintf(out, " %llu", (unsigned long long)guest[i].value);
        else
            fprintf(out, " %s", w);
    }
    fputc('\n', out);
    free(host);
}

void lx_proc_status(struct rt_thread *t, FILE *out)
{
    char *host = read_host("/proc/self/status");
    if (!host)
        return;
    struct guest_signals s = signals_of(t);
    const struct {
        const char *key;
        uint64_t mask;
    } masks[] = {
        {"SigPnd:", s.pending}, {"ShdPnd:", s.pending},
        {"SigBlk:", s.blocked}, {"SigIgn:", s.ignored},
        {"SigCgt:", s.caught},
    };
    char *save = NULL;
    for (char *line = strtok_r(host, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        size_t i = 0;
        while (i < sizeof(masks) / sizeof(masks[0]) &&
               strncmp(line, masks[i].key, strlen(masks[i].key)) != 0)
            i++;
        if (i < sizeof(masks) / sizeof(masks[0]))
            fprintf(out, "%s\t%016llx\n", masks[i].key,
                    (unsigned long long)masks[i].mask);
        else if (strncmp(line, "VmSize:", 7) == 0 ||
                 strncmp(line, "VmPeak:", 7) == 0)
            fprintf(out, "%.7s\t%8llu kB\n", line,
                    (unsigned long long)(guest_vsize(t->proc) >> 10));
        else
            fprintf(out, "%s\n", line);
    }
    free(host);
}
