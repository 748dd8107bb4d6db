#!/usr/bin/env bash
# Builds the vm-aot images of the aot/ tests (their fixture): for each
# NAME[:LEVEL], OUTDIR/NAME.img from PROGRAM-DIR/NAME at --opt-level LEVEL
# (default 0), rebuilt only when older than its program or vm-aot. Prints
# vm-aot's summary line per image; fails when any image cannot be built.
# usage: build_images.sh VM-AOT PROGRAM-DIR OUTDIR NAME[:LEVEL]...
set -u -o pipefail
aot=$1 dir=$2 out=$3
shift 3
mkdir -p "$out"
status=0
for spec in "$@"; do
    name=${spec%%:*} level=0
    [ "$name" = "$spec" ] || level=${spec#*:}
    prog=$dir/$name img=$out/$name.img
    if [ -e "$img" ] && [ "$img" -nt "$prog" ] && [ "$img" -nt "$aot" ]; then
        echo "build_images: $img is up to date"
        continue
    fi
    if ! "$aot" "$prog" -o "$img" --opt-level "$level"; then
        echo "build_images: vm-aot failed on $prog" >&2
        rm -f "$img"
        status=1
    fi
done
exit $status
