/* hello: output through write(2), argv, the exit status of main. */
#include "nolibc.h"

int main(int argc, char **argv)
{
    put_str("hello from aarch64\n");
    for (int i = 1; i < argc; i++) {
        put_str("arg ");
        put_dec(i);
        put_str(": ");
        put_str(argv[i]);
        put_str("\n");
    }
    return argc + 40;
}
