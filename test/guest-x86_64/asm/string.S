/*
 * string.S — rep movsb/movsw/movsq, rep stosb/stosd, repe/repne cmpsb,
 * repe/repne scasb and lodsb, forwards (DF=0) and backwards (DF=1), with
 * counts 0, 1, 5 and 16 (a). The source is "@ABC...", the destination
 * starts as 0x11 bytes, the compare buffer differs from the source at
 * bytes 5 and 12. r8 and r9 are destination bytes 0-15, r11 packs
 * rcx << 32 | (rsi - source + 0x100) << 16 | (rdi - destination + 0x100),
 * the flags include DF. A rep with rcx = 0 leaves flags alone.
 */
#include "harness.inc"

    .section .rodata
tab_count:
    .quad 0, 1, 5, 16
tab_count_end:

    .data
    .balign 16
/* Guards wide enough for 16 quadwords either way from offset 15. */
            .fill 160, 1, 0x3f
src:        .fill 32, 1, 0
            .fill 160, 1, 0x3f
            .fill 160, 1, 0x22
dst:        .fill 32, 1, 0
            .fill 160, 1, 0x22
cmpbuf:     .fill 32, 1, 0

    .text
/* str_reset: refills src, dst and cmpbuf; keeps the flags. */
str_reset:
    pushfq
    xor ecx, ecx
1:  lea eax, [rcx + 0x40]
    lea rdx, [rip + src]
    mov [rdx + rcx], al
    lea rdx, [rip + cmpbuf]
    mov [rdx + rcx], al
    lea rdx, [rip + dst]
    mov byte ptr [rdx + rcx], 0x11
    inc ecx
    cmp ecx, 32
    jb 1b
    mov byte ptr [rip + cmpbuf + 5], 'x'
    mov byte ptr [rip + cmpbuf + 12], 'y'
    popfq
    ret

/* STRING name, dir, body: rcx = a, rsi/rdi at the first byte to touch
 * (offset 15 when going backwards), al = 'E' for stos/scas; the flags
 * are read right after the body, then DF is cleared again. */
    .macro STRING name, dir, body
    CASE \name, count, one
    call str_reset
    mov rcx, rdi
    mov eax, 'E'
    .ifc \dir, up
    lea rsi, [rip + src]
    lea rdi, [rip + dst]
    .else
    lea rsi, [rip + src + 15]
    lea rdi, [rip + dst + 15]
    std
    .endif
    \body
    pushfq
    pop r10
    cld
    mov r8, [rip + dst]
    mov r9, [rip + dst + 8]
    mov r11, rcx
    shl r11, 32
    lea rdx, [rip + src - 0x100]
    sub rsi, rdx
    shl rsi, 16
    or r11, rsi
    lea rdx, [rip + dst - 0x100]
    sub rdi, rdx
    or r11, rdi
    ret
    .endm

    .irp dir, up, down
    STRING rep_movsb_\dir, \dir, "rep movsb"
    STRING rep_movsw_\dir, \dir, "rep movsw"
    STRING rep_movsq_\dir, \dir, "rep movsq"
    STRING movsb_\dir, \dir, "movsb"
    STRING rep_stosb_\dir, \dir, "rep stosb"
    STRING rep_stosd_\dir, \dir, "rep stosd"
    STRING stosq_\dir, \dir, "stosq"
    STRING lodsb_\dir, \dir, "lodsb; mov [rip + dst], al"
    STRING lodsq_\dir, \dir, "lodsq; mov [rip + dst], rax"
    /* cmps compares [rsi] with [rdi]: point rdi at the compare buffer. */
    STRING repe_cmpsb_\dir, \dir, "lea rdi, [rdi + cmpbuf - dst]; repe cmpsb; lea rdi, [rdi + dst - cmpbuf]"
    STRING repne_cmpsb_\dir, \dir, "lea rdi, [rdi + cmpbuf - dst]; repne cmpsb; lea rdi, [rdi + dst - cmpbuf]"
    STRING cmpsb_\dir, \dir, "lea rdi, [rdi + cmpbuf - dst]; cmpsb; lea rdi, [rdi + dst - cmpbuf]"
    /* scas compares al with [rdi]; the source string holds 'E' at 5. */
    STRING repne_scasb_\dir, \dir, "lea rdi, [rsi]; repne scasb; lea rdi, [rdi + dst - src]"
    STRING repe_scasb_\dir, \dir, "mov al, [rsi]; lea rdi, [rsi]; repe scasb; lea rdi, [rdi + dst - src]"
    .endr

#include "harness_end.inc"
