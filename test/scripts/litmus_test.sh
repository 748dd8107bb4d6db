#!/usr/bin/env bash
# The guests' memory models under racing threads (issue 2.1): the litmus
# programs test/guest/litmus_*.c (riscv64, RVWMO) and
# test/guest-x86_64/c/litmus_*_x86.c (x86-64, TSO) run under vm-run in
# every mode (tiered with a low threshold, so their loops run as LLVM
# regions) and under an independent reference: qemu-riscv64 for riscv64,
# the x86-64 host itself for x86-64. Every run must exit 0 and print the
# reference's lines ("SHAPE: forbidden 0", "SHAPE: allowed", "METHOD:
# total exact"); a program exits 1 when it saw an outcome the guest ISA
# forbids, or a wrong atomic total. Outcome counts (stderr, timing-
# dependent, never compared) are shown for the plain shapes, whose weak
# outcome RVWMO allows (and TSO too for SB).
#   usage: litmus_test.sh VM-RUN QEMU-RISCV64 RISCV64-DIR X86_64-DIR
set -u
vm=$1
qemu=$2
rv_dir=$3
x86_dir=$4
tmp=$(mktemp -d /tmp/litmus_test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
clean=': (forbidden 0|allowed|total exact)$'

# iterations MODE SHAPES-ITERS: fewer under the interpreter and --mode
# llvm (every block its own LLVM function, left at every block end).
iterations() {
  case $1 in
    interp) echo $(($2 / 4)) ;;
    llvm) echo $(($2 / 20)) ;;
    *) echo "$2" ;;
  esac
}

# run LABEL EXPECTED-FILE COMMAND...: one run, which must exit 0 and
# print EXPECTED-FILE's lines (or, with an empty EXPECTED-FILE for the
# reference, only clean verdicts).
run() {
  local label=$1 expected=$2
  shift 2
  local start=$SECONDS
  timeout 120 "$@" >"$tmp/out" 2>"$tmp/err"
  local status=$?
  local took=$((SECONDS - start))
  grep -E '^(MP|SB|LB|2\+2W):' "$tmp/err" | sed 's/^/    /'
  local same=no
  if [ -n "$expected" ]; then
    cmp -s "$tmp/out" "$expected" && same=yes
  elif ! grep -qvE "$clean" "$tmp/out"; then
    same=yes
  fi
  if [ $status -eq 0 ] && [ -s "$tmp/out" ] && [ $same = yes ]; then
    pass=$((pass + 1))
    echo "PASS $label (${took} s)"
  else
    fail=$((fail + 1))
    echo "FAIL $label: status $status (${took} s)"
    if [ -n "$expected" ]; then
      diff "$expected" "$tmp/out" | head -20 | sed 's/^/    stdout: /'
    else
      grep -vE "$clean" "$tmp/out" | head -20 | sed 's/^/    stdout: /'
    fi
    # stderr without the outcome counts: the verdicts and any crash.
    grep -vE '^[^:]+: [^ ]+ 00:|: [0-9]+ of [0-9]+$' "$tmp/err" | head -10 |
      sed 's/^/    stderr: /'
  fi
}

# check PROGRAM ITERS REFERENCE-NAME REFERENCE-COMMAND...: the reference
# run, then vm-run in every mode against its output.
check() {
  local prog=$1 iters=$2 ref=$3
  shift 3
  local name
  name=$(basename "$prog")
  if [ ! -x "$prog" ]; then
    fail=$((fail + 1)); echo "FAIL $name: $prog not built"; return
  fi
  run "$name $ref" "" "$@" "$prog" "$iters"
  cp "$tmp/out" "$tmp/$name.expected"
  local mode
  for mode in interp tier1 tiered llvm; do
    local opts=(--mode "$mode")
    [ "$mode" = tiered ] && opts+=(--tier-threshold 50)
    # tier 2's short pipeline keeps --mode llvm quick; tiered runs -O2.
    [ "$mode" = llvm ] && opts+=(--opt-level 0)
    run "$name ${opts[*]}" "$tmp/$name.expected" \
        "$vm" "${opts[@]}" "$prog" "$(iterations "$mode" "$iters")"
  done
}

check "$rv_dir/litmus_shapes" 20000 qemu-riscv64 "$qemu"
check "$rv_dir/litmus_counters" 100000 qemu-riscv64 "$qemu"
check "$x86_dir/litmus_shapes_x86" 20000 native env --
check "$x86_dir/litmus_counters_x86" 100000 native env --
echo "litmus: $pass passed, $fail failed"
[ $fail -eq 0 ]
