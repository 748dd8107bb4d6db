#!/bin/sh
# system/linux-virtio-net: the guest's network workload (tests/
# virtio-net) under vm-run and qemu-system-riscv64, each with
# `-netdev user,hostfwd=... -device virtio-net-device`. Beyond
# linux_workload.sh's comparison of the consoles, the host side
# (net_peer.py) checks both directions on its own in each run: the
# 2000 lines the guest sent to 10.0.2.2 are the ones it computes, and
# the line the guest answered through hostfwd is the sum it computes.
# usage: linux_virtio_net.sh VM_RUN GUEST_DIR
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
peer=
trap '[ -z "$peer" ] || kill "$peer" 2>/dev/null; rm -rf "$work"' EXIT
# Two ports free now (the kernel's choice), for the peer's server and
# the guest's forwarded port.
set -- "$@" $(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s:
    x.bind(("127.0.0.1", 0))
print(*(x.getsockname()[1] for x in s))')
server_port=$3
fwd_port=$4
python3 "$here/net_peer.py" "$server_port" "$fwd_port" "$work/peer.log" &
peer=$!
i=0
until grep -q '^listening$' "$work/peer.log" 2>/dev/null; do
    i=$((i + 1))
    [ $i -le 100 ] || { echo "FAIL: net_peer.py did not start"; exit 1; }
    sleep 0.1
done

LINUX_DEVICES="-netdev user,id=n0,hostfwd=tcp:127.0.0.1:$fwd_port-:5555
-device virtio-net-device,netdev=n0" \
    "$here/linux_workload.sh" "$1" "$2" virtio-net "vmport=$server_port"

sed 's/^/peer: /' "$work/peer.log"
if grep -q BAD "$work/peer.log" ||
   [ "$(grep -c '^server ok: ' "$work/peer.log")" != 2 ] ||
   [ "$(grep -c '^connector ok: ' "$work/peer.log")" != 2 ]; then
    echo "FAIL: the host side did not see one good exchange each way per run"
    exit 1
fi
echo "PASS: both directions checked by the host in both runs"
