#!/usr/bin/env bash
# run_fuzz.sh BUILD_DIR SECONDS [TARGET...] — builds the libFuzzer targets
# with clang-19 into BUILD_DIR (configuring it on first use) and runs each
# for SECONDS on its seed corpus (test/fuzz/corpus/TARGET, regression
# inputs included) plus what earlier runs found (BUILD_DIR/corpus/TARGET).
# Prints one line per target (runs, executions/s, cov:); exits 1 when any
# target found a crash, a leak or a hang (the input is kept under
# BUILD_DIR/artifacts/), 2 when the build fails.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${1:?usage: run_fuzz.sh BUILD_DIR SECONDS [TARGET...]}
seconds=${2:?usage: run_fuzz.sh BUILD_DIR SECONDS [TARGET...]}
shift 2
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(riscv64 x86_64 loader)

if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang-19 CXX=clang++-19 cmake -S "$src" -B "$build" -DVM_FUZZ=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null || exit 2
fi
cmake --build "$build" -j"$(nproc)" --target fuzz_targets >"$build/build.log" 2>&1 || {
  tail -20 "$build/build.log"; echo "fuzz: build failed (see $build/build.log)"; exit 2; }

failed=0
mkdir -p "$build/artifacts"
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t"
  log="$build/fuzz_$t.log"
  # -timeout: an input running 10 s is a hang; -rss_limit_mb: the arenas
  # are reserved, not resident, so 2 GiB resident means a leak.
  "$build/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$build/artifacts/$t-" \
    "$build/corpus/$t" "$here/corpus/$t" >"$log" 2>&1
  rc=$?
  done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1)
  cov=$(sed -nE 's/.*cov: ([0-9]+).*/\1/p' <<<"$done_line")
  execs=$(sed -nE 's/.*exec\/s: ([0-9]+).*/\1/p' <<<"$done_line")
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log")
  if [ $rc -ne 0 ] || [ -z "$cov" ]; then
    echo "fuzz_$t: FAILED (status $rc), log $log:"
    grep -E 'ERROR|SUMMARY|fuzz:|Test unit written|==[0-9]+==' "$log" | head -20
    failed=1
  else
    echo "fuzz_$t: ${runs:-?} runs in ${seconds} s, ${execs} exec/s, cov: ${cov}"
  fi
done
exit $failed
