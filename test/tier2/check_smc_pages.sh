#!/bin/sh
# Self-modifying code per page: runs smc_pages (see smc_pages.c) under
# --mode tiered with --tier-threshold 100 (above the 60 rounds of its own
# loop: only code that loop calls gets hot) and --stats=json, requires
# qemu-riscv64's output, and from the statistics: the 59 code writes
# dropped the written page's blocks (at least one per write) without
# flushing the cache (at most the program's one clear_cache flush), and,
# when the generated code is no hot loop, no installed region was dropped
# and the program's hot loops were compiled about once each, not once per
# write.
# usage: check_smc_pages.sh VM-RUN QEMU PROG
set -eu
vm=$1 qemu=$2 prog=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for arg in once loop; do
    "$qemu" "$prog" $arg >"$tmp/expected"
    "$vm" --mode tiered --tier-threshold 100 --stats=json "$prog" $arg \
        >"$tmp/out" 2>"$tmp/stats"
    if ! cmp -s "$tmp/expected" "$tmp/out"; then
        echo "check_smc_pages ($arg): output differs from qemu-riscv64:" >&2
        diff "$tmp/expected" "$tmp/out" >&2 || true
        exit 1
    fi
    python3 - "$tmp/stats" "$arg" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
s = json.loads(text[text.index("{"):])
arg = sys.argv[2]
problems = []
if s["smc_writes"] < 59:
    problems.append("%d code writes noticed, want >= 59" % s["smc_writes"])
if s.get("blocks_invalidated", 0) < 59:
    problems.append("%d blocks dropped, want >= 59" % s.get("blocks_invalidated", 0))
if s["flushes"] > 1:
    problems.append("%d whole-cache flushes, want <= 1" % s["flushes"])
if arg == "once":
    if s.get("tier2_regions_dropped", 0) != 0:
        problems.append("%d regions dropped" % s.get("tier2_regions_dropped", 0))
    # Each hot loop compiled once: far fewer compiles than writes (a
    # flush per write recompiles the hot loop every round: 60+).
    if not 1 <= s["tier2_regions_compiled"] < 30:
        problems.append("%d regions compiled, want 1..29"
                        % s["tier2_regions_compiled"])
if problems:
    sys.exit("check_smc_pages (%s): %s\n%s" % (arg, "; ".join(problems), text))
print("check_smc_pages (%s): %d writes, %d blocks dropped, %d flushes, "
      "%d regions compiled, %d dropped" % (
          arg, s["smc_writes"], s.get("blocks_invalidated", 0), s["flushes"],
          s["tier2_regions_compiled"], s.get("tier2_regions_dropped", 0)))
PY
done
