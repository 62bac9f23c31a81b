#!/usr/bin/env bash
# Installs the Debian packages gotfree builds and tests with. Idempotent: it
# only calls apt-get when a package is missing.
set -euo pipefail

packages=(
  llvm-22-dev llvm-22-tools clang-22 libclang-22-dev lld-22 liblld-22-dev
  libclang-rt-22-dev clang-format-22
  cmake ninja-build make python3 binutils file libc6-dev git xz-utils tcl
  valgrind bc
  csmith libcsmith-dev
)
if [ "${GOTFREE_WANT_KERNEL:-0}" = 1 ]; then
  packages+=(qemu-system-x86 bc bison flex libelf-dev libssl-dev cpio dpkg-dev patch)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
