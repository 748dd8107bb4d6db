/*
 * x86_64_lift_table.c — x86_lift_table_int: every integer mnemonic and the
 * function that lifts it (the functions live in x86_64_lift_*.c by group).
 */
#include "x86_64_int.h"

#define M(mn, fn) {ZYDIS_MNEMONIC_##mn, x86_lift_##fn}

const struct x86_lift_entry x86_lift_table_int[] = {
    M(ADD, add), M(ADC, adc), M(SUB, sub), M(SBB, sbb), M(CMP, cmp),
    M(AND, and), M(OR, or), M(XOR, xor), M(TEST, test),
    M(NOT, not), M(NEG, neg), M(INC, inc), M(DEC, dec),
    M(XCHG, xchg), M(CMPXCHG, cmpxchg), M(XADD, xadd),
    M(CMPXCHG8B, cmpxchg8b), M(CMPXCHG16B, cmpxchg16b),
    M(MOV, mov), M(MOVZX, movzx), M(MOVSX, movsx), M(MOVSXD, movsx),
    M(LEA, lea), M(BSWAP, bswap), M(XLAT, xlat),
    M(CBW, cbw), M(CWDE, cwde), M(CDQE, cdqe),
    M(CWD, cwd), M(CDQ, cdq), M(CQO, cqo),
    M(CMOVB, cmovcc), M(CMOVBE, cmovcc), M(CMOVL, cmovcc),
    M(CMOVLE, cmovcc), M(CMOVNB, cmovcc), M(CMOVNBE, cmovcc),
    M(CMOVNL, cmovcc), M(CMOVNLE, cmovcc), M(CMOVNO, cmovcc),
    M(CMOVNP, cmovcc), M(CMOVNS, cmovcc), M(CMOVNZ, cmovcc),
    M(CMOVO, cmovcc), M(CMOVP, cmovcc), M(CMOVS, cmovcc), M(CMOVZ, cmovcc),
    M(SETB, setcc), M(SETBE, setcc), M(SETL, setcc), M(SETLE, setcc),
    M(SETNB, setcc), M(SETNBE, setcc), M(SETNL, setcc), M(SETNLE, setcc),
    M(SETNO, setcc), M(SETNP, setcc), M(SETNS, setcc), M(SETNZ, setcc),
    M(SETO, setcc), M(SETP, setcc), M(SETS, setcc), M(SETZ, setcc),
    M(SHL, shl), M(SHR, shr), M(SAR, sar), M(ROL, rol), M(ROR, ror),
    M(RCL, rcl), M(RCR, rcr), M(SHLD, shld), M(SHRD, shrd),
    M(MUL, mul), M(IMUL, imul), M(DIV, div), M(IDIV, idiv),
    M(BT, bt), M(BTS, bts), M(BTR, btr), M(BTC, btc),
    M(BSF, bsf), M(BSR, bsr), M(TZCNT, tzcnt), M(LZCNT, lzcnt),
    M(POPCNT, popcnt),
    M(JMP, jmp), M(JB, jcc), M(JBE, jcc), M(JL, jcc), M(JLE, jcc),
    M(JNB, jcc), M(JNBE, jcc), M(JNL, jcc), M(JNLE, jcc), M(JNO, jcc),
    M(JNP, jcc), M(JNS, jcc), M(JNZ, jcc), M(JO, jcc), M(JP, jcc),
    M(JS, jcc), M(JZ, jcc), M(JRCXZ, jrcxz), M(JECXZ, jrcxz),
    M(LOOP, loop), M(LOOPE, loope), M(LOOPNE, loopne),
    M(CALL, call), M(RET, ret),
    M(PUSH, push), M(POP, pop), M(ENTER, enter), M(LEAVE, leave),
    M(PUSHFQ, pushfq), M(POPFQ, popfq), M(PUSHF, pushfq),
    M(POPF, popfq),
    M(MOVSB, movs), M(MOVSW, movs), M(MOVSD, movs), M(MOVSQ, movs),
    M(STOSB, stos), M(STOSW, stos), M(STOSD, stos), M(STOSQ, stos),
    M(LODSB, lods), M(LODSW, lods), M(LODSD, lods), M(LODSQ, lods),
    M(CMPSB, cmps), M(CMPSW, cmps), M(CMPSD, cmps), M(CMPSQ, cmps),
    M(SCASB, scas), M(SCASW, scas), M(SCASD, scas), M(SCASQ, scas),
    M(NOP, nop), M(ENDBR64, nop), M(PAUSE, nop), M(PREFETCHNTA, nop),
    M(PREFETCHT0, nop), M(PREFETCHT1, nop), M(PREFETCHT2, nop),
    M(PREFETCHW, nop), M(RDSSPD, nop), M(RDSSPQ, nop),
    M(LFENCE, fence), M(MFENCE, fence), M(SFENCE, fence),
    M(CPUID, cpuid), M(RDTSC, rdtsc), M(SYSCALL, syscall),
    M(UD2, ud2), M(INT3, int3),
    M(HLT, privileged), M(IN, privileged), M(OUT, privileged),
    M(CLI, privileged), M(STI, privileged),
    M(LAHF, lahf), M(SAHF, sahf),
    M(CMC, cmc), M(CLC, clc), M(STC, stc), M(CLD, cld), M(STD, std),
};

const size_t x86_lift_table_int_len =
    sizeof(x86_lift_table_int) / sizeof(*x86_lift_table_int);
