#!/usr/bin/env bash
# bench/mca.py's table on a small program: matmul 256x256 (the bench's own kernel,
# no third-party source) with a low tier-up threshold so that its loop reaches tier 2;
# the hottest region must be matched to a native loop of matmul.c and all three
# columns analysed by llvm-mca.
#   usage: mca_test.sh VM-RUN
set -u
vm=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/bench/mca.py" matmul --args "256 16" --top 1 \
  --vm-option=--tier-threshold=100 --vm "$vm" --out "$work" --json "$work/m.json" \
  >"$work/table" 2>&1
status=$?
cat "$work/table"
[ "$status" -eq 0 ] || { echo "FAIL mca.py exited $status"; exit 1; }
python3 - "$work/m.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
fails = []
r = d["regions"][0] if d["regions"] else None
if r is None:
    fails.append("no region")
else:
    if not r["source"].startswith("matmul.c:") or r["iterations"] < 1000:
        fails.append("region %s at %s, %s iterations" % (r["head"], r["source"], r["iterations"]))
    for col in ("native", "tier2", "tier1_head_block"):
        c = r[col]
        if not c or "error" in c or not c["instructions_per_iteration"] \
                or not c["rthroughput"] or not c["ipc"]:
            fails.append("%s: %s" % (col, c))
for f in fails:
    print("FAIL", f)
print("PASS llvm-mca table: native, tier-2 and tier-1 columns" if not fails else "")
sys.exit(1 if fails else 0)
PY
