#!/usr/bin/env bash
# -d, -D and -dfilter: each log item present and well-formed on small
# guests (hello for the translation items, a program of our own that
# maps memory, takes a signal and faults for int and page), -dfilter
# keeping only the pcs asked for, bad items refused with one line and
# status 125, the guest's own output untouched.
#   usage: log_test.sh VM-RUN GUEST-DIR X86-GUEST-DIR
set -u
vm=$(realpath "$1")
guests=$2
xguests=$3
hello=$guests/hello
xhello=$xguests/static/hello
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
. "$(dirname "$0")/checks.sh"
# has NAME FILE ERE: some line of FILE matches.
has() {
  if grep -Eq -- "$3" "$2"; then ok "$1"; else ko "$1: no line /$3/ in $2"; fi
}
hasnt() {
  if grep -Eq -- "$3" "$2"; then ko "$1: line /$3/ in $2"; else ok "$1"; fi
}

# ---- in_asm, op, out_asm on the riscv64 hello (tier 1) ----
"$vm" --mode tier1 -d in_asm,op,out_asm -D "$work/t1.log" "$hello" \
  >"$work/out" 2>"$work/err"
check "tier1 run exits 0 with its output" grep -q "Hello from a riscv64 guest" "$work/out"
check "nothing on stderr with -D" test ! -s "$work/err"
# main's first instruction as objdump spells it (mnemonic, operands).
first=$(riscv64-linux-gnu-objdump -d -M no-aliases "$hello" |
  awk -F'\t' '/<main>:/ {getline; print $3 "\t" $4; exit}')
addr=$(riscv64-linux-gnu-nm "$hello" | awk '$3 == "main" {print $1}')
check "objdump names main's first instruction" test -n "$first"
if grep -A1 -x "IN: main" "$work/t1.log" | grep -qF -- "$first"; then
  ok "in_asm: main's first instruction as objdump spells it ($first)"
else
  ko "in_asm: no '$first' after 'IN: main'"
fi
has "in_asm: lines are 'pc:  encoding  text'" "$work/t1.log" \
  "^0x0*${addr#"${addr%%[!0]*}"}:  [0-9a-f]{4,8} +[a-z]"
has "op: main's IR block" "$work/t1.log" "^block 0x${addr#"${addr%%[!0]*}"} \([0-9]+ guest insns"
has "op: IR ops by name" "$work/t1.log" "^  t[0-9]+ = GET\.8 #0x"
has "op: a block exit" "$work/t1.log" "^  EXIT_[A-Z]+"
has "out_asm: main's tier-1 block" "$work/t1.log" "^OUT: \[tier1\] main \(guest 0x${addr#"${addr%%[!0]*}"}, [0-9]+ bytes\)$"
has "out_asm: host instructions" "$work/t1.log" "^0x0000[0-9a-f]{12}:  (mov|cmp|jmp|jnz|add) "

# ---- x86-64 guest: Zydis' text of main's first instruction ----
"$vm" --mode tier1 -d in_asm -D "$work/x.log" "$xhello" >/dev/null 2>&1
xaddr=$(nm "$xhello" | awk '$3 == "main" {print $1}')
xbytes=$(objdump -d "$xhello" --start-address=0x$xaddr |
  awk -F'\t' '/^ *[0-9a-f]+:\t/ {print $2; exit}' | sed 's/ *$//')
if grep -A1 -x "IN: main" "$work/x.log" | grep -qF -- "$xbytes"; then
  ok "in_asm (x86-64): main's first instruction's bytes ($xbytes)"
else
  ko "in_asm (x86-64): no '$xbytes' after 'IN: main'"
fi

# ---- -dfilter: only main's pcs ----
size=$(riscv64-linux-gnu-nm -S "$hello" | awk '$4 == "main" {print $2}')
"$vm" --mode tier1 -d in_asm,op,out_asm,exec -dfilter "0x$addr+0x$size" \
  -D "$work/f.log" "$hello" >/dev/null 2>&1
check "dfilter: blocks logged" grep -q "^IN: main" "$work/f.log"
hasnt "dfilter: no block outside main" "$work/f.log" "^(IN|OP|OUT: \[tier1\]) (_start|__libc|[^m])"
hasnt "dfilter: no exec line outside main" "$work/f.log" "^Trace [0-9]+: \[tier1\] 0x[0-9a-f]+ [^m]"
"$vm" --mode tier1 -d in_asm -dfilter "0x1..0x2" -D "$work/f2.log" "$hello" >/dev/null 2>&1
check "dfilter: a range with no code logs nothing" test ! -s "$work/f2.log"

# ---- exec and nochain: with chaining off tier 1 sees every block ----
"$vm" --mode interp -d exec -D "$work/ei.log" "$hello" >/dev/null 2>&1
"$vm" --mode tier1 -d exec,nochain -D "$work/en.log" "$hello" >/dev/null 2>&1
"$vm" --mode tier1 -d exec -D "$work/ec.log" "$hello" >/dev/null 2>&1
ni=$(grep -c "^Trace " "$work/ei.log")
nn=$(grep -c "^Trace " "$work/en.log")
nc=$(grep -c "^Trace " "$work/ec.log")
check "exec: interp and tier1+nochain see the same blocks ($ni, $nn)" test "$ni" -eq "$nn" -a "$ni" -gt 1000
check "exec: chaining hides blocks ($nc < $nn)" test "$nc" -lt "$nn"
has "exec: line names the function" "$work/ei.log" "^Trace [0-9]+: \[interp\] 0x0*${addr#"${addr%%[!0]*}"} main$"

# ---- cpu, int, page, strace on a program of our own ----
cat >"$work/prog.c" <<'EOF'
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>
static void on_usr1(int sig) { (void)sig; }
int main(void)
{

    char *p = mmap(0, 8192, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    mprotect(p, 4096, PROT_READ);
    signal(SIGUSR1, on_usr1);
    raise(SIGUSR1);
    write(1, "ok\n", 3);
    *(volatile int *)16 = 1; /* dies by SIGSEGV */
    return 0;
}
EOF
riscv64-linux-gnu-gcc -O1 -static -o "$work/prog" "$work/prog.c"
"$vm" --mode tier1 -d cpu,int,page,strace -D "$work/p.log" "$work/prog" \
  >"$work/pout" 2>"$work/perr"
status=$?
check "the program dies by SIGSEGV (status $status)" test "$status" -eq 139
check "its own output untouched" grep -qx ok "$work/pout"
has "cpu: pc and the integer registers" "$work/p.log" "^pc   [0-9a-f]{16}$"
has "cpu: sp" "$work/p.log" "  sp   [0-9a-f]{16}  "
has "int: the signal to its handler" "$work/p.log" "^signal to handler: thread [0-9]+ SIGUSR1 "
has "int: the fault and its address" "$work/p.log" "^fault: thread [0-9]+ SIGSEGV \(si_code 1\) at pc 0x[0-9a-f]+ address 0x10$"
has "page: the map at start" "$work/p.log" "^page: guest memory map after start"
has "page: the program's text in the map" "$work/p.log" "^00010000-[0-9a-f]+ r-xp .*/prog$"
has "page: after mmap" "$work/p.log" "^page: guest memory map after mmap"
has "page: after mprotect" "$work/p.log" "^page: guest memory map after mprotect"
has "strace: into the -D file" "$work/p.log" '^[0-9]+ write\(1,"ok\\n",3\) = 3$'
hasnt "strace: not on stderr" "$work/perr" "write\("

# ---- tier 2 (--mode llvm compiles every block; few in asm_nolibc) ----
sa=$(riscv64-linux-gnu-nm "$guests/asm_nolibc" | awk '$3 == "_start" {print $1}')
"$vm" --mode llvm -d out_asm -D "$work/t2.log" "$guests/asm_nolibc" \
  >/dev/null 2>&1
has "out_asm: a tier-2 region of _start with its size" "$work/t2.log" \
  "^OUT: \[tier2\] _start \(guest 0x${sa#"${sa%%[!0]*}"}, [1-9][0-9]* bytes\)$"
has "out_asm: an assembly label names its block" "$work/t2.log" \
  "^OUT: \[tier2\] string_length(\+0x[0-9a-f]+)? \(guest"
has "out_asm: tier-2 host instructions" "$work/t2.log" "^0x[0-9a-f]+:  (push|mov|cmp|add|lea) "

# ---- bad input: one line, status 125 ----
bad() { # NAME ARGS...: status 125, one line on stderr, nothing run
  local name=$1
  shift
  "$vm" "$@" "$hello" >"$work/bout" 2>"$work/berr"
  local s=$?
  if [ "$s" -eq 125 ] && [ "$(wc -l <"$work/berr")" -eq 1 ] &&
    [ ! -s "$work/bout" ]; then
    ok "$name refused: $(cat "$work/berr")"
  else
    ko "$name: status $s, stderr:"
    sed 's/^/    /' "$work/berr"
  fi
}
bad "-d unknown item" -d in_asm,bogus
bad "-d empty item" -d in_asm,
bad "-d without items" -d
bad "-dfilter garbage" -dfilter 0x10..zz
bad "-dfilter reversed range" -dfilter 0x20..0x10
bad "-D in a missing directory" -D "$work/no/such/file" -d in_asm
"$vm" -d help >"$work/help"
check "-d help exits 0" test $? -eq 0
check "-d help lists every item" test "$(grep -cE '^  (in_asm|op|out_asm|exec|nochain|cpu|int|page|strace) ' "$work/help")" -eq 9

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
