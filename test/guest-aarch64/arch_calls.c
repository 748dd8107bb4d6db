/* arch_calls: asm-generic's arch-specific system-call numbers, 244 to 259,
 * are riscv64's own calls (riscv_hwprobe, riscv_flush_icache) and nothing
 * on arm64: each must fail with ENOSYS (-38) there, whatever vm-run's
 * shared table holds. */
#include "nolibc.h"

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    for (long nr = 244; nr <= 259; nr++) {
        put_dec(nr);
        put_str(": ");
        put_dec(sys6(nr, 0, 0, 0, 0, 0, 0));
        put_str("\n");
    }
    return 0;
}
