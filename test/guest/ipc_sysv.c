/* Inter-process communication: System V shared memory (shmget, shmat at
 * an address of our choice or the system's, SHM_RND, SHM_RDONLY,
 * SHM_REMAP, the segment shared with a forked child, shmctl IPC_STAT,
 * nattch, IPC_RMID, shmdt), semaphores (SETALL/GETALL/GETVAL/GETPID,
 * IPC_STAT's nsems and times, semop with IPC_NOWAIT, semtimedop timing
 * out, a semop waiting for a child), message queues (types, MSG_NOERROR,
 * E2BIG, ENOMSG, IPC_STAT counts), POSIX message queues (priorities,
 * attributes, timeouts, mq_notify's signal) and memfd shared with a
 * child; each with its error cases. */
#include <errno.h>
#include <fcntl.h>
#include <mqueue.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "guest_util.h"

/* argv[1] == "linux": the reference is Linux, not qemu. */
static int on_linux;

static void child_done(pid_t pid)
{
    int st;
    waitpid(pid, &st, 0);
    printf("child exit status %d\n", WIFEXITED(st) ? WEXITSTATUS(st) : -1);
}

static void shm(void)
{
    int id = shmget(IPC_PRIVATE, 10000, IPC_CREAT | 0600);
    say("shmget", id >= 0);
    char *a = shmat(id, NULL, 0);
    say("shmat anywhere", a != (void *)-1);
    say("page aligned", ((uintptr_t)a & 4095) == 0);
    strcpy(a, "written through a");
    char *b = shmat(id, NULL, SHM_RDONLY);
    say("second attach elsewhere", b != (void *)-1 && b != a);
    printf("b reads: %s\n", b);
    struct shmid_ds ds;
    say_ret("IPC_STAT", shmctl(id, IPC_STAT, &ds));
    printf("segsz %zu nattch %lu mode %o cpid-is-us %d\n", ds.shm_segsz,
           (unsigned long)ds.shm_nattch, ds.shm_perm.mode & 0777,
           ds.shm_cpid == getpid());
    pid_t pid = fork();
    if (pid == 0) {
        char *c = shmat(id, NULL, 0);
        strcpy(c + 5000, "from the child");
        shmdt(c);
        _exit(a[0] == 'w' ? 3 : 4); /* inherited attachment too */
    }
    child_done(pid);
    printf("parent sees: %s\n", a + 5000);
    say_ret("shmdt b", shmdt(b));
    say_ret("shmdt b again", shmdt(b));
    say_ret("shmdt unaligned", shmdt(a + 1));
    shmctl(id, IPC_STAT, &ds);
    printf("nattch now %lu\n", (unsigned long)ds.shm_nattch);

    /* A place we choose: a range we know is free. */
    char *hole = mmap(NULL, 8 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    say_ret("shmat over a mapping", shmat(id, hole, 0) == (void *)-1 ? -1 : 0);
    char *c = shmat(id, hole, SHM_REMAP);
    say("SHM_REMAP at our address", c == hole);
    printf("c reads: %s\n", c);
    shmdt(c);
    munmap(hole, 8 * 4096);
    char *d = shmat(id, hole + 100, SHM_RND);
    say("SHM_RND rounds down", d == hole);
    say_ret("unaligned without SHM_RND", shmat(id, hole + 100, 0) == (void *)-1 ? -1 : 0);
    shmdt(d);
    say_ret("IPC_RMID", shmctl(id, IPC_RMID, NULL));
    printf("a still reads: %.17s\n", a);
    say_ret("shmdt a", shmdt(a));
    say_ret("shmat removed", shmat(id, NULL, 0) == (void *)-1 ? -1 : 0);
    say_ret("shmget missing key", shmget(0x7a7a7a7a, 4096, 0600));
    say_ret("shmctl bad cmd", shmctl(0, 12345, &ds));
    int id2 = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
    say_ret("IPC_STAT bad buffer", syscall(SYS_shmctl, id2, IPC_STAT, (void *)8));
    shmctl(id2, IPC_RMID, NULL);
}

static void sem(void)
{
    int id = semget(IPC_PRIVATE, 3, IPC_CREAT | 0600);
    say("semget", id >= 0);
    unsigned short init[3] = {1, 2, 3}, got[3];
    say_ret("SETALL", semctl(id, 0, SETALL, init));
    say_ret("GETALL", semctl(id, 0, GETALL, got));
    printf("values %d %d %d\n", got[0], got[1], got[2]);
    struct semid_ds ds;
    say_ret("IPC_STAT", semctl(id, 0, IPC_STAT, &ds));
    printf("nsems %lu otime-zero %d mode %o\n", (unsigned long)ds.sem_nsems,
           ds.sem_otime == 0, ds.sem_perm.mode & 0777);
    struct sembuf op = {2, -3, 0};
    say_ret("semop take 3", semop(id, &op, 1));
    say_ret("GETVAL 2", semctl(id, 2, GETVAL));
    say("GETPID is us", semctl(id, 2, GETPID) == getpid());
    semctl(id, 0, IPC_STAT, &ds);
    say("otime set", ds.sem_otime != 0);
    struct sembuf nowait = {2, -1, IPC_NOWAIT};
    say_ret("semop IPC_NOWAIT on 0", semop(id, &nowait, 1));
    struct sembuf wait1 = {2, -1, 0};
    struct timespec ten_ms = {0, 10 * 1000 * 1000};
    say_ret("semtimedop times out", semtimedop(id, &wait1, 1, &ten_ms));
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec nap = {0, 30 * 1000 * 1000};
        nanosleep(&nap, NULL);
        struct sembuf give = {2, 1, 0};
        _exit(semop(id, &give, 1) == 0 ? 0 : 1);
    }
    say_ret("semop waits for the child", semop(id, &wait1, 1));
    child_done(pid);
    say_ret("SETVAL", semctl(id, 1, SETVAL, 9));
    say_ret("GETVAL 1", semctl(id, 1, GETVAL));
    say_ret("GETNCNT", semctl(id, 1, GETNCNT));
    struct sembuf two[2] = {{0, -1, 0}, {1, -9, 0}};
    say_ret("semop two at once", semop(id, two, 2));
    semctl(id, 0, GETALL, got);
    printf("values %d %d %d\n", got[0], got[1], got[2]);
    say_ret("semop bad semnum", semop(id, &(struct sembuf){7, 1, 0}, 1));
    say_ret("semop no ops", semop(id, two, 0));
    say_ret("semop bad pointer", syscall(SYS_semop, id, (void *)8, 1));
    ds.sem_perm.mode = 0640;
    say_ret("IPC_SET", semctl(id, 0, IPC_SET, &ds));
    semctl(id, 0, IPC_STAT, &ds);
    printf("mode now %o, nsems %lu\n", ds.sem_perm.mode & 0777,
           (unsigned long)ds.sem_nsems);
    say_ret("IPC_RMID", semctl(id, 0, IPC_RMID));
    say_ret("semop removed", semop(id, &op, 1));
}

struct msg {
    long type;
    char text[32];
};

static void msg(void)
{
    int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
    say("msgget", id >= 0);
    struct msg m = {1, "one"};
    say_ret("msgsnd type 1", msgsnd(id, &m, 4, 0));
    m.type = 2;
    strcpy(m.text, "two, longer");
    say_ret("msgsnd type 2", msgsnd(id, &m, 12, 0));
    struct msqid_ds ds;
    say_ret("IPC_STAT", msgctl(id, IPC_STAT, &ds));
    printf("qnum %lu cbytes %lu lspid-is-us %d\n", (unsigned long)ds.msg_qnum,
           (unsigned long)ds.__msg_cbytes, ds.msg_lspid == getpid());
    struct msg r = {0, ""};
    say_ret("msgrcv type 2 small", msgrcv(id, &r, 4, 2, 0));
    say_ret("msgrcv type 2 MSG_NOERROR", msgrcv(id, &r, 4, 2, MSG_NOERROR));
    printf("got type %ld: %.4s\n", r.type, r.text);
    say_ret("msgrcv any", msgrcv(id, &r, sizeof r.text, 0, 0));
    printf("got type %ld: %s\n", r.type, r.text);
    say_ret("msgrcv empty IPC_NOWAIT", msgrcv(id, &r, sizeof r.text, 0, IPC_NOWAIT));
    pid_t pid = fork();
    if (pid == 0) {
        struct timespec nap = {0, 20 * 1000 * 1000};
        nanosleep(&nap, NULL);
        struct msg c = {5, "late"};
        _exit(msgsnd(id, &c, 5, 0) == 0 ? 0 : 1);
    }
    say_ret("msgrcv waits", msgrcv(id, &r, sizeof r.text, 5, 0));
    printf("got type %ld: %s\n", r.type, r.text);
    child_done(pid);
    m.type = 0;
    say_ret("msgsnd type 0", msgsnd(id, &m, 4, 0));
    say_ret("msgsnd bad pointer", syscall(SYS_msgsnd, id, (void *)8, 4, 0));
    say_ret("IPC_RMID", msgctl(id, IPC_RMID, NULL));
    say_ret("msgsnd removed", msgsnd(id, &m, 4, 0));
}

static volatile sig_atomic_t mq_sig, mq_code;

static void on_mq(int sig, siginfo_t *si, void *uc)
{
    (void)uc;
    mq_sig = sig;
    mq_code = si->si_code;
}

static void mq(void)
{
    char name[64];
    snprintf(name, sizeof name, "/vm-guest-mq-%d", (int)getpid());
    struct mq_attr attr = {.mq_maxmsg = 4, .mq_msgsize = 64};
    mqd_t q = mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr);
    say("mq_open", q >= 0);
    say_ret("mq_open O_EXCL again", mq_open(name, O_CREAT | O_EXCL | O_RDWR, 0600, &attr));
    say_ret("send low", mq_send(q, "low", 4, 1));
    say_ret("send high", mq_send(q, "high", 5, 5));
    struct mq_attr now;
    mq_getattr(q, &now);
    printf("maxmsg %ld msgsize %ld curmsgs %ld\n", now.mq_maxmsg, now.mq_msgsize,
           now.mq_curmsgs);
    char buf[64];
    unsigned prio;
    say_ret("receive", mq_receive(q, buf, sizeof buf, &prio));
    printf("first: %s prio %u\n", buf, prio);
    say_ret("receive small buffer", mq_receive(q, buf, 10, &prio));
    say_ret("receive", mq_receive(q, buf, sizeof buf, &prio));
    printf("second: %s prio %u\n", buf, prio);
    struct timespec past = {1, 0};
    say_ret("timedreceive past deadline", mq_timedreceive(q, buf, sizeof buf, &prio, &past));
    struct mq_attr nb = {.mq_flags = O_NONBLOCK}, old;
    say_ret("setattr O_NONBLOCK", mq_setattr(q, &nb, &old));
    say_ret("receive empty", mq_receive(q, buf, sizeof buf, &prio));
    if (on_linux) { /* qemu 7.2 has no mq_notify */
        struct sigaction sa = {0};
        sa.sa_sigaction = on_mq;
        sa.sa_flags = SA_SIGINFO;
        sigaction(SIGUSR1, &sa, NULL);
        struct sigevent sev = {0};
        sev.sigev_notify = SIGEV_SIGNAL;
        sev.sigev_signo = SIGUSR1;
        say_ret("mq_notify", mq_notify(q, &sev));
        say_ret("mq_notify taken", mq_notify(q, &sev));
        mq_send(q, "ping", 5, 0);
        for (int i = 0; i < 200 && !mq_sig; i++) {
            struct timespec nap = {0, 1000 * 1000};
            nanosleep(&nap, NULL);
        }
        say("notified by SIGUSR1", mq_sig == SIGUSR1);
        say("si_code SI_MESGQ", mq_code == SI_MESGQ);
    }
    say_ret("send bad buffer", syscall(SYS_mq_timedsend, q, (void *)8, 4, 0, NULL));
    mq_close(q);
    say_ret("mq_unlink", mq_unlink(name));
    say_ret("mq_unlink again", mq_unlink(name));
    say_ret("mq_open missing", mq_open(name, O_RDONLY));
    signal(SIGUSR1, SIG_DFL);
}

static void memfd_fork(void)
{
    int fd = memfd_create("shared", 0);
    ftruncate(fd, 4096);
    char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    pid_t pid = fork();
    if (pid == 0) {
        strcpy(m, "child wrote this");
        _exit(0);
    }
    child_done(pid);
    printf("memfd shared: %s\n", m);
    munmap(m, 4096);
    close(fd);
}

int main(int argc, char **argv)
{
    on_linux = argc > 1 && !strcmp(argv[1], "linux");
    setvbuf(stdout, NULL, _IOLBF, 0);
    shm();
    sem();
    msg();
    mq();
    memfd_fork();
    return 0;
}
