#!/bin/sh
# system/bad-input: vm-run --system's errors are one "vm-run:" line on
# stderr and a distinct status (125 option, 126 image, 127 missing file),
# never a crash or a hang.
# usage: bad_input.sh VM_RUN
set -u
vm_run=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fails=0
cases=0

# expect STATUS MESSAGE-REGEX ARGS...
expect() {
    want=$1; pattern=$2; shift 2
    cases=$((cases + 1))
    got=0
    timeout 20 "$vm_run" --system "$@" </dev/null >"$work/out" 2>"$work/err" || got=$?
    lines=$(wc -l <"$work/err")
    if [ "$got" -ne "$want" ] || [ "$lines" -ne 1 ] || ! grep -q -E "^vm-run: .*$pattern" "$work/err"; then
        echo "FAIL: $* -> status $got (want $want), stderr:"; cat "$work/err"
        fails=$((fails + 1))
    fi
}

printf 'not an image' >"$work/garbage.elf"
printf '\177ELF' >"$work/truncated.elf"
: >"$work/empty.bin"
expect 125 "unknown machine" -M sifive_u -bios none -kernel "$work/garbage.elf"
expect 125 "bad RAM size" -m 1K -bios none -kernel "$work/garbage.elf"
expect 125 "bad RAM size" -m lots -bios none -kernel "$work/garbage.elf"
expect 125 "unknown option" -bios none -kernel "$work/garbage.elf" -frobnicate 1
expect 125 "incomplete option" -kernel
expect 125 "needs -kernel" -bios none
expect 125 "only stdio and mon:stdio" -serial pty -bios none -kernel "$work/garbage.elf"
expect 125 "unknown mode" --mode fast -bios none -kernel "$work/garbage.elf"
expect 125 "bad --tier-threshold" --mode tiered --tier-threshold 0 -bios none -kernel "$work/garbage.elf"
expect 125 "bad --tier-threshold" --tier-threshold -3 -bios none -kernel "$work/garbage.elf"
expect 125 "bad --tier-threshold" --tier-threshold many -bios none -kernel "$work/garbage.elf"
expect 126 "not a RISC-V 64 ELF" --mode llvm -bios none -kernel /bin/true
expect 127 "No such file" -bios none -kernel "$work/missing"
expect 127 "No such file" -bios "$work/missing"
expect 126 "not a RISC-V 64 ELF" -bios none -kernel /bin/true
expect 126 "not a RISC-V 64 ELF" -bios none -kernel "$work/truncated.elf"
expect 126 "empty image" -bios none -kernel "$work/empty.bin"
# A flat image that never powers off: --timeout ends it with 124.
printf '\157\000\000\000' >"$work/loop.bin" # j . (jal x0, 0)
expect 124 "time limit" -M virt -bios none -kernel "$work/loop.bin" --timeout 1

# -smp: a count of 1 to 4 per host core; several harts need virt. A
# looping image with 2 harts still ends at --timeout.
expect 125 "bad -smp '0'" -smp 0 -bios none -kernel "$work/loop.bin"
expect 125 "bad -smp 'many'" -smp many -bios none -kernel "$work/loop.bin"
expect 125 "bad -smp '100000'" -smp cpus=100000 -bios none -kernel "$work/loop.bin"
expect 125 "needs -M virt" -M spike -smp 2 -bios none -kernel "$work/loop.bin"
expect 124 "time limit" -M virt -smp 2 -bios none -kernel "$work/loop.bin" --timeout 1

# The GDB stub: bad -gdb values, -S without a stub, a port already taken.
g="-bios none -kernel $work/loop.bin"
expect 125 "bad -gdb 'tcp::99999'" -gdb tcp::99999 $g
expect 125 "bad -gdb 'tcp::'" -gdb tcp:: $g
expect 125 "bad -gdb 'tcp::[+]80'" -gdb tcp::+80 $g
expect 125 "bad -gdb 'unix:/tmp/x'" -gdb unix:/tmp/x $g
expect 125 "bad -gdb 'tcp:10.0.0.1:1234'" -gdb tcp:10.0.0.1:1234 $g
expect 125 "-S waits for a debugger" -S $g
"$vm_run" --system -gdb tcp::0 -S $g </dev/null >/dev/null 2>"$work/gdb.err" &
holder=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do
    grep -q "listening on port" "$work/gdb.err" && break
    sleep 0.2
done
port=$(sed -n 's/.*listening on port \([0-9]*\)$/\1/p' "$work/gdb.err")
expect 125 "cannot listen on port ${port:-none}" -gdb tcp::"${port:-none}" $g
kill "$holder"; wait "$holder" 2>/dev/null
# --timeout also ends a run waiting for its debugger (-S, none connects):
# 124 and "time limit reached" after the "listening" line.
cases=$((cases + 1))
got=0
timeout 20 "$vm_run" --system -gdb tcp::0 -S --timeout 1 $g </dev/null \
    >/dev/null 2>"$work/err" || got=$?
if [ "$got" -ne 124 ] || [ "$(wc -l <"$work/err")" -ne 2 ] ||
   ! grep -q "^vm-run: time limit reached" "$work/err"; then
    echo "FAIL: -S --timeout 1 without a debugger -> status $got, stderr:"
    cat "$work/err"
    fails=$((fails + 1))
fi

# virtio devices: bad -drive/-device options (125), images (127, 126).
k="-bios none -kernel $work/loop.bin"
: >"$work/disk.img"
expect 125 "only format=raw" -drive file="$work/disk.img",format=qcow2 $k
expect 125 "unknown or empty key cache" -drive file="$work/disk.img",cache=none $k
expect 125 "only if=virtio or if=none" -drive file="$work/disk.img",if=scsi $k
expect 125 "file=F is missing" -drive format=raw,if=virtio $k
expect 125 "readonly=on or off" -drive file="$work/disk.img",readonly=maybe $k
expect 125 "if=none needs id" -drive file="$work/disk.img",if=none $k
expect 125 "unknown device" -device e1000 $k
expect 125 "no unused -drive if=none with id d0" -device virtio-blk-device,drive=d0 $k
expect 125 "8 slots" $(for i in 1 2 3 4 5 6 7 8 9; do echo -device virtio-rng-device; done) $k
expect 125 "need -M virt" -M spike -device virtio-rng-device $k
expect 127 "cannot open drive: No such file" -drive file="$work/missing.img",format=raw,if=virtio $k
expect 126 "cannot open drive: Is a directory" -drive file="$work",format=raw,if=virtio $k
expect 126 "not a raw disk image" -drive file=/dev/null,format=raw,if=virtio,readonly=on $k

# virtio-net and -netdev user: bad options, a host port taken (125).
expect 125 "only user networking" -netdev tap,id=n0 $k
expect 125 "user needs id=NAME" -netdev user $k
expect 125 "unknown or empty key smb" -netdev user,id=n0,smb=/tmp $k
expect 125 "hostfwd=.*not tcp::70000-:22" -netdev user,id=n0,hostfwd=tcp::70000-:22 $k
expect 125 "hostfwd=.*not sctp::2222-:22" -netdev user,id=n0,hostfwd=sctp::2222-:22 $k
expect 125 "hostfwd=.*not tcp:1.2.3:2222-:22" -nic user,hostfwd=tcp:1.2.3:2222-:22 $k
expect 125 "one user network only" -netdev user,id=n0 -nic user $k
expect 125 "needs netdev=ID" -device virtio-net-device $k
expect 125 "no -netdev with id n1" -netdev user,id=n0 -device virtio-net-device,netdev=n1 $k
expect 125 "a second NIC on -netdev n0" -netdev user,id=n0 -device virtio-net-device,netdev=n0 -device virtio-net-device,netdev=n0 $k
expect 125 "mac=XX:XX:XX:XX:XX:XX, not 52:54:00:12:34" -nic user,mac=52:54:00:12:34 $k
expect 125 "only model=virtio-net-device" -nic user,model=e1000 $k
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
expect 125 "hostfwd tcp port $port: cannot listen" -nic user,hostfwd=tcp:127.0.0.1:$port-:22,hostfwd=tcp:127.0.0.1:$port-:23 $k


# The monitor and snapshots (-monitor, -loadvm): bad -monitor values
# (125); then a real snapshot of the looping image (the monitor's stop,
# savevm, quit) that loads (it loops again: 124), and files that must be
# refused with 126: foreign, empty, another format version, truncated,
# an unknown section, another RAM size or device set, -netdev.
expect 125 "bad -monitor 'tcp::4444'" -monitor tcp::4444 $k
expect 125 "bad -monitor 'unix:$work/m'" -monitor unix:"$work/m" $k
expect 125 "bad -monitor 'unix:$work/m,server'" -monitor unix:"$work/m",server $k
expect 125 "bad -monitor 'unix:,server,nowait'" -monitor unix:,server,nowait $k
"$vm_run" --system -monitor unix:"$work/mon.sock",server,nowait $k \
    </dev/null >/dev/null 2>"$work/mon.err" &
looping=$!
python3 - "$work/mon.sock" "$work/good.snap" <<'PY'
import socket, sys, time
for _ in range(100):
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(sys.argv[1])
        break
    except OSError:
        time.sleep(0.1)
s.settimeout(20)
s.sendall(b"stop\nsavevm %s\nquit\n" % sys.argv[2].encode())
while s.recv(4096):
    pass
PY
cases=$((cases + 1))
if ! wait "$looping" || [ ! -s "$work/good.snap" ]; then
    echo "FAIL: stop, savevm, quit on the monitor:"; cat "$work/mon.err"
    fails=$((fails + 1))
fi
expect 124 "time limit" -loadvm "$work/good.snap" $k --timeout 1
expect 127 "missing.snap: No such file" -loadvm "$work/missing.snap" $k
expect 126 "true: not a vm-run snapshot" -loadvm /bin/true $k
expect 126 "empty.bin: not a vm-run snapshot" -loadvm "$work/empty.bin" $k
printf 'VMSNAPSH\143\000\000\000\000\000\000\000' >"$work/v99.snap"
expect 126 "format version 99, this vm-run reads 1" -loadvm "$work/v99.snap" $k
head -c 20 "$work/good.snap" >"$work/cut.snap"
expect 126 "cut.snap: truncated" -loadvm "$work/cut.snap" $k
size=$(wc -c <"$work/good.snap")
head -c $((size - 4)) "$work/good.snap" >"$work/cut.snap"
expect 126 "cut.snap: truncated" -loadvm "$work/cut.snap" $k
sed 's/UART/UARX/' "$work/good.snap" >"$work/odd.snap"
expect 126 "unknown section 'UARX'" -loadvm "$work/odd.snap" $k
expect 126 "saved with 128 MiB of RAM, -m gives 64 MiB" -loadvm "$work/good.snap" -m 64M $k
expect 126 "saved with other devices" -loadvm "$work/good.snap" -device virtio-rng-device $k
expect 126 "not with -netdev" -loadvm "$work/good.snap" -nic user $k
[ $fails -eq 0 ] && echo "PASS: $cases bad inputs, each one line and its status"
[ $fails -eq 0 ]
