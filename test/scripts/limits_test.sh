#!/usr/bin/env bash
# --max-insns, --timeout and --max-memory on a guest that would run
# forever or map too much (test/guest/limits_probe.c), in both modes:
# status 124 and one "vm-run: ... limit reached" line, promptly, for the
# runaway ones (a spinning thread, spinning threads, a blocked read); a
# mapping past --max-memory fails with ENOMEM while a smaller one works.
#   usage: limits_test.sh VM-RUN GUEST-DIR
set -u
vm=$1
probe=$2/limits_probe
pass=0
fail=0
# A stdin that never ends: a FIFO we hold open for writing ourselves.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkfifo "$work/never"
exec 3<>"$work/never"
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }

# expect NAME STATUS STDERR-LINE MAX-MS -- VM-ARGS...
expect() {
  local name=$1 want_status=$2 want_err=$3 max_ms=$4
  shift 5
  local start err status elapsed
  start=$(now_ms)
  err=$(timeout 20 "$vm" "$@" 2>&1 >/dev/null <&3)
  status=$?
  elapsed=$(($(now_ms) - start))
  if [ "$status" = "$want_status" ] && [ "$err" = "$want_err" ] &&
     [ "$elapsed" -le "$max_ms" ]; then
    ok "$name"
  else
    ko "$name: status $status (want $want_status), ${elapsed} ms (max $max_ms), stderr '$err' (want '$want_err')"
  fi
}

for mode in tier1 interp; do
  expect "$mode: --max-insns stops a spinning loop" 124 \
    "vm-run: instruction limit reached (100000)" 5000 -- \
    --mode $mode --max-insns 100000 "$probe" spin
  expect "$mode: --max-insns stops spinning threads" 124 \
    "vm-run: instruction limit reached (3000000)" 5000 -- \
    --mode $mode --max-insns 3000000 "$probe" spin-threads
  expect "$mode: --max-insns large enough lets it finish" 0 "" 5000 -- \
    --mode $mode --max-insns 10000000 "$probe" count 1000
  expect "$mode: --timeout stops a spinning loop" 124 \
    "vm-run: time limit reached (1 s)" 4000 -- \
    --mode $mode --timeout 1 "$probe" spin
  expect "$mode: --timeout stops spinning threads" 124 \
    "vm-run: time limit reached (1 s)" 4000 -- \
    --mode $mode --timeout 1 "$probe" spin-threads
  expect "$mode: --timeout stops a blocked read" 124 \
    "vm-run: time limit reached (1 s)" 4000 -- \
    --mode $mode --timeout 1 "$probe" block
  out=$("$vm" --mode $mode --max-memory 64M "$probe" memory)
  want=$'mmap 16M: ok\nmmap 100M: ENOMEM\nbrk +100M: ENOMEM'
  [ "$out" = "$want" ] && ok "$mode: --max-memory 64M" ||
    ko "$mode: --max-memory 64M gave: $out"
  out=$("$vm" --mode $mode "$probe" memory)
  want=$'mmap 16M: ok\nmmap 100M: ok\nbrk +100M: ok'
  [ "$out" = "$want" ] && ok "$mode: no cap" || ko "$mode: no cap gave: $out"
done
expect "bad --max-insns value" 125 \
  "vm-run: bad value '0' for --max-insns (try 'vm-run --help')" 5000 -- \
  --max-insns 0 "$probe" spin
expect "bad --timeout value" 125 \
  "vm-run: bad value 'x' for --timeout (try 'vm-run --help')" 5000 -- \
  --timeout x "$probe" spin

echo "limits: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
