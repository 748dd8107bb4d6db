#!/bin/sh
# Hot loops really run in tier 2: runs PROG under --mode tiered with a low
# --tier-threshold and --stats=json, at every --opt-level, requires the same
# output as qemu-riscv64, and from the statistics: no fallback, no guest time
# spent waiting on the compiler, and at the default level regions compiled
# and entered.
# usage: check_tier2_stats.sh VM-RUN QEMU PROG
set -eu
vm=$1 qemu=$2 prog=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$qemu" "$prog" >"$tmp/expected"
# Every --opt-level, the default (2) included: each is its own pipeline.
for level in 2 0 1 3; do
"$vm" --mode tiered --opt-level $level --tier-threshold 32 --stats=json "$prog" \
    >"$tmp/out" 2>"$tmp/stats"
if ! cmp -s "$tmp/expected" "$tmp/out"; then
    echo "check_tier2_stats (--opt-level $level): output differs from qemu-riscv64:" >&2
    diff "$tmp/expected" "$tmp/out" >&2 || true
    exit 1
fi
python3 - "$tmp/stats" "$level" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
stats = json.loads(text[text.index("{"):])
problems = []
# The default level must have its regions compiled and entered before the
# program ends; the others are only required to compile without fallback
# (a slower pipeline may finish after a short program did).
if sys.argv[2] == "2":
    if stats["tier2_regions_compiled"] <= 0:
        problems.append("no region compiled")
    if stats["tier2_regions_installed"] <= 0:
        problems.append("no region installed")
    if stats["tier2_region_entries"] <= 0:
        problems.append("no region entered")
if stats["tier2_fallbacks"] != 0:
    problems.append("fallbacks: %s" % {k: v for k, v in stats.items()
                                      if k.startswith("tier2_fallback_") and v})
if stats["tier2_wait_ns"] != 0:
    problems.append("the guest waited %d ns for the compiler" % stats["tier2_wait_ns"])
if problems:
    sys.exit("check_tier2_stats (--opt-level %s): " % sys.argv[2] + "; ".join(problems) + "\n" + text)
print("check_tier2_stats (--opt-level %s): %d regions compiled (%d blocks), %d entries, "
      "compile %.1f ms (%.0f us/region), LLVM load %.1f ms" % (
          sys.argv[2], stats["tier2_regions_compiled"], stats["tier2_region_blocks"],
          stats["tier2_region_entries"], stats["tier2_compile_ns"] / 1e6,
          stats["tier2_compile_ns"] / 1e3 / max(1, stats["tier2_regions_compiled"]),
          stats["tier2_load_ns"] / 1e6))
PY
done
