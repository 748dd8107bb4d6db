#!/bin/bash
# Debian's own x86-64 programs under vm-run, compared with native runs:
# find (fchdir, -execdir, -delete, -L, -prune, -newer), tar (create, list,
# extract), cp --reflink=auto -a, df and stat -f (statfs), a shell
# pipeline, and python3 (os.walk, json, hashlib, statvfs). Each command
# runs natively and under vm-run in its own copy of the same tree; stdout,
# stderr and the exit status must match.
#
#   debian_tools_test.sh VM_RUN [VM-RUN OPTIONS...]
#
# Exit 0 when every command matches, 1 otherwise (each mismatch shown).
set -u
vm=$(realpath "${1:?usage: debian_tools_test.sh VM_RUN [OPTIONS...]}")
shift
opts=("$@")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_tree() {
    mkdir -p "$1/tree/a/b" "$1/tree/empty"
    head -c 100 /dev/zero | tr '\0' 'x' > "$1/tree/a/one.txt"
    seq 1 2000 > "$1/tree/a/b/two.txt"
    printf 'top\n' > "$1/tree/top.txt"
    ln -s a/one.txt "$1/tree/link"
    touch -d '2020-01-01 00:00:00' "$1/tree/a/one.txt" "$1/tree/top.txt"
    touch -d '2021-01-01 00:00:00' "$1/tree/a/b/two.txt"
}

python_snippet='
import hashlib, json, os
walk = sorted((d, sorted(ds), sorted(fs)) for d, ds, fs in os.walk("tree"))
print(json.dumps(walk))
print(hashlib.sha256(open("tree/a/b/two.txt", "rb").read()).hexdigest())
print(os.statvfs(".").f_bsize > 0, os.path.islink("tree/link"))
'

commands=(
    "find tree -printf '%p %y %l\n'"
    "find tree -type f -printf '%p %s\n'"
    "find tree -newer tree/a/one.txt -type f"
    "find tree -type d -empty"
    "find -L tree -type f -name '*.txt'"
    "find tree -path '*/b' -prune -o -print"
    "find tree -mindepth 1 -execdir echo '{}' ';'"
    "find tree -name '*.txt' -exec wc -c '{}' +"
    "cp --reflink=auto -a tree copy && find copy -printf '%p %y %m\n' && find copy -depth -delete && test ! -e copy && echo deleted"
    "tar --sort=name -cf t.tar tree && tar -tf t.tar && mkdir x && tar -xf t.tar -C x && cmp tree/a/b/two.txt x/tree/a/b/two.txt && echo extracted"
    "df --output=fstype . | tail -1; stat -f -c '%T %n' .; stat -c '%F %s' tree/top.txt"
    "cd tree && find . -type f | sort | xargs cat | wc -c"
    "/usr/bin/python3 -c '$python_snippet'"
)

fail=0
for i in "${!commands[@]}"; do
    cmd=${commands[$i]}
    for side in native vm; do
        dir=$work/$side-$i
        mkdir -p "$dir"
        make_tree "$dir"
        if [ $side = native ]; then
            (cd "$dir" && LC_ALL=C /bin/sh -c "$cmd") > "$dir.out" 2>&1
        else
            # The shell runs under vm-run too; the programs it starts are
            # x86-64 ELFs, which vm-run runs again with the same options.
            (cd "$dir" && LC_ALL=C "$vm" "${opts[@]}" /bin/sh -c "$cmd") > "$dir.out" 2>&1
        fi
        echo "status $?" >> "$dir.out"
    done
    # find and tar list directories in readdir order: compare sorted.
    if diff <(sort "$work/native-$i.out") <(sort "$work/vm-$i.out") > "$work/diff" ; then
        echo "PASS $cmd"
    else
        echo "FAIL $cmd"
        sed 's/^/    /' "$work/diff"
        fail=1
    fi
done
exit $fail
