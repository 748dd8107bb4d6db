#!/usr/bin/env bash
# Threads racing the memory map and the process's exit
# (test/guest/thread_race.c), run many times in every mode, with and
# without --strace (which widens the windows), for both guests: every run
# must exit 0 with the program's own output. Before the arena's map was
# serialized, concurrent mmap/munmap corrupted vm-run's region list (host
# "double free or corruption") in about 1 run of 3 under --strace.
#   usage: thread_race_test.sh VM-RUN RISCV64-PROGRAM X86_64-PROGRAM [RUNS]
set -u
vm=$1
runs=${4:-5}
want=$'mappers: 0 failures\ncomputers: checksums exact\nmain returns'
pass=0
fail=0
for prog in "$2" "$3"; do
  for opts in "--mode interp" "--mode tier1" "--mode tiered" \
              "--mode interp --strace" "--mode tier1 --strace" \
              "--mode tiered --strace"; do
    bad=0
    for ((i = 0; i < runs; i++)); do
      # shellcheck disable=SC2086
      out=$(timeout 60 "$vm" $opts --log /tmp/thread_race.$$.log "$prog" 2>/tmp/thread_race.$$)
      status=$?
      if [ $status -ne 0 ] || [ "$out" != "$want" ]; then
        bad=$((bad + 1))
        echo "  run $i: status $status, stderr: $(head -c 300 /tmp/thread_race.$$)"
      fi
    done
    if [ $bad -eq 0 ]; then
      pass=$((pass + 1)); echo "PASS $(basename "$(dirname "$prog")")/$(basename "$prog") $opts ($runs runs)"
    else
      fail=$((fail + 1)); echo "FAIL $(basename "$(dirname "$prog")")/$(basename "$prog") $opts: $bad of $runs runs"
    fi
  done
done
rm -f /tmp/thread_race.$$ /tmp/thread_race.$$.log
echo "thread_race: $pass passed, $fail failed"
[ $fail -eq 0 ]
