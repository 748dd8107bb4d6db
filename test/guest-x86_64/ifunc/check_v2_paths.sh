#!/bin/sh
# glibc takes its SSE4.2 paths under vm-run: strcspn, strspn and strpbrk
# have an SSE4.2 variant (pcmpistri) and a generic one, no AVX one, so
#  1. under vm-run they resolve where they do natively (the host has
#     SSE4.2: the test machine must, as the helpers use it), and
#  2. hiding SSE4.2 from glibc (GLIBC_TUNABLES=glibc.cpu.hwcaps=-SSE4_2)
#     moves them, so (1) is not the generic variant by accident.
# usage: check_v2_paths.sh VM-RUN PROGRAM
set -eu
vm=$1 prog=$2
native=$("$prog")
guest=$("$vm" "$prog")
masked=$("$vm" -E GLIBC_TUNABLES=glibc.cpu.hwcaps=-SSE4_2 "$prog")
status=0
if [ "$guest" != "$native" ]; then
  echo "FAIL: under vm-run the IFUNCs resolve elsewhere than natively"
  status=1
fi
if [ "$masked" = "$guest" ]; then
  echo "FAIL: hiding SSE4.2 from glibc changes nothing: not its SSE4.2 paths"
  status=1
fi
printf 'native:\n%s\nvm-run:\n%s\nvm-run, SSE4.2 hidden:\n%s\n' "$native" "$guest" "$masked"
exit $status
