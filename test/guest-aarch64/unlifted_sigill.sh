#!/bin/sh
# unlifted_sigill.sh VM-RUN OBJDUMP COMPARE PROGRAM
#
# An instruction the lifter does not implement must raise SIGILL at its
# own pc. PROGRAM (static glibc) reaches FP/AdvSIMD code early; in each
# mode vm-run must die of SIGILL (status 132), and --strace's si_addr must
# be an instruction that objdump decodes (so not a genuinely undefined
# word) and that a64_decode (COMPARE, a64_objdump_compare) counts as not
# implemented.
set -u
vm=$1 objdump=$2 compare=$3 prog=$4
status=0
for mode in interp tier1; do
    log=$("$vm" --mode "$mode" --strace "$prog" 2>&1 >/dev/null)
    rc=$?
    addr=$(printf '%s\n' "$log" | sed -n 's/.*SIGILL.*si_addr=0x\([0-9a-f]*\).*/\1/p' | tail -1)
    if [ "$rc" -ne 132 ] || [ -z "$addr" ]; then
        echo "FAIL $mode: status $rc, SIGILL address '$addr'"
        status=1
        continue
    fi
    line=$("$objdump" -d "$prog" | grep -m1 "^ *$addr:")
    verdict=$(printf '%s\n' "$line" | "$compare" | tail -1)
    case $verdict in
    "1 instructions, 0 mismatches, 1 not implemented")
        echo "PASS $mode: SIGILL at $line" ;;
    *)
        echo "FAIL $mode: SIGILL at '$line' ($verdict)"
        status=1 ;;
    esac
done
exit $status
