/*
 * perf_map.h — --perf-map and --jitdump: telling perf where host code for
 * guest code lies.
 *
 * --perf-map appends "START SIZE NAME" lines (hex, no 0x) to
 * /tmp/perf-PID.map, which perf report reads for addresses in anonymous
 * executable memory. --jitdump writes jit-PID.dump in the current
 * directory (the format of Linux's tools/perf/Documentation/
 * jitdump-specification.txt): a header and one JIT_CODE_LOAD record with
 * the code bytes per block or region, timestamps on CLOCK_MONOTONIC (so
 * `perf record -k 1`), and the file mapped executable once so perf record
 * sees it; `perf inject --jit` then turns the records into ELF files
 * perf annotate can disassemble.
 */
#ifndef VM_RT_PERF_MAP_H
#define VM_RT_PERF_MAP_H

#include <stddef.h>
#include <stdint.h>

/* 0, or -errno after which the caller reports the file it could not
 * make (rt_perf_map_path, rt_jitdump_path). */
int rt_perf_map_open(void);
void rt_perf_map_add(const void *code, size_t size, const char *name);
void rt_perf_map_close(void);
void rt_perf_map_path(char *buf, size_t len);

int rt_jitdump_open(void);
void rt_jitdump_add(const void *code, size_t size, const char *name);
void rt_jitdump_close(void);
void rt_jitdump_path(char *buf, size_t len);

#endif
