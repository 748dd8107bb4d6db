#!/usr/bin/env bash
# --perf-map and --jitdump: /tmp/perf-PID.map lines are "START SIZE NAME"
# in hex with guest function names, tier-1 blocks do not overlap, tier-2
# regions have their sizes; jit-PID.dump's header and records parse
# (jitdump_check.py); with perf installed and allowed to sample, the
# README's worked example (perf record -k 1, perf inject --jit, perf
# report, perf annotate) finds the guest's hot loop by name.
#   usage: perf_test.sh VM-RUN GUEST-DIR SCRIPTS-DIR
set -u
vm=$(realpath "$1")
guests=$(realpath "$2")
scripts=$(realpath "$3")
work=$(mktemp -d)
maps=()
trap 'rm -rf "$work" "${maps[@]}"' EXIT
. "$(dirname "$0")/checks.sh"

# map_ok FILE TIER: every line "START SIZE guest:NAME [TIER]", sizes > 0,
# no two entries overlapping.
map_ok() {
  python3 - "$1" "$2" <<'EOF'
import re, sys
path, tier = sys.argv[1], sys.argv[2]
spans, bad = [], 0
for line in open(path):
    m = re.fullmatch(r"([0-9a-f]+) ([0-9a-f]+) guest:\S+ \[(tier[12])\]\n", line)
    if not m or m.group(3) != tier or int(m.group(2), 16) == 0:
        print(f"bad line: {line!r}")
        bad += 1
        continue
    spans.append((int(m.group(1), 16), int(m.group(2), 16)))
spans.sort()
for (a, n), (b, _) in zip(spans, spans[1:]):
    if a + n > b:
        print(f"overlap: {a:#x}+{n:#x} and {b:#x}")
        bad += 1
print(f"{len(spans)} entries")
sys.exit(1 if bad or not spans else 0)
EOF
}

# ---- perf map, tier 1 ----
"$vm" --perf-map --mode tier1 "$guests/hello" >"$work/out" &
pid=$!
wait $pid
map=/tmp/perf-$pid.map
maps+=("$map")
check "hello ran" grep -q "Hello from a riscv64 guest" "$work/out"
check "tier 1: /tmp/perf-PID.map is written" test -s "$map"
check "tier 1: lines well-formed, sizes > 0, no overlap" map_ok "$map" tier1
check "tier 1: names main" grep -Eq "^[0-9a-f]+ [0-9a-f]+ guest:main \[tier1\]$" "$map"
check "tier 1: names offsets in functions" grep -Eq " guest:main\+0x[0-9a-f]+ \[tier1\]$" "$map"

# ---- perf map, tier 2 (every block of asm_nolibc through LLVM) ----
"$vm" --perf-map --mode llvm "$guests/asm_nolibc" >/dev/null &
pid=$!
wait $pid
map=/tmp/perf-$pid.map
maps+=("$map")
check "tier 2: lines well-formed, sizes > 0" map_ok "$map" tier2
check "tier 2: names _start" grep -Eq " guest:_start \[tier2\]$" "$map"

# ---- jitdump ----
(cd "$work" && exec "$vm" --jitdump --mode tier1 "$guests/hello" >/dev/null) &
pid=$!
wait $pid
check "jitdump: jit-PID.dump parses, a record names main" \
  python3 "$scripts/jitdump_check.py" "$work/jit-$pid.dump" "$pid" "^guest:main \[tier1\]$"
(cd "$work" && exec "$vm" --jitdump --mode llvm "$guests/asm_nolibc" >/dev/null) &
pid=$!
wait $pid
check "jitdump: tier-2 regions parse" \
  python3 "$scripts/jitdump_check.py" "$work/jit-$pid.dump" "$pid" "^guest:_start \[tier2\]$"
# A corrupt record must be caught (the checker can fail).
python3 - "$work/jit-$pid.dump" <<'EOF'
import sys
p = sys.argv[1]
d = bytearray(open(p, "rb").read())
d[40 + 4] ^= 0x40  # the first record's total_size
open(p + ".bad", "wb").write(d)
EOF
if python3 "$scripts/jitdump_check.py" "$work/jit-$pid.dump.bad" "$pid" >/dev/null; then
  ko "jitdump checker accepts a corrupt record"
else
  ok "jitdump checker refuses a corrupt record"
fi

# ---- perf itself: the README's worked example ----
if ! command -v perf >/dev/null; then
  echo "SKIP perf record/inject: perf is not installed (scripts/install-deps.sh)"
else
  cat >"$work/loop.c" <<'EOF'
#include <stdlib.h>
int main(int argc, char **argv)
{
    volatile unsigned long sum = 0;
    for (long i = 0, n = argc > 1 ? atol(argv[1]) : 0; i < n; i++)
        sum += (unsigned long)i ^ sum;
    return 0;
}
EOF
  riscv64-linux-gnu-gcc -O1 -static -o "$work/loop" "$work/loop.c"
  if ! (cd "$work" && perf record -q -k 1 -e cpu-clock:u -o perf.data -- \
    "$vm" --jitdump --mode tier1 ./loop 5000000) >"$work/rec.log" 2>&1; then
    echo "SKIP perf record/inject: perf record is not allowed here:"
    sed 's/^/    /' "$work/rec.log"
  else
    (cd "$work" && perf inject --jit -i perf.data -o perf.jit.data) >/dev/null 2>&1
    check "perf inject --jit: one ELF per code load" \
      test "$(ls "$work" | grep -c '^jitted-.*\.so$')" -gt 10
    perf report -i "$work/perf.jit.data" --stdio --sort sym 2>/dev/null >"$work/report"
    check "perf report: the hot loop by guest name" \
      grep -Eq "^ +[0-9.]+% +\[\.\] guest:main\+0x[0-9a-f]+ \[tier1\]" "$work/report"
    # The hottest block by name (annotating every block takes seconds).
    hot=$(grep -m1 -oE "guest:main\+0x[0-9a-f]+ \[tier1\]" "$work/report")
    perf annotate -i "$work/perf.jit.data" --stdio "$hot" 2>/dev/null >"$work/annotate"
    check "perf annotate: the block's host code" \
      grep -Eq "<guest:main\+0x[0-9a-f]+ \[tier1\]>:" "$work/annotate"
  fi
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
