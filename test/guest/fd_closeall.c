/* A guest that closes every descriptor it does not know, as daemons and
 * shells do: close() over 3..1023 and close_range(3, ~0U) must leave the
 * emulator working (its own descriptors are not the guest's to close),
 * stdout must still work, and the next open must get 3. */
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "guest_util.h"

int main(void)
{
    for (int fd = 100; fd < 1024; fd++)
        close(fd);
    printf("closed 100..1023\n");
    fflush(stdout);
    say_ret("close_range(3, ~0U, 0)", syscall(SYS_close_range, 3, ~0U, 0));
    int fd = open("/dev/null", O_RDONLY);
    say_ret("next open", fd);
    say_ret("close_range CLOEXEC over it",
            syscall(SYS_close_range, 3, 3, 4 /* CLOSE_RANGE_CLOEXEC */));
    say("  close-on-exec set", fcntl(fd, F_GETFD) == FD_CLOEXEC);
    say_ret("close_range first > last", syscall(SYS_close_range, 5, 4, 0));
    say_ret("close_range unknown flag", syscall(SYS_close_range, 3, 4, 1));
    say_ret("dup2 onto 1000", dup2(fd, 1000));
    say_ret("fcntl F_DUPFD from 1000", fcntl(fd, F_DUPFD, 1000));
    say_ret("close_range(3, ~0U, 0) again",
            syscall(SYS_close_range, 3, ~0U, 0));
    say_ret("fcntl on 1000 after", fcntl(1000, F_GETFD));
    for (int i = 0; i < 3; i++)
        say_ret("stdout still works", write(1, "", 0));
    return 0;
}
