#!/bin/sh
# qemu-aarch64 with the Debian arm64 sysroot, for dynamically linked guests.
exec qemu-aarch64 -L /usr/aarch64-linux-gnu "$@"
