#!/usr/bin/env bash
# A guest reaching for vm-run through /proc (test/guest/proc_escape): every
# spelling of /proc/self/{maps,mem,exe,fd/N} must give the guest's view or
# be refused, under every mode, static and dynamic, with a --log descriptor
# hidden in the guest's table. The expected answers are the sealed ones:
# qemu-riscv64 7.2 leaks the host's maps, mem and exe through most of these
# spellings, and Linux lets a process open its own mem, so neither is the
# reference here.
#   usage: proc_escape_test.sh VM-RUN GUEST-DIR
set -u
# Absolute: the guest runs in a scratch directory (it makes symlinks).
vm=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
dir=$(cd "$2" && pwd)
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }

expected() {
  local how
  for how in /proc/self/maps /proc//self/maps /proc/./self/maps \
      /proc/\<pid\>/maps /proc/self/task/\<tid\>/maps \
      "openat(/proc, self/maps)" "openat(/proc/self, maps)" \
      "/proc/self/fd/<dir>/maps" "a symlink" "a symlinked /proc" \
      "chdir(/proc/self)"; do
    echo "maps via $how: guest"
  done
  echo "mem via chdir(/proc/self): refused EACCES"
  for how in /proc/self/mem /proc//self/mem /proc/./self/mem \
      /proc/\<pid\>/mem /proc/self/task/\<tid\>/mem \
      "openat(/proc, self/mem)" "openat(/proc/self, mem)" \
      "mem via a symlink" /proc//self/pagemap /proc//self/smaps \
      /proc//self/map_files; do
    echo "$how: refused EACCES"
  done
  echo "access(/proc//self/mem, W_OK) refused: yes"
  for how in /proc/self/exe /proc//self/exe /proc/\<pid\>/exe \
      "openat(/proc/self, exe)" "a symlinked /proc"; do
    echo "exe via $how: readlink guest, open riscv64 ELF, size guest's"
  done
  echo "descriptors 1000-1031 unreachable through /proc: yes"
  echo "maps via another thread's thread-self: guest"
  echo "maps via another thread's /proc/<tid>: guest"
  echo "mem via another thread's thread-self: refused EACCES"
}

scratch=$(mktemp -d) || exit 2
trap 'rm -rf "$scratch"' EXIT
for linkage in static dynamic; do
  prog=$dir/proc_escape
  [ $linkage = dynamic ] && prog=$dir/dynamic/proc_escape
  for mode in interp tier1; do
    name="proc_escape $linkage $mode"
    got=$(cd "$scratch" &&
          timeout 60 "$vm" --mode $mode --log "$scratch/log" "$prog")
    status=$?
    if [ $status = 0 ] && [ "$got" = "$(expected)" ]; then
      ok "$name"
    else
      ko "$name (status $status):"
      diff <(expected) <(printf '%s\n' "$got") | sed 's/^/    /'
    fi
  done
done

echo "proc-escape: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
