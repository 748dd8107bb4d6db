/*
 * vm-aot — ahead-of-time compiler for guest ELF programs. Compilation
 * arrives with the LLVM tier (P4); today it explains itself and refuses.
 */
#include <stdio.h>
#include <string.h>

static const char usage[] =
    "usage: vm-aot GUEST-ELF -o IMAGE\n"
    "Compiles a guest program ahead of time into a native image for vm-run.\n"
    "Not available yet: this build has no ahead-of-time back end.\n";

int main(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
                      strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("vm-aot %s\n", VM_VERSION);
        return 0;
    }
    fputs(usage, stderr);
    fprintf(stderr, "vm-aot: no ahead-of-time back end in this build\n");
    return 125;
}
