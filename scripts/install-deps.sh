#!/usr/bin/env bash
# Installs the Debian 12 packages vm needs to build and test, when missing.
set -euo pipefail
packages=(
  cmake make gcc g++ pkg-config python3
  llvm-19-dev libzydis-dev libelf-dev libcriterion-dev
  gcc-riscv64-linux-gnu g++-riscv64-linux-gnu binutils-riscv64-linux-gnu
  qemu-user gdb-multiarch
  libfdt-dev opensbi qemu-system-misc u-boot-qemu
  dpkg-dev  # dpkg-shlibdeps: the Debian package's Depends (make package)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
