#!/usr/bin/env bash
# vm-run --profile: hot_function (its time in hot_loop) under every mode
# and both guests must be profiled with hot_loop as the top guest
# function, its samples in the mode's tier; the JSON parses and its
# totals agree (kinds, functions and blocks each sum to "samples"); the
# folded lines are "PROGRAM;FUNCTION;KIND COUNT"; --profile-out is the
# vm-profile 1 format; threads are each sampled; the guest's own output,
# timers and signals are unchanged; the profile is written when a limit
# stops the guest or a signal kills it; bad options give one line and 125.
#   usage: profile_test.sh VM-RUN RISCV64-GUEST-DIR X86_64-GUEST-DIR
set -u
vm=$(realpath "$1")
rv=$(realpath "$2")
x86=$(realpath "$3")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/checks.sh"

# json_ok FILE TOP TIER THREADS: parses; totals agree; TOP is the first
# guest function and most of its samples are in TIER (TIER+: some are,
# for tiered mode, where how soon the region is compiled depends on the
# machine's load; any: no tier asked); THREADS threads sampled.
json_ok() {
  python3 - "$@" <<'EOF'
import json, sys
path, top, tier, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
d = json.load(open(path))
bad = []
n = d["samples"]
if n < 20:
    bad.append(f"only {n} samples")
for what, total in (("kinds", sum(d["kinds"].values())),
                    ("functions", sum(f["samples"] for f in d["functions"])),
                    ("blocks", sum(b["samples"] for b in d["blocks"]))):
    if total != n:
        bad.append(f"{what} sum to {total}, samples is {n}")
for f in d["functions"]:
    if sum(f["kinds"].values()) != f["samples"]:
        bad.append(f"function {f['name']}: kinds do not sum to its samples")
# The first guest function ([vm-run], [tier2 helper] are no functions:
# in --mode llvm, compiling every block outweighs the guest).
guest = [f for f in d["functions"] if not f["name"].startswith("[")]
f0 = guest[0] if guest else {"name": None, "samples": 0, "kinds": {}}
if f0["name"] != top:
    bad.append(f"top function is {f0['name']}, not {top}")
elif tier == "any":
    pass
elif tier.endswith("+") and not f0["kinds"].get(tier[:-1]):
    bad.append(f"{top}: {f0['kinds']} (none in {tier[:-1]})")
elif not tier.endswith("+") and f0["kinds"].get(tier, 0) * 2 <= f0["samples"]:
    bad.append(f"{top}: {f0['kinds']} (most not in {tier})")
if d["threads"] != threads or len(d["per_thread"]) != threads:
    bad.append(f"{d['threads']} threads sampled, not {threads}")
# The compile thread's time is no guest thread's.
if sum(t["samples"] for t in d["per_thread"]) + d["kinds"].get("vm:compile", 0) != n:
    bad.append(f"per_thread: {d['per_thread']} do not sum to samples")
if threads > 1 and any(t["samples"] == 0 for t in d["per_thread"]):
    bad.append(f"a thread has no samples: {d['per_thread']}")
for b in d["blocks"]:
    if b["function"] == top and not b["name"].startswith(top):
        bad.append(f"block {b['name']} of {top}")
    if b["kind"] not in d["kinds"]:
        bad.append(f"block kind {b['kind']}")
for m in bad:
    print(f"{path}: {m}")
sys.exit(1 if bad else 0)
EOF
}

# text_top FILE FUNC: the first guest function of the table is FUNC.
text_top() {
  awk '/^functions / { f = 1; getline; next }
       f && $NF !~ /^\[/ { print $NF; exit }' "$1" | grep -qx "$2"
}

# folded_ok FILE PROG FUNC: every line PROG;NAME;KIND COUNT, FUNC present.
folded_ok() {
  local line="^$2;[^; ]+;(tier1|tier2|interp|vm:[a-z]+) [1-9][0-9]*$"
  if grep -Evq "$line" "$1"; then
    grep -Ev "$line" "$1" | head -3
    return 1
  fi
  grep -q "^$2;$3;" "$1"
}

# out_ok FILE FUNC: the vm-profile 1 header, FUNC the first func line,
# every body line "func 0xPC N NAME" or "block 0xPC N KIND NAME".
out_ok() {
  local func="func 0x[0-9a-f]+ [1-9][0-9]* [^ ]+"
  local block="block 0x[0-9a-f]+ [1-9][0-9]* (tier1|tier2|interp) [^ ]+"
  head -1 "$1" | grep -qx "# vm-profile 1" &&
    grep -m1 "^func " "$1" | grep -Eq "^func 0x[0-9a-f]+ [1-9][0-9]* $2$" &&
    ! grep -v "^#" "$1" | grep -Evq "^($func|$block)$"
}

# run_mode GUEST-DIR GUEST MODE TIER ROUNDS [OPTIONS...]: the JSON and
# --profile-out of one run.
run_mode() {
  local dir=$1 g=$2 mode=$3 tier=$4 rounds=$5
  shift 5
  local p="$work/$g-$mode"
  "$vm" --mode "$mode" "$@" --profile-hz 2000 --profile "$p.json" \
    --profile-out "$p.out" "$dir/hot_function" "$rounds" >"$p.stdout"
  check "$g $mode: exit 0, guest output" \
    grep -q "^hot_function: 1 thread(s), checksum" "$p.stdout"
  check "$g $mode: JSON totals agree, hot_loop top in $tier" \
    json_ok "$p.json" hot_loop "$tier" 1
  check "$g $mode: --profile-out format, hot_loop first" out_ok "$p.out" hot_loop
}

# formats GUEST-DIR GUEST ROUNDS: text and folded by the file's name.
formats() {
  local dir=$1 g=$2 rounds=$3
  local p="$work/$g-formats"
  "$vm" --mode tier1 --profile "$p.txt" "$dir/hot_function" "$rounds" >/dev/null
  check "$g: text names hot_loop first" text_top "$p.txt" hot_loop
  "$vm" --mode tier1 --profile "$p.folded" "$dir/hot_function" "$rounds" >/dev/null
  check "$g: folded lines" folded_ok "$p.folded" hot_function hot_loop
}

# Rounds for about 0.2 s of CPU per run (tiered: 0.6 s, the loop asked of
# tier 2 at once by --tier-threshold 100, for its region to be installed
# while the loop runs).
run_mode "$rv" riscv64 interp interp 2000000
run_mode "$rv" riscv64 tier1 tier1 100000000
run_mode "$rv" riscv64 llvm tier2 100000000
run_mode "$rv" riscv64 tiered tier2+ 300000000 --tier-threshold 100
run_mode "$x86/static" x86_64 interp interp 2000000
run_mode "$x86/static" x86_64 tier1 tier1 100000000
run_mode "$x86/static" x86_64 tiered tier2+ 300000000 --tier-threshold 100
run_mode "$x86/dynamic" x86_64-dynamic tier1 tier1 100000000
formats "$rv" riscv64 100000000
formats "$x86/static" x86_64 100000000

# ---- threads: each sampled, the guest's output the same ----
"$vm" --mode tier1 --profile "$work/thr.json" --profile-format json \
  "$rv/hot_function" 50000000 3 >"$work/thr.out"
check "threads: output" grep -q "^hot_function: 3 thread(s)" "$work/thr.out"
check "threads: 3 sampled, hot_loop top" json_ok "$work/thr.json" hot_loop tier1 3

# ---- the guest's timers and signals (LX_WAKE_SIG too) untouched ----
for mode in tier1 tiered; do
  "$vm" --mode $mode "$rv/timers_signalfd" >"$work/ts.plain" 2>&1
  "$vm" --mode $mode --profile-hz 10000 --profile "$work/ts.txt" \
    "$rv/timers_signalfd" >"$work/ts.prof" 2>&1
  check "timers_signalfd ($mode): same output under --profile" \
    cmp -s "$work/ts.plain" "$work/ts.prof"
done

# ---- written when a limit stops the guest or a signal kills it ----
"$vm" --mode tier1 --max-insns 500000000 --profile "$work/lim.json" \
  "$rv/hot_function" 300000000 >/dev/null 2>&1
st=$?
check "--max-insns: status 124, profile written, hot_loop top" \
  eval '[ $st -eq 124 ] && json_ok "$work/lim.json" hot_loop tier1 1'
"$vm" --mode tier1 --profile "$work/segv.txt" "$rv/sig_segv" >/dev/null 2>&1
st=$?
check "guest killed by SIGSEGV: status 139, profile written" \
  eval '[ $st -eq 139 ] && grep -q "^vm-run profile of .*sig_segv" "$work/segv.txt"'

# ---- --profile-format overrides the name; a format per name ----
"$vm" --mode tier1 --profile "$work/x.txt" --profile-format json \
  "$rv/hot_function" 1000000 >/dev/null
check "--profile-format json into x.txt parses" \
  python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$work/x.txt"

# ---- bad options: one line on stderr, status 125, nothing run ----
bad() { # NAME ARGS... (the program too: a missing value must not take it)
  local name=$1
  shift
  "$vm" "$@" >"$work/bad.out" 2>"$work/bad.err"
  local st=$?
  if [ $st -eq 125 ] && [ "$(wc -l <"$work/bad.err")" -eq 1 ] &&
     grep -q "^vm-run: " "$work/bad.err" && [ ! -s "$work/bad.out" ]; then
    ok "bad: $name"
  else
    ko "bad: $name (status $st)"
    cat "$work/bad.err"
  fi
}
bad "--profile without a file" --profile
bad "--profile= empty" --profile= "$rv/hello"
bad "--profile in a missing directory" --profile "$work/no/such/dir/p.txt" "$rv/hello"
bad "--profile-out in a missing directory" --profile-out "$work/no/such/p" "$rv/hello"
bad "unknown --profile-format" --profile "$work/p" --profile-format xml "$rv/hello"
bad "--profile-hz 0" --profile "$work/p" --profile-hz 0 "$rv/hello"
bad "--profile-hz too high" --profile "$work/p" --profile-hz 100000 "$rv/hello"
bad "--profile-format without --profile" --profile-format json "$rv/hello"
bad "--profile-hz=abc" --profile="$work/p" --profile-hz=abc "$rv/hello"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
