#!/bin/sh
# Self-modifying code under an image: smc_text rewrites an instruction of
# its own (image-covered) text and calls it again. Requires qemu-riscv64's
# output, and from --stats=json: image entries were entered, the write
# dropped at least one of them, and no entry was refused.
# usage: check_aot_smc.sh VM-RUN VM-AOT QEMU PROG
set -eu
vm=$1 aot=$2 qemu=$3 prog=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$qemu" "$prog" >"$tmp/expected"
"$aot" "$prog" -o "$tmp/img" --opt-level 0 >/dev/null
"$vm" --aot "$tmp/img" --stats=json "$prog" >"$tmp/out" 2>"$tmp/stats"
if ! cmp -s "$tmp/expected" "$tmp/out"; then
    echo "check_aot_smc: output differs from qemu-riscv64:" >&2
    diff "$tmp/expected" "$tmp/out" >&2 || true
    exit 1
fi
python3 - "$tmp/stats" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
s = json.loads(text[text.index("{"):])
problems = []
if s["aot_region_entries"] <= 0:
    problems.append("no image entry entered")
if s["aot_dropped"] < 1:
    problems.append("the code write dropped no image entry")
if s["aot_stale"] != 0:
    problems.append("%d entries refused" % s["aot_stale"])
if problems:
    sys.exit("check_aot_smc: " + "; ".join(problems) + "\n" + text)
print("check_aot_smc: %d image entries entered, %d dropped by the write" % (
    s["aot_region_entries"], s["aot_dropped"]))
PY
