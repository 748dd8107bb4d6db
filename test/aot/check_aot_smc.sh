#!/bin/sh
# Self-modifying code under an image: smc_text rewrites an instruction of
# its own (image-covered) code and calls it again (see smc_text.c).
# Requires qemu-riscv64's output both ways, and from --stats=json: image
# entries were entered; the plain store dropped at least one (none
# refused); after mprotect, at least one was refused as stale.
# usage: check_aot_smc.sh VM-RUN VM-AOT QEMU PROG
set -eu
vm=$1 aot=$2 qemu=$3 prog=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$aot" "$prog" -o "$tmp/img" --opt-level 0 >/dev/null
for arg in store mprotect; do
"$qemu" "$prog" $arg >"$tmp/expected"
"$vm" --aot "$tmp/img" --stats=json "$prog" $arg >"$tmp/out" 2>"$tmp/stats"
if ! cmp -s "$tmp/expected" "$tmp/out"; then
    echo "check_aot_smc ($arg): output differs from qemu-riscv64:" >&2
    diff "$tmp/expected" "$tmp/out" >&2 || true
    exit 1
fi
python3 - "$tmp/stats" "$arg" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
s = json.loads(text[text.index("{"):])
arg = sys.argv[2]
problems = []
if s["aot_region_entries"] <= 0:
    problems.append("no image entry entered")
if arg == "store" and (s["aot_dropped"] < 1 or s["aot_stale"] != 0):
    problems.append("the store dropped %d image entries, %d refused" % (
        s["aot_dropped"], s["aot_stale"]))
if arg == "mprotect" and s["aot_stale"] < 1:
    problems.append("no image entry refused after the code changed")
if problems:
    sys.exit("check_aot_smc (%s): " % arg + "; ".join(problems) + "\n" + text)
print("check_aot_smc (%s): %d image entries entered, %d dropped, %d refused" % (
    arg, s["aot_region_entries"], s["aot_dropped"], s["aot_stale"]))
PY
done
