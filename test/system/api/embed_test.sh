#!/bin/sh
# system/api-embed: the libvm example (embed_device.c) boots the test
# guest with its own device; the guest's api-poke workload pokes it
# through /dev/mem. Passes when the guest saw what the device answers
# (scratch read back, counter 1 and 2, then 53 after 50 more reads), the
# device saw what the guest wrote, the pause held the guest still, the
# snapshot was written and the guest powered off with status 0.
# In tier 1, then again tiered (the example's mode argument).
# usage: embed_test.sh EMBED_DEVICE GUEST_DIR
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
want() {
    grep -qxF "$1" "$work/out.txt" || { echo "FAIL: no line '$1'"; fails=1; }
}
for mode in tier1 tiered; do
    s=0
    rm -f "$work/guest.snap"
    "$1" "$2" "$work/guest.snap" $mode </dev/null >"$work/out" 2>&1 || s=$?
    tr -d '\r' <"$work/out" >"$work/out.txt"
    fails=0
    want "scratch: 0x1234ABCD"
    want "counter: 0x00000001 0x00000002"
    want "counter after the loop: 0x00000035"
    want "device: scratch 0x1234abcd, doorbell 42, counter 53"
    want "paused: the guest stood still"
    want "snapshot: written"
    want "guest status: 0"
    want "=== vm-test api-poke end: status 0 ==="
    if [ "$s" != 0 ] || [ "$fails" != 0 ]; then
        echo "FAIL: embed_device ($mode) exited with $s"
        tail -30 "$work/out.txt"
        exit 1
    fi
    echo "$mode: the embedder's device, pause and snapshot, as the guest saw them"
done
echo "PASS: the example in tier 1 and tiered"
