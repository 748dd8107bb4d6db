#!/usr/bin/env bash
# bench/mca.py's table on a small program: matmul 256x256 (the bench's own kernel,
# no third-party source) with a low tier-up threshold so that its loop reaches tier 2,
# on the riscv64 and the x86-64 guest. The hottest region must be matched to a native
# loop of matmul.c, all three columns analysed by llvm-mca, each vm column given a
# "what costs" line, and run.py's report table and mca.svg made from the results.
#   usage: mca_test.sh VM-RUN
set -u
vm=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for guest in riscv64 x86_64; do
  python3 "$root/bench/mca.py" matmul --guest $guest --args "256 16" --top 1 \
    --vm-option=--tier-threshold=100 --vm "$vm" --out "$work" --json "$work/$guest.json" \
    >"$work/table" 2>&1
  status=$?
  cat "$work/table"
  [ "$status" -eq 0 ] || { echo "FAIL mca.py --guest $guest exited $status"; exit 1; }
done
python3 - "$root/bench" "$work" <<'PY'
import json, sys, xml.etree.ElementTree as ET
sys.path.insert(0, sys.argv[1])
import plot, report
work = sys.argv[2]
fails, results = [], []
for guest in ("riscv64", "x86_64"):
    d = json.load(open("%s/%s.json" % (work, guest)))
    results.append(d)
    r = d["regions"][0] if d["regions"] else None
    if r is None:
        fails.append("%s: no region" % guest)
        continue
    if not r["source"].startswith("matmul.c:") or r["iterations"] < 1000:
        fails.append("%s: region %s at %s, %s iterations"
                     % (guest, r["head"], r["source"], r["iterations"]))
    for col in ("native", "tier2", "tier1"):
        c = r[col]
        if not c or "error" in c or not c["instructions_per_iteration"] \
                or not c["rthroughput"] or not c["ipc"] or not c["pressure"]:
            fails.append("%s %s: %s" % (guest, col, c))
    for tier in ("tier2", "tier1"):
        if not r["costs"][tier] or "instructions" not in r["costs"][tier]:
            fails.append("%s: no what-costs line for %s: %r" % (guest, tier, r["costs"][tier]))
    # Tier 1 keeps guest state behind r15 and checks the arena limit in r13: its
    # code for a loop head touches one or the other.
    t1 = r["tier1"]["counts"]
    if not t1["state"] + t1["limit_checks"]:
        fails.append("%s: tier-1 code neither in guest state nor memory: %s" % (guest, t1))
result = {"date": "test", "vm_version": "test", "mca": results}
text = report.mca_table(result)
print(text)
for guest in ("riscv64", "x86_64"):
    if "matmul (%s) matmul.c:" % guest not in text:
        fails.append("report table has no row for %s" % guest)
plot.write_mca_svg(result, work + "/mca.svg")
bars = [e for e in ET.parse(work + "/mca.svg").iter() if e.tag.endswith("rect")]
if len(bars) < 1 + 2 * 2 + 2:  # background, 2 loops x 2 tiers, legend
    fails.append("mca.svg has %d rects" % len(bars))
for f in fails:
    print("FAIL", f)
print("PASS llvm-mca tables, costs, report and SVG on riscv64 and x86-64" if not fails else "")
sys.exit(1 if fails else 0)
PY
