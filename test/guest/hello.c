/* The bundled demo: a friendly greeting that echoes its arguments. */
#include <stdio.h>

int main(int argc, char **argv)
{
    printf("Hello from a riscv64 guest!\n");
    printf("I was started with %d argument%s:\n", argc, argc == 1 ? "" : "s");
    for (int i = 0; i < argc; i++)
        printf("  argv[%d] = \"%s\"\n", i, argv[i]);
    return 0;
}
