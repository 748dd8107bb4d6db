/* Arguments, environment and auxiliary vector: argc/argv as passed (the
 * runner gives both emulators the same path and arguments), variables the
 * runner sets or unsets, and facts from getauxval. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

extern char **environ;

static void show_var(const char *name)
{
    const char *v = getenv(name);
    if (v)
        printf("getenv(%s) = \"%s\"\n", name, v);
    else
        printf("getenv(%s) = (unset)\n", name);
}

int main(int argc, char **argv, char **envp)
{
    printf("argc = %d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = \"%s\" (length %zu)\n", i, argv[i], strlen(argv[i]));
    printf("argv[argc] is NULL: %s\n", argv[argc] == NULL ? "yes" : "no");
    printf("envp is environ: %s\n", envp == environ ? "yes" : "no");
    printf("envp follows argv: %s\n", envp == argv + argc + 1 ? "yes" : "no");

    const char *names[] = {"GUEST_ALPHA", "GUEST_EQUALS", "GUEST_EMPTY", "GUEST_BASE",
                           "GUEST_NEVER_SET"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        show_var(names[i]);
    int guest_vars = 0;
    for (char **e = environ; *e; e++)
        guest_vars += strncmp(*e, "GUEST_", 6) == 0;
    printf("GUEST_* variables in environ: %d\n", guest_vars);

    setenv("GUEST_SET_AT_RUNTIME", "runtime", 1);
    show_var("GUEST_SET_AT_RUNTIME");
    unsetenv("GUEST_ALPHA");
    show_var("GUEST_ALPHA");

    printf("AT_PAGESZ = %lu\n", getauxval(AT_PAGESZ));
    printf("AT_UID matches getuid: %s\n", getauxval(AT_UID) == getuid() ? "yes" : "no");
    printf("AT_EGID matches getegid: %s\n", getauxval(AT_EGID) == getegid() ? "yes" : "no");
    printf("AT_SECURE = %lu\n", getauxval(AT_SECURE));
    printf("AT_RANDOM present: %s\n", getauxval(AT_RANDOM) ? "yes" : "no");
    printf("AT_PHDR present: %s\n", getauxval(AT_PHDR) ? "yes" : "no");
    unsigned long hwcap = getauxval(AT_HWCAP);
    printf("AT_HWCAP has I M A F D C:");
    for (const char *ext = "IMAFDC"; *ext; ext++)
        printf(" %c=%d", *ext, (int)((hwcap >> (*ext - 'A')) & 1));
    printf("\n");
    const char *execfn = (const char *)getauxval(AT_EXECFN);
    printf("AT_EXECFN equals argv[0]: %s\n", execfn && strcmp(execfn, argv[0]) == 0 ? "yes" : "no");
    return argc;
}
