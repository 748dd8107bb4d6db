# guest_lib.sh — what the build_*.sh scripts share (sourced, not run):
# the tool check, and the input hashes that decide whether a part of the
# guest is rebuilt.
cross=riscv64-linux-gnu-
jobs=2
here=$(cd "$(dirname "$0")" && pwd)
tarball=/usr/src/linux-source-6.1.tar.xz

need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null ||
            { echo "FAIL: $tool missing (run scripts/install-deps.sh)"; exit 1; }
    done
}
# hash FILE...: the inputs' contents and the running script's, as one word.
hash() {
    cat "$0" "$@" | sha256sum | cut -d' ' -f1
}
# fresh NAME HASH: was OUT/NAME built from these inputs?
fresh() {
    [ -f "$out/$1.stamp" ] && [ "$(cat "$out/$1.stamp")" = "$2" ]
}
elapsed() {
    echo "build_guest: $1 built in $(( $(date +%s) - $2 )) s"
}
# check_config FRAGMENT CONFIG WHAT: every option of the fragment stuck (a
# typo or a missing dependency would otherwise build a guest that fails
# in a puzzling way).
check_config() {
    grep '^CONFIG_' "$1" | while IFS= read -r line; do
        case $line in
        *=n) ! grep -q "^${line%=n}=[ym]" "$2" ;;
        *) grep -qxF "$line" "$2" ;;
        esac || { echo "FAIL: $3 config: $line did not stick"; exit 1; }
    done
}
