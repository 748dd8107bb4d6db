#!/bin/sh
# Image code really runs, and LLVM does not: runs programs with their
# images and --stats=json, requires the reference run's output and status, and
# from the statistics: image entries installed and entered, none refused,
# and no tier-2 compile (libLLVM never loaded).
# usage: check_aot_stats.sh VM-RUN QEMU IMAGE-DIR PROGRAM-DIR NAME[:ARGS]...
# (QEMU `env` runs x86-64 guests natively as the reference)
set -eu
vm=$1 qemu=$2 images=$3 progs=$4
shift 4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for spec in "$@"; do
    name=${spec%%:*} args=
    [ "$name" = "$spec" ] || args=${spec#*:}
    # shellcheck disable=SC2086 # ARGS are words
    "$qemu" "$progs/$name" $args >"$tmp/expected" && want=0 || want=$?
    # shellcheck disable=SC2086
    "$vm" --aot "$images/$name.img" --stats=json "$progs/$name" $args \
        >"$tmp/out" 2>"$tmp/stats" && got=0 || got=$?
    if ! cmp -s "$tmp/expected" "$tmp/out" || [ "$got" != "$want" ]; then
        echo "check_aot_stats ($name): output or status $got differs from" \
             "the reference's ($want)" >&2
        diff "$tmp/expected" "$tmp/out" >&2 || true
        exit 1
    fi
    python3 - "$tmp/stats" "$name" <<'PY'
import json, sys
text = open(sys.argv[1]).read()
s = json.loads(text[text.index("{"):])
problems = []
if s["aot_installed"] <= 0 or s["aot_region_entries"] <= 0:
    problems.append("no image entry installed or entered")
if s["aot_stale"] or s["aot_dropped"]:
    problems.append("entries refused %d, dropped %d" % (s["aot_stale"], s["aot_dropped"]))
if s["tier2_regions_compiled"] or s["tier2_load_ns"]:
    problems.append("LLVM loaded (%d regions compiled)" % s["tier2_regions_compiled"])
if problems:
    sys.exit("check_aot_stats (%s): " % sys.argv[2] + "; ".join(problems) + "\n" + text)
print("check_aot_stats (%s): %d blocks translated, %d patched to the image, "
      "%d image entries, %d uncovered" % (sys.argv[2], s["blocks_translated"],
      s["aot_installed"], s["aot_region_entries"], s["aot_fallbacks"]))
PY
done
