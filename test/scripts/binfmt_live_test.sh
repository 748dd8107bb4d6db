#!/bin/bash
# vm-run registered with the kernel's binfmt_misc, for real: riscv64
# programs run as ./PROG, then inside a chroot of the riscv64 sysroot that
# has no vm-run in it (the F flag), then the entry is removed.
#
# Needs root and a writable binfmt_misc (mounted here when it is not):
# elsewhere the test says why and exits 77, which ctest shows as skipped,
# never as passed.
#
# It registers under its own name (vmtest<pid>-riscv64) and never touches
# another entry. binfmt_misc tries the most recently registered entry first,
# so ours is the one that runs riscv64 programs while it exists, even with
# an enabled qemu-riscv64 entry; the test checks that the process it
# started really is vm-run (/proc/PID/exe) rather than assuming it. The
# entry (and a binfmt_misc mounted by the test) goes away on any exit.
#
# usage: binfmt_live_test.sh VM_RUN GUEST_DIR
set -u
vm_run=$(readlink -f "$1")
guests=$(cd "$2" && pwd)
bm=/proc/sys/fs/binfmt_misc
skip() { echo "SKIP: $*"; exit 77; }

[ "$(id -u)" = 0 ] || skip "not root: binfmt_misc cannot be written"
mounted=
if [ ! -e $bm/register ]; then
    mount -t binfmt_misc binfmt_misc $bm 2>/dev/null ||
        skip "binfmt_misc is not mounted at $bm and cannot be mounted here"
    mounted=1
fi
[ -w $bm/register ] || skip "$bm/register is not writable"
[ "$(cat $bm/status 2>/dev/null)" = enabled ] ||
    skip "binfmt_misc is disabled on this machine (left as it is)"

# Entries an earlier run of this test left behind when it was killed
# (SIGKILL skips the trap): vmtest<pid>-riscv64 whose pid is gone.
for e in $bm/vmtest*-riscv64; do
    [ -e "$e" ] || continue
    pid=${e#$bm/vmtest}
    pid=${pid%-riscv64}
    case $pid in *[!0-9]*|'') continue ;; esac
    kill -0 "$pid" 2>/dev/null || echo -1 >"$e"
done

prefix=vmtest$$
entry=$bm/$prefix-riscv64
tmp=$(mktemp -d)
cleanup() {
    [ -e "$entry" ] && echo -1 >"$entry"
    [ -n "$mounted" ] && umount $bm 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
same() { # same DESCRIPTION EXPECTED_FILE ACTUAL_FILE
    if cmp -s "$2" "$3" && [ -s "$2" ]; then ok; else
        bad "$1"; diff "$2" "$3" | head -6
    fi
}

if ! "$vm_run" --binfmt-register --binfmt-prefix $prefix >"$tmp/reg.log" 2>&1; then
    cat "$tmp/reg.log"
    grep -Eq 'Operation not permitted|Permission denied|Read-only' "$tmp/reg.log" &&
        skip "the kernel does not let this root register binfmt_misc entries"
    echo "FAIL: vm-run --binfmt-register"
    exit 1
fi
if grep -qx enabled "$entry" && grep -qx "interpreter $vm_run" "$entry" &&
   grep -Eq '^flags: [A-Z]*F' "$entry" && grep -Eq '^flags: [A-Z]*P' "$entry" &&
   grep -Eq '^flags: [A-Z]*C' "$entry"; then ok; else
    bad "entry $entry as registered"; cat "$entry"
fi

# ./PROG: static, dynamic (sysroot found by vm-run as usual), argv[0] kept.
for p in hello dynamic/hello exit42 stdin_wc; do
    cp "$guests/$p" "$tmp/$(echo "$p" | tr / _)"
done
cd "$tmp"
./hello one two >direct.out 2>&1
"$vm_run" ./hello one two >expect.out 2>&1
same "./hello under binfmt" expect.out direct.out
./dynamic_hello three >direct.out 2>&1
"$vm_run" ./dynamic_hello three >expect.out 2>&1
same "./dynamic_hello under binfmt" expect.out direct.out
(exec -a custom-argv0 ./hello four >direct.out 2>&1)
"$vm_run" --argv0 custom-argv0 ./hello four >expect.out 2>&1
same "argv[0] preserved (P flag)" expect.out direct.out
./exit42 >/dev/null 2>&1
st=$?
[ $st = 42 ] && ok || bad "exit status through binfmt: $st, not 42"

# The process is vm-run, and (C implies O) the descriptor the kernel passed
# the program on is not left to the guest: the same descriptors below 100
# as when vm-run is started by hand.
fds_of() { # fds_of TAG COMMAND...: descriptors of COMMAND reading stdin
    local tag=$1; shift
    sleep 1.5 | "$@" >/dev/null &
    local pid=$!
    sleep 0.5
    readlink "/proc/$pid/exe" >"$tmp/exe.$tag"
    ls "/proc/$pid/fd" | awk '$1 < 100' | sort -n | tr '\n' ' '
    wait
}
via_binfmt=$(fds_of binfmt ./stdin_wc)
by_hand=$(fds_of hand "$vm_run" ./stdin_wc)
exe=$(cat "$tmp/exe.binfmt")
[ "$exe" = "$vm_run" ] && ok || bad "the binfmt process is $exe, not $vm_run"
[ "$via_binfmt" = "$by_hand" ] && ok ||
    bad "descriptors under binfmt '$via_binfmt', by hand '$by_hand'"

# C flag: a set-user-ID guest (owner nobody) runs as its owner, with
# AT_SECURE set for its ld.so, and the caller's VM_LD_PREFIX is ignored (a
# sysroot of the caller's choosing would load its libraries as nobody).
mkdir -m 755 suid
chmod 711 "$tmp"
cp "$guests/argv_env" suid/static
cp "$guests/dynamic/argv_env" suid/dynamic
cp "$guests/proc_info" suid/ids
chown 65534 suid/static suid/dynamic suid/ids
chmod 4755 suid/static suid/dynamic suid/ids
./suid/ids >suid.out 2>&1
grep -qx 'getuid == geteuid: no' suid.out && ok ||
    bad "set-user-ID guest: effective user not the owner's"
./suid/static >suid.out 2>&1
grep -qx 'AT_SECURE = 1' suid.out && ok || bad "set-user-ID guest: AT_SECURE not 1"
grep -qx 'AT_UID matches getuid: yes' suid.out && ok ||
    bad "set-user-ID guest: AT_UID"
VM_LD_PREFIX=/nonexistent ./suid/dynamic >suid.out 2>&1
st=$? # argv_env exits with its argc
[ $st = 1 ] && grep -qx 'AT_SECURE = 1' suid.out && ok ||
    bad "set-user-ID dynamic guest with VM_LD_PREFIX=/nonexistent: status $st"
VM_LD_PREFIX=/nonexistent ./dynamic_hello >/dev/null 2>&1
st=$?
[ $st != 0 ] && ok || bad "VM_LD_PREFIX=/nonexistent ignored for an ordinary guest"

# A chroot of the riscv64 sysroot (its dynamic linker and libc in /lib, as
# in a riscv64 container) with the host libraries vm-run itself links (a
# container needs those too: vm-run is not static) and no vm-run: the F
# flag's opened interpreter runs the programs.
sysroot=/usr/riscv64-linux-gnu
if [ -d $sysroot/lib ] && command -v chroot >/dev/null; then
    root=$tmp/root
    mkdir -p "$root/lib" "$root/tmp"
    for lib in ld-linux-riscv64-lp64d.so.1 libc.so.6 libm.so.6 libatomic.so.1; do
        cp -L "$sysroot/lib/$lib" "$root/lib/"
    done
    for lib in $(ldd "$vm_run" | grep -o '/[^ ]*'); do
        mkdir -p "$root$(dirname "$lib")"
        cp -L "$lib" "$root$lib"
    done
    cp hello "$root/hello"
    cp dynamic_hello "$root/hello-dyn"
    cp "$guests/spawn_exec" "$root/spawn_exec"
    [ ! -e "$root$vm_run" ] && ok || bad "vm-run is in the chroot"
    chroot "$root" /hello five >direct.out 2>&1
    "$vm_run" --argv0 /hello "$root/hello" five >expect.out 2>&1
    same "chroot: /hello (static)" expect.out direct.out
    chroot "$root" /hello-dyn six >direct.out 2>&1
    "$vm_run" -L "$root" --argv0 /hello-dyn "$root/hello-dyn" six >expect.out 2>&1
    same "chroot: /hello-dyn (dynamic, its libc from the chroot)" expect.out direct.out
    # execve and posix_spawn of riscv64 programs with no /proc in the
    # chroot: vm-run cannot re-execute itself, binfmt_misc runs them.
    chroot "$root" ./spawn_exec >direct.out 2>&1
    (cd "$root" && "$vm_run" ./spawn_exec) >expect.out 2>&1
    same "chroot: ./spawn_exec (execve, posix_spawn without /proc)" expect.out direct.out
else
    bad "no riscv64 sysroot at $sysroot or no chroot for the F flag check"
fi

# Unregistered: the kernel no longer runs riscv64 programs through it.
"$vm_run" --binfmt-unregister --binfmt-prefix $prefix >/dev/null 2>&1
[ ! -e "$entry" ] && ok || bad "$entry still there after --binfmt-unregister"
others=$(ls $bm | grep -vx -e register -e status)
if [ -z "$others" ]; then
    ./exit42 2>/dev/null
    st=$?
    [ $st != 42 ] && ok || bad "./exit42 still ran (status 42) after unregistering"
else
    echo "note: other binfmt_misc entries ($others): ./exit42 not tried after"
fi

echo "binfmt_live: $pass passed, $fail failed"
[ $fail = 0 ]
