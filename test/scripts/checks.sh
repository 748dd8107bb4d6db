# checks.sh — the PASS/FAIL lines and counts the script tests share
# (sourced; the script prints its summary from $pass and $fail).
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
ko() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { # NAME COMMAND...
  local name=$1
  shift
  if "$@"; then ok "$name"; else ko "$name"; fi
}
