#!/usr/bin/env bash
# --strace and --log: a guest that opens, writes, reads, fails two opens,
# sends itself a signal and exits 3 is traced; the decoded lines must be
# there, its own stdout untouched, its status passed through.
#   usage: strace_test.sh VM-RUN
set -u
vm=$1
cc=riscv64-linux-gnu-gcc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The guest's first open must be 3, as in a fresh shell: close what the
# caller (ctest) let us inherit.
for fd in $(ls /proc/$$/fd); do
  [ "$fd" -gt 2 ] && eval "exec $fd>&-"
done 2>/dev/null

. "$(dirname "$0")/checks.sh"
# has NAME FILE FIXED-STRING: one whole trace line ends with the string.
has() {
  if grep -Eq "^[0-9]+ $(printf '%s' "$3" | sed 's/[][\.*^$(){}|+?]/\\&/g')\$" "$2"; then
    ok "$1"
  else
    ko "$1: no line '$3' in:"
    sed 's/^/    /' "$2"
  fi
}

cat >"$work/prog.c" <<'EOF'
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static volatile int got;
static void on_usr1(int sig) { got = sig; }

int main(void)
{
    int fd = openat(AT_FDCWD, "data.tmp",
                    O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
    if (fd < 0)
        return 10;
    if (write(fd, "hello, strace\n", 14) != 14)
        return 11;
    /* 40 bytes: escapes, then a cut after 32. */
    write(fd, "tab\there\001\"q\"\\ 0123456789abcdefghijklmnopqrstuvwxyz", 40);
    lseek(fd, 0, SEEK_SET);
    char buf[64];
    if (read(fd, buf, sizeof(buf)) != 54 || read(fd, buf, sizeof(buf)) != 0)
        return 12;
    close(fd);
    if (open("/nonexistent/strace-missing", O_RDONLY) >= 0)
        return 13;
    /* A bad pointer is shown as an address, and is EFAULT. */
    if (syscall(SYS_openat, AT_FDCWD, (char *)16, O_RDONLY) >= 0)
        return 14;
    char longpath[101];
    memset(longpath, 'a', 100);
    longpath[100] = 0;
    open(longpath, O_WRONLY | O_APPEND);
    write(1, "guest stdout\n", 13);
    signal(SIGUSR1, on_usr1);
    kill(getpid(), SIGUSR1);
    if (got != SIGUSR1)
        return 15;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    void *p = mmap(0, 8192, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    munmap(p, 8192);
    syscall(333, 1, 2, 3, 4, 5, 6);
    _exit(3);
}
EOF
$cc -static -O2 "$work/prog.c" -o "$work/prog"

# ---- --strace to stderr ----
cd "$work"
"$vm" --strace ./prog >"$work/out" 2>"$work/err"
status=$?
check "exit status is the guest's (3, got $status)" [ "$status" -eq 3 ]
check "guest stdout is unchanged" [ "$(cat "$work/out")" = "guest stdout" ]
check "trace is not on stdout" [ "$(wc -l <"$work/out")" -eq 1 ]
check "every stderr line is 'tid call(...)' or a signal line" \
  [ -z "$(grep -Ev '^[0-9]+ ([a-z_0-9]+\(.*\)( = .*)?|--- SIG[A-Z0-9]+ \{.*\} ---)$' "$work/err")" ]
check "the trace has the guest's stdout write only as a call" \
  [ -z "$(grep -v '^[0-9]* ' "$work/err")" ]

has openat-create "$work/err" \
  'openat(AT_FDCWD,"data.tmp",O_RDWR|O_CREAT|O_TRUNC|O_CLOEXEC,0640) = 3'
has write-fd-len "$work/err" 'write(3,"hello, strace\n",14) = 14'
has write-escaped-cut "$work/err" \
  'write(3,"tab\there\001\"q\"\\ 0123456789abcdefgh"...,40) = 40'
has lseek "$work/err" 'lseek(3,0,SEEK_SET) = 0'
# What a read filled in, as far as it got; nothing at end of file.
has read-filled "$work/err" \
  'read(3,"hello, strace\ntab\there\001\"q\"\\ 0123"...,64) = 54'
check "read at end of file shows the buffer's address" \
  grep -Eq '^[0-9]+ read\(3,0x[0-9a-f]+,64\) = 0$' "$work/err"
has close "$work/err" 'close(3) = 0'
has enoent "$work/err" \
  'openat(AT_FDCWD,"/nonexistent/strace-missing",O_RDONLY) = -1 errno=2 (No such file or directory)'
has bad-pointer "$work/err" \
  'openat(AT_FDCWD,0x10,O_RDONLY) = -1 errno=14 (Bad address)'
has long-path-cut "$work/err" \
  "openat(AT_FDCWD,\"$(printf 'a%.0s' $(seq 64))\"...,O_WRONLY|O_APPEND) = -1 errno=2 (No such file or directory)"
has guest-write "$work/err" 'write(1,"guest stdout\n",13) = 13'
check "rt_sigaction names SIGUSR1" \
  grep -Eq '^[0-9]+ rt_sigaction\(SIGUSR1,0x[0-9a-f]+,(NULL|0x[0-9a-f]+),8\) = 0$' "$work/err"
check "kill names SIGUSR1" \
  grep -Eq '^([0-9]+) kill\(\1,SIGUSR1\) = 0$' "$work/err"
check "the delivery of SIGUSR1 is shown, sender and all" \
  grep -Eq '^([0-9]+) --- SIGUSR1 \{si_signo=SIGUSR1, si_code=0, si_pid=\1, si_uid=[0-9]+\} ---$' "$work/err"
has sigreturn "$work/err" 'rt_sigreturn()'
check "clock_gettime names the clock" \
  grep -Eq '^[0-9]+ clock_gettime\(CLOCK_MONOTONIC,0x[0-9a-f]+\) = 0$' "$work/err"
check "mmap decodes prot and flags, result in hex" \
  grep -Eq '^[0-9]+ mmap\(NULL,8192,PROT_READ\|PROT_WRITE,MAP_PRIVATE\|MAP_ANONYMOUS,-1,0\) = 0x[0-9a-f]+$' "$work/err"
has unknown-syscall "$work/err" \
  'syscall_333(0x1,0x2,0x3,0x4,0x5,0x6) = -1 errno=38 (Function not implemented)'
has exit-group "$work/err" 'exit_group(3)'
check "exit_group is the last line, with no result" \
  grep -Eq '^[0-9]+ exit_group\(3\)$' <(tail -n 1 "$work/err")
check "the prefix is vm-run's process id" \
  [ "$(cut -d' ' -f1 "$work/err" | sort -u | wc -l)" -eq 1 ]

# ---- without --strace: nothing on stderr ----
"$vm" ./prog >"$work/out2" 2>"$work/err2"
status=$?
check "untraced: status 3" [ "$status" -eq 3 ]
check "untraced: stderr empty" [ ! -s "$work/err2" ]

# ---- --log FILE ----
echo stale >"$work/trace.log"
"$vm" --strace --log "$work/trace.log" ./prog >"$work/out3" 2>"$work/err3"
status=$?
check "--log: status 3" [ "$status" -eq 3 ]
check "--log: stderr empty" [ ! -s "$work/err3" ]
check "--log: stdout unchanged" [ "$(cat "$work/out3")" = "guest stdout" ]
check "--log: file truncated, holds the same calls as stderr did" \
  cmp -s <(sed 's/^[0-9]* //; s/[({].*//' "$work/trace.log") \
         <(sed 's/^[0-9]* //; s/[({].*//' "$work/err")
# The log's descriptor is out of the guest's way: its open is still 3.
has log-openat "$work/trace.log" \
  'openat(AT_FDCWD,"data.tmp",O_RDWR|O_CREAT|O_TRUNC|O_CLOEXEC,0640) = 3'
"$vm" --strace --log="$work/eq.log" ./prog >/dev/null 2>&1
check "--log=FILE works too" grep -q 'exit_group(3)' "$work/eq.log"

# ---- --log into a missing directory: one vm-run line, 125, no run ----
"$vm" --strace --log "$work/no/such/dir/x.log" ./prog >"$work/out4" 2>"$work/err4"
status=$?
check "--log unopenable: status 125 (got $status)" [ "$status" -eq 125 ]
check "--log unopenable: one vm-run: line" \
  [ "$(wc -l <"$work/err4")" -eq 1 -a -n "$(grep '^vm-run: .*x\.log' "$work/err4")" ]
check "--log unopenable: the guest did not run" [ ! -s "$work/out4" ]

echo "strace: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
