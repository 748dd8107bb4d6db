#!/bin/sh
# qemu-riscv64 with the Debian riscv64 sysroot, for dynamically linked guests.
exec qemu-riscv64 -L /usr/riscv64-linux-gnu "$@"
