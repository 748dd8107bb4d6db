#!/usr/bin/env bash
# A broken vm-run: runs the guest correctly but adds a line to its stdout,
# keeping the exit status number.
out=$(mktemp)
# fd 3 carries the guest's stderr past the redirection that hides bash's
# own "Segmentation fault" notice.
{ "$(dirname "$0")/qemu_as_vm.sh" "$@" >"$out" 2>&3; status=$?; } 3>&2 2>/dev/null
cat "$out"
echo "extra line from a broken emulator"
rm -f "$out"
exit $status
