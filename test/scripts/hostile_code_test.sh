#!/usr/bin/env bash
# A guest attacking the translator through its own code pages
# (test/guest/hostile_code.c: a thread calling code another thread rewrites,
# unmaps and remaps; rt_sigreturn on crafted frames). The riscv64 build and
# its native x86-64 twin (run as the x86-64 guest) under vm-run in each mode,
# several runs each (one shorter run under --mode llvm): every run must exit
# 0 with the output Linux gives the twin. Before the lifter took the arena
# lock, a munmap racing a block's decoding crashed vm-run (host SIGSEGV) in
# about 1 interp run of 6; before fetch-fault blocks stopped being cached,
# the interpreter's last call after the race faulted in about 1 run of 30
# under ASan.
#   usage: hostile_code_test.sh VM-RUN RISCV64-PROGRAM NATIVE-PROGRAM [RUNS]
#   HOSTILE_CODE_MODES: the modes to run (default: interp tier1 tiered llvm)
set -u
vm=$1
runs=${4:-3}
want=$("$3") || { echo "FAIL the native reference exited $?"; exit 1; }
pass=0
fail=0
for prog in "$2" "$3"; do
  for mode in ${HOSTILE_CODE_MODES:-interp tier1 tiered llvm}; do
    # --mode llvm compiles every block with LLVM, each rewrite again: one
    # run of 20 rewrites (about 15 s) instead of the default 400.
    n=$runs rounds=
    [ $mode = llvm ] && n=1 rounds=20
    bad=0
    for ((i = 0; i < n; i++)); do
      out=$(timeout 120 "$vm" --mode $mode "$prog" $rounds 2>/tmp/hostile_code.$$)
      status=$?
      if [ $status -ne 0 ] || [ "$out" != "$want" ]; then
        bad=$((bad + 1))
        echo "  run $i: status $status, stderr: $(head -c 300 /tmp/hostile_code.$$)"
        diff <(echo "$want") <(echo "$out") | head -10
      fi
    done
    name="$(basename "$(dirname "$prog")")/$(basename "$prog") --mode $mode"
    if [ $bad -eq 0 ]; then
      pass=$((pass + 1)); echo "PASS $name ($n runs)"
    else
      fail=$((fail + 1)); echo "FAIL $name: $bad of $n runs"
    fi
  done
done
rm -f /tmp/hostile_code.$$
echo "hostile_code: $pass passed, $fail failed"
[ $fail -eq 0 ]
