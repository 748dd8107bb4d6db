#!/usr/bin/env bash
# Installs the Debian 12 packages vm needs to build and test, when missing.
set -euo pipefail
packages=(
  cmake make gcc g++ pkg-config python3
  clang-19 libclang-rt-19-dev  # libFuzzer and its sanitizers (test/fuzz)
  llvm-19-dev libzydis-dev libelf-dev libcriterion-dev
  lld-19  # vm-aot links its images with ld.lld-19
  gcc-riscv64-linux-gnu g++-riscv64-linux-gnu binutils-riscv64-linux-gnu
  gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu
  qemu-user gdb-multiarch
  libfdt-dev opensbi qemu-system-misc u-boot-qemu
  libslirp-dev  # user networking behind vm-run --system -netdev user
  dpkg-dev  # dpkg-shlibdeps (make package), dpkg-source (busybox's source)
  # the Linux guest of the system/linux-* tests (test/system/linux)
  linux-source-6.1 flex bison bc xz-utils
  e2fsprogs  # mke2fs -d, debugfs and e2fsck of system/linux-virtio-blk
)
# busybox for that guest is built from Debian's source package (apt-get
# source, as any user), which needs a deb-src entry.
deb_src=/etc/apt/sources.list.d/vm-deb-src.sources
need_update=0
if ! grep -rqsE '^(deb-src|Types:.*deb-src)' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  echo "adding $deb_src (Debian 12 source packages)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' \
    'Suites: bookworm bookworm-updates' 'Components: main' \
    'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
    $sudo tee "$deb_src" >/dev/null
  need_update=1
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
    || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && [ $need_update -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
[ ${#missing[@]} -eq 0 ] && exit 0
echo "installing: ${missing[*]}"
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
