#!/usr/bin/env bash
# Guest programs that run other programs, checked against what Linux does
# (qemu-riscv64 cannot run a riscv64 program by execve here, and gets
# posix_spawn's ENOENT wrong): test/guest/spawn_exec under every mode,
# static and dynamic; a kill() of a process outside the guest's tree is
# refused and the process lives on; --no-host-exec makes system()'s
# /bin/sh fail (status 127) while guest programs still run.
#   usage: process_test.sh VM-RUN GUEST-DIR
set -u
vm=$1
dir=$2
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }

expected() { # the output Linux gives for spawn_exec run as $1
  cat <<OUT
child runs as renamed-child, asked to exit 9
execve'd child: exited 9
child runs as spawned, asked to exit 5
posix_spawn of a guest program: 0
spawned child: exited 5
posix_spawn of a missing program: ENOENT
posix_spawn with a pipe for stdout: 0, read child runs as piped, asked to exit 6
piped child: exited 6
OUT
}

for linkage in static dynamic; do
  prog=$dir/spawn_exec
  [ $linkage = dynamic ] && prog=$dir/dynamic/spawn_exec
  for mode in tier1 interp; do
    for extra in "" "--code-cache-size=64K"; do
      [ $mode = interp ] && [ -n "$extra" ] && continue
      name="spawn_exec $linkage $mode $extra"
      got=$(timeout 60 "$vm" --mode $mode $extra "$prog")
      status=$?
      if [ $status = 0 ] && [ "$got" = "$(expected)" ]; then
        ok "$name"
      else
        ko "$name (status $status):"
        diff <(expected) <(printf '%s\n' "$got") | sed 's/^/    /'
      fi
    done
  done
done

sleep 60 &
bystander=$!
got=$("$vm" "$dir/spawn_exec" foreign $bystander)
if [ "$got" = "kill of a process that is not ours: -1 EPERM" ] &&
   kill -0 $bystander 2>/dev/null; then
  ok "kill of a foreign process: EPERM, and it lives"
else
  ko "kill of a foreign process gave '$got'"
fi
kill $bystander 2>/dev/null
wait $bystander 2>/dev/null

got=$("$vm" --no-host-exec "$dir/processes" | grep -E '^(system|vfork)')
want=$'vfork child: exited 33\nsystem(): exited 127'
[ "$got" = "$want" ] && ok "--no-host-exec refuses /bin/sh" ||
  ko "--no-host-exec gave: $got"
got=$("$vm" --no-host-exec "$dir/spawn_exec")
[ "$got" = "$(expected)" ] && ok "--no-host-exec still runs guest programs" ||
  ko "--no-host-exec with guest programs gave: $got"

echo "processes: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
