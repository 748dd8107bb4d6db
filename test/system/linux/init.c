/*
 * init.c — /init of the smallest Linux system vm boots: prints one marker
 * line and powers off (linux_boot.sh checks both). Built static.
 */
#include <stdio.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
    printf("vm-init: hello from user space, pid %d\n", getpid());
    fflush(stdout);
    sync();
    reboot(RB_POWER_OFF);
    return 0;
}
