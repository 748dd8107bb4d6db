#!/usr/bin/env bash
# Differential runner for the riscv64 guest programs: runs every program
# listed in test/guest/tests.list under qemu-riscv64 (the reference) and
# under the emulator given with --vm, each in a fresh scratch directory with
# the same path, arguments, environment and stdin, and compares standard
# output, exit status (128+N for a death by signal N), standard error
# (without the emulators' own "qemu:"/"qemu-riscv64:" lines; vm-run must add none) and
# the files left behind in the scratch directory.
#
# usage: run_guest_tests.sh --vm VM-RUN --dir PROGRAM-DIR [--mode MODE]
#            [--list FILE] [--filter REGEX] [--qemu QEMU] [--timeout SECONDS]
#
# --vm is invoked as: VM-RUN [--mode MODE] [-E VAR=VAL]... [-U VAR]... PROG ARGS
# qemu gets the same environment through env(1). Exit status is 0 only if
# at least one test ran and all of them passed.
set -u -o pipefail

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
vm=""
mode=""
program_dir=""
list_file="$script_dir/../guest/tests.list"
filter=""
qemu="qemu-riscv64"
timeout_secs=60

die() {
    echo "run_guest_tests: $*" >&2
    exit 2
}

while [ $# -gt 0 ]; do
    case "$1" in
    --vm) vm=${2:?--vm needs a value}; shift 2 ;;
    --mode) mode=${2:?--mode needs a value}; shift 2 ;;
    --dir) program_dir=${2:?--dir needs a value}; shift 2 ;;
    --list) list_file=${2:?--list needs a value}; shift 2 ;;
    --filter) filter=${2:?--filter needs a value}; shift 2 ;;
    --qemu) qemu=${2:?--qemu needs a value}; shift 2 ;;
    --timeout) timeout_secs=${2:?--timeout needs a value}; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
    esac
done

[ -n "$vm" ] || die "--vm is required"
[ -n "$program_dir" ] || die "--dir is required"
[ -d "$program_dir" ] || die "program directory '$program_dir' does not exist"
[ -f "$list_file" ] || die "test list '$list_file' does not exist"
# Both emulators run from inside scratch directories, so make paths absolute.
absolute_command() {
    local cmd
    cmd=$(command -v "$1") || return 1
    [[ "$cmd" == /* ]] || cmd="$(cd "$(dirname "$cmd")" && pwd)/$(basename "$cmd")"
    printf '%s' "$cmd"
}
vm_path=$(absolute_command "$vm") || die "emulator '$vm' not found or not executable"
qemu_path=$(absolute_command "$qemu") || die "reference emulator '$qemu' not found"
vm=$vm_path
qemu=$qemu_path
program_dir=$(cd "$program_dir" && pwd)
list_dir=$(cd "$(dirname "$list_file")" && pwd)

# Every run starts from this environment; GUEST_BASE exists so that a list
# entry can show that unsetting (-U) reaches the guest.
base_env=(PATH=/usr/local/bin:/usr/bin:/bin LC_ALL=C HOME=/nonexistent GUEST_BASE=base)

work=$(mktemp -d "${TMPDIR:-/tmp}/guest-tests.XXXXXX")
trap 'rm -rf "$work"' EXIT

trim() {
    local s=$1
    s=${s#"${s%%[![:space:]]*}"}
    s=${s%"${s##*[![:space:]]}"}
    printf '%s' "$s"
}

# Splits a list field into words, honouring "double" and 'single' quotes
# (xargs does the quote parsing; the leading X keeps an empty list distinct
# from a single empty argument).
split_words() {
    local -n out=$1
    mapfile -d '' -t out < <(printf 'X %s\n' "$2" | xargs printf '%s\0')
    out=("${out[@]:1}")
}

# run_one OUTDIR STDIN COMMAND...: runs COMMAND in a fresh scratch directory
# with core dumps off and a time limit; records stdout, stderr, status and
# the scratch directory's leftover entries.
run_one() {
    local outdir=$1 stdin=$2
    shift 2
    local scratch
    scratch=$(mktemp -d "$work/scratch.XXXXXX")
    mkdir -p "$outdir"
    # The braces swallow bash's own "Segmentation fault" job notice.
    {
        (cd "$scratch" && ulimit -c 0 && exec timeout -k 5 "$timeout_secs" "$@") \
            <"$stdin" >"$outdir/stdout" 2>"$outdir/stderr.raw"
        echo $? >"$outdir/status"
    } 2>/dev/null
    (cd "$scratch" && find . -mindepth 1 | sort) >"$outdir/leftovers"
    rm -rf "$scratch"
    grep -v -E '^(qemu|qemu-riscv64): ' "$outdir/stderr.raw" >"$outdir/stderr"
}

show_diff() {
    local what=$1 ref=$2 got=$3
    echo "  --- $what: qemu-riscv64 (-) vs vm (+)"
    diff -u --label qemu --label vm "$ref" "$got" | sed -n '3,42s/^/  /p'
}

passed=0
failed=0
failed_names=()
mode_label=${mode:-default}

while IFS='|' read -r name args envs stdin_field || [ -n "$name" ]; do
    name=$(trim "$name")
    case "$name" in '' | '#'*) continue ;; esac
    if [ -n "$filter" ] && ! [[ "$name" =~ $filter ]]; then
        continue
    fi
    argv=()
    split_words argv "$(trim "${args:-}")"
    read -r -a env_words <<<"$(trim "${envs:-}")"
    stdin_field=$(trim "${stdin_field:-}")
    stdin=/dev/null
    [ -n "$stdin_field" ] && stdin="$list_dir/$stdin_field"

    program="$program_dir/$name"
    if [ ! -x "$program" ]; then
        echo "FAIL $name: program $program is missing"
        failed=$((failed + 1))
        failed_names+=("$name")
        continue
    fi
    if [ ! -r "$stdin" ]; then
        echo "FAIL $name: stdin file $stdin is missing"
        failed=$((failed + 1))
        failed_names+=("$name")
        continue
    fi

    # The reference sees the environment built by env(1); the emulator gets
    # the base environment plus the same changes as -E/-U options.
    qemu_env=("${base_env[@]}")
    vm_opts=()
    [ -n "$mode" ] && vm_opts+=(--mode "$mode")
    for word in "${env_words[@]}"; do
        if [[ "$word" == -* ]]; then
            var=${word#-}
            kept=()
            for entry in "${qemu_env[@]}"; do
                [[ "$entry" == "$var="* ]] || kept+=("$entry")
            done
            qemu_env=("${kept[@]}")
            vm_opts+=(-U "$var")
        else
            qemu_env+=("$word")
            vm_opts+=(-E "$word")
        fi
    done

    ref="$work/$name/qemu"
    got="$work/$name/vm"
    run_one "$ref" "$stdin" env -i "${qemu_env[@]}" "$qemu" "$program" "${argv[@]}"
    run_one "$got" "$stdin" env -i "${base_env[@]}" "$vm" "${vm_opts[@]}" "$program" "${argv[@]}"

    problems=()
    ref_status=$(cat "$ref/status")
    got_status=$(cat "$got/status")
    [ "$ref_status" = 124 ] && problems+=("qemu timed out after ${timeout_secs}s")
    [ "$got_status" = 124 ] && problems+=("vm timed out after ${timeout_secs}s")
    [ "$ref_status" = "$got_status" ] || problems+=("status qemu=$ref_status vm=$got_status")
    for part in stdout stderr leftovers; do
        cmp -s "$ref/$part" "$got/$part" || problems+=("$part differs")
    done

    if [ ${#problems[@]} -eq 0 ]; then
        echo "PASS $name (status $ref_status)"
        passed=$((passed + 1))
    else
        summary=$(printf '%s; ' "${problems[@]}")
        echo "FAIL $name: ${summary%; }"
        for part in stdout stderr leftovers; do
            cmp -s "$ref/$part" "$got/$part" || show_diff "$part" "$ref/$part" "$got/$part"
        done
        failed=$((failed + 1))
        failed_names+=("$name")
    fi
done <"$list_file"

echo "guest tests ($mode_label): $passed passed, $failed failed"
[ $failed -eq 0 ] || echo "failed: ${failed_names[*]}"
if [ $((passed + failed)) -eq 0 ]; then
    echo "run_guest_tests: no test matched${filter:+ the filter \"$filter\"}" >&2
    exit 1
fi
[ $failed -eq 0 ]
