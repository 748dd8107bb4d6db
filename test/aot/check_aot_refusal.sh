#!/bin/sh
# An image vm-run must refuse: one "vm-run: aot: IMAGE: WHY; running in
# the JIT" line on stderr (WHY matching the case), and the program's
# output and status still those of qemu-riscv64.
#   foreign    another program's image
#   stale      the program changed after its image was built
#   corrupt    a byte of the image's payload flipped
#   truncated  the image cut short (half of it, then inside the header)
#   version    the image stamped with another vm version
# usage: check_aot_refusal.sh CASE VM-RUN QEMU IMAGE-DIR PROGRAM-DIR
# (IMAGE-DIR holds hello.img and hot_function.img, of PROGRAM-DIR)
set -eu
case_=$1 vm=$2 qemu=$3 images=$4 progs=$5
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prog=$progs/hello
img=$tmp/image
cp "$images/hello.img" "$img"
size=$(stat -c %s "$img")

# Overwrites bytes of file $1 at offset $2 with the string $3.
patch_bytes() {
    printf '%s' "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

run_case() { # WHY-REGEX
    "$qemu" "$prog" >"$tmp/expected" 2>/dev/null && want=0 || want=$?
    "$vm" --aot "$img" "$prog" >"$tmp/out" 2>"$tmp/err" && got=0 || got=$?
    lines=$(wc -l <"$tmp/err")
    if ! cmp -s "$tmp/expected" "$tmp/out" || [ "$got" != "$want" ]; then
        echo "check_aot_refusal ($case_): output or status $got differs" \
             "from qemu-riscv64's ($want)" >&2
        diff "$tmp/expected" "$tmp/out" >&2 || true
        exit 1
    fi
    if [ "$lines" != 1 ] ||
       ! grep -Eq "^vm-run: aot: $img: $1; running in the JIT\$" "$tmp/err"; then
        echo "check_aot_refusal ($case_): expected one line matching '$1':" >&2
        cat "$tmp/err" >&2
        exit 1
    fi
    echo "check_aot_refusal ($case_): $(cat "$tmp/err")"
}

case $case_ in
foreign)
    cp "$images/hot_function.img" "$img"
    run_case "image of another program" ;;
stale)
    # The same build-id, one byte more: a program rebuilt or patched.
    cp "$progs/hello" "$tmp/hello"
    printf '\0' >>"$tmp/hello"
    prog=$tmp/hello
    run_case "stale image: the program changed since it was built" ;;
corrupt)
    patch_bytes "$img" $((size / 2)) "corrupt!"
    run_case "corrupt \\(payload hash differs\\)" ;;
truncated)
    truncate -s $((size / 2)) "$img"
    run_case "truncated \\([0-9]+ bytes, the header says [0-9]+\\)"
    truncate -s 100 "$img"
    run_case "truncated \\(no complete header\\)" ;;
version)
    patch_bytes "$img" 16 "0.0.0-other"
    run_case "built by vm 0.0.0-other, this is vm .*" ;;
*)
    echo "check_aot_refusal: unknown case '$case_'" >&2
    exit 2 ;;
esac
