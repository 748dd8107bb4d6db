/*
 * nolibc.h — the little runtime the libc-free aarch64 test programs share
 * (built with -nostdlib -mgeneral-regs-only: integer instructions only,
 * until the FP/AdvSIMD lifter exists): _start, raw system calls, output
 * of strings and numbers, and the memcpy/memset GCC may call.
 */
#ifndef GUEST_A64_NOLIBC_H
#define GUEST_A64_NOLIBC_H

#include <stddef.h>
#include <stdint.h>

enum {
    NR_write = 64, NR_exit_group = 94, NR_kill = 129, NR_rt_sigaction = 134,
    NR_rt_sigreturn = 139, NR_getpid = 172,
};

static inline long sys6(long nr, long a, long b, long c, long d, long e,
                        long f)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a;
    register long x1 __asm__("x1") = b;
    register long x2 __asm__("x2") = c;
    register long x3 __asm__("x3") = d;
    register long x4 __asm__("x4") = e;
    register long x5 __asm__("x5") = f;
    __asm__ volatile("svc #0"
                     : "+r"(x0)
                     : "r"(x8), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
                     : "memory");
    return x0;
}

static inline long sys3(long nr, long a, long b, long c)
{
    return sys6(nr, a, b, c, 0, 0, 0);
}

__attribute__((noreturn)) static inline void sys_exit(int status)
{
    sys3(NR_exit_group, status, 0, 0);
    __builtin_unreachable();
}

size_t strlen(const char *s);

static inline void put_str(const char *s)
{
    sys3(NR_write, 1, (long)s, (long)strlen(s));
}

static inline void put_hex(uint64_t v)
{
    char buf[19] = "0x";
    for (int i = 0; i < 16; i++)
        buf[2 + i] = "0123456789abcdef"[(v >> (60 - 4 * i)) & 15];
    buf[18] = 0;
    put_str(buf);
}

/* "name 0x...\n" */
static inline void put_named_hex(const char *name, uint64_t v)
{
    put_str(name);
    put_str(" ");
    put_hex(v);
    put_str("\n");
}

static inline void put_dec(int64_t v)
{
    char buf[24];
    int i = 23;
    uint64_t u = v < 0 ? -(uint64_t)v : (uint64_t)v;
    buf[i] = 0;
    do
        buf[--i] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        buf[--i] = '-';
    put_str(buf + i);
}

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* GCC turns str_len's loop into a strlen call. */
__attribute__((used)) size_t strlen(const char *s)
{
    const char *p = s;
    while (*(volatile const char *)p)
        p++;
    return (size_t)(p - s);
}

/* The copies write through volatile pointers, or GCC would turn their
 * loops into calls of themselves. */
__attribute__((used)) void *memcpy(void *dst, const void *src, size_t n)
{
    volatile unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

__attribute__((used)) void *memmove(void *dst, const void *src, size_t n)
{
    volatile unsigned char *d = dst;
    const unsigned char *s = src;
    if (d < s)
        while (n--)
            *d++ = *s++;
    else
        while (n--)
            d[n] = s[n];
    return dst;
}

__attribute__((used)) void *memset(void *dst, int c, size_t n)
{
    volatile unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

__attribute__((used)) int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x - *y;
    return 0;
}

int main(int argc, char **argv);

/* The kernel's initial stack: argc, argv[], NULL, envp[] ... */
__attribute__((used)) void start_c(uint64_t *sp)
{
    sys_exit(main((int)sp[0], (char **)(sp + 1)));
}

__asm__(".global _start\n"
        "_start:\n"
        "    mov x0, sp\n"
        "    bl start_c\n");

#endif
