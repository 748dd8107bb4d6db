/*
 * x86_64_features.h — the cpuid feature bits the x86-64 guest reports:
 * exactly what the lifter implements. ir_helper_x86_cpuid derives leaves
 * 1, 7 and 0x80000001 from this list (other leaves read as zeros).
 *
 * X(leaf, register, bit, name). The x86-64 baseline (x86-64-v1) every
 * 64-bit program may assume: FPU (the psABI mandates it; x87 itself comes
 * with P7), TSC (rdtsc), CX8 (cmpxchg8b), CMOV, MMX, FXSR, SSE, SSE2,
 * SYSCALL and LM (ld.so refuses a libc marked x86-64-baseline unless all
 * of CMOV CX8 FPU FXSR MMX SSE SSE2 are reported). Beyond the baseline:
 * LAHF-SAHF in 64-bit mode, LZCNT (ABM), POPCNT, CX16 (cmpxchg16b), and
 * SSE3, SSSE3, SSE4.1, SSE4.2 (x86-64-v2's vector sets), all implemented.
 */
#ifndef VM_X86_64_FEATURES_H
#define VM_X86_64_FEATURES_H

enum x86_cpuid_reg { X86_CPUID_EAX, X86_CPUID_EBX, X86_CPUID_ECX,
                     X86_CPUID_EDX };

#define X86_FEATURES(X)                                                        \
    X(0x00000001u, X86_CPUID_EDX, 0, fpu)                                      \
    X(0x00000001u, X86_CPUID_EDX, 4, tsc)                                      \
    X(0x00000001u, X86_CPUID_EDX, 8, cx8)                                      \
    X(0x00000001u, X86_CPUID_EDX, 15, cmov)                                    \
    X(0x00000001u, X86_CPUID_EDX, 23, mmx)                                     \
    X(0x00000001u, X86_CPUID_EDX, 24, fxsr)                                    \
    X(0x00000001u, X86_CPUID_EDX, 25, sse)                                     \
    X(0x00000001u, X86_CPUID_EDX, 26, sse2)                                    \
    X(0x00000001u, X86_CPUID_ECX, 0, pni) /* SSE3, by its Linux name */       \
    X(0x00000001u, X86_CPUID_ECX, 9, ssse3)                                    \
    X(0x00000001u, X86_CPUID_ECX, 13, cx16) /* cmpxchg16b */                  \
    X(0x00000001u, X86_CPUID_ECX, 19, sse4_1)                                  \
    X(0x00000001u, X86_CPUID_ECX, 20, sse4_2)                                  \
    X(0x00000001u, X86_CPUID_ECX, 23, popcnt)                                  \
    X(0x80000001u, X86_CPUID_EDX, 11, syscall)                                 \
    X(0x80000001u, X86_CPUID_EDX, 29, lm)                                      \
    X(0x80000001u, X86_CPUID_ECX, 0, lahf_lm)                                  \
    X(0x80000001u, X86_CPUID_ECX, 5, abm)

#endif
