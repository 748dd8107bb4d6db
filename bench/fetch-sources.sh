#!/bin/sh
# Fetches the Debian source packages the bench builds into $1 (default build/bench/src),
# plus the host tools that unpack them (dpkg-dev) and generate SQLite's amalgamation (tcl).
#   fetch-sources.sh [DEST [PACKAGE...]]      (default packages: the bench's four)
# Idempotent: a package already unpacked is not fetched again. A package no version of
# which downloads is left out with its reason in DEST/.PACKAGE.missing (run.py then skips
# the programs built from it); the others are still fetched.
set -eu
DEST=${1:-build/bench/src}
[ $# -gt 0 ] && shift
PACKAGES=${*:-bzip2 zlib lua5.4 sqlite3}
SRC_LIST=/etc/apt/sources.list.d/debian-src.sources
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

need=""
for p in $PACKAGES; do
    [ -f "$DEST/.$p.fetched" ] || need="$need $p"
done

tools=""
command -v dpkg-source >/dev/null || tools="$tools dpkg-dev"
command -v tclsh >/dev/null || tools="$tools tcl"
[ -z "$need" ] && [ -z "$tools" ] && exit 0

# apt-get source needs deb-src entries: mirror every deb stanza of debian.sources.
if [ -n "$need" ] && [ ! -f "$SRC_LIST" ]; then
    [ -f /etc/apt/sources.list.d/debian.sources ] || {
        echo "fetch-sources: no /etc/apt/sources.list.d/debian.sources to mirror" >&2; exit 1; }
    sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee "$SRC_LIST" >/dev/null
    $SUDO apt-get update -qq
fi
if [ -n "$tools" ]; then
    echo "fetch-sources: installing$tools"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $tools >/dev/null
fi

mkdir -p "$DEST"
DEST=$(cd "$DEST" && pwd)
for p in $need; do
    echo "fetch-sources: apt-get source $p"
    # The sandbox user _apt cannot write into DEST; downloading as the caller is intended.
    # The newest version may be listed by a mirror that does not hold its
    # files (seen: a security update listed, its files 404): try every
    # version apt knows, newest first, until one downloads.
    got=""
    for v in "" $(apt-cache showsrc "$p" 2>/dev/null | sed -n 's/^Version: //p' | sort -ruV); do
        spec=$p${v:+=$v}
        if (cd "$DEST" && apt-get source -qq -o APT::Sandbox::User="$(id -un)" \
                "$spec" >/dev/null 2>"$DEST/.$p.err"); then
            got=$spec
            break
        fi
        echo "fetch-sources: $spec: $(grep -m1 '^E:' "$DEST/.$p.err" || echo failed)"
    done
    if [ -z "$got" ]; then
        why=$(grep -m1 '^E:' "$DEST/.$p.err" || echo "no version of it downloads")
        echo "$why" >"$DEST/.$p.missing"
        echo "fetch-sources: cannot fetch $p, its programs are skipped: $why" >&2
    else
        rm -f "$DEST/.$p.missing"
        touch "$DEST/.$p.fetched"
    fi
    rm -f "$DEST/.$p.err"
done
