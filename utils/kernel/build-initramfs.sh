#!/usr/bin/env bash
# Usage: build-initramfs.sh OUT.cpio
# Compiles test/kernel/init.c into a static, libc-free /init and packs it into
# a newc cpio archive. /dev/console comes from the kernel's built-in default
# initramfs, which the external one is unpacked on top of.
set -euo pipefail
. "$(dirname "$0")/common.sh"
out=$1
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
"$LLVM_BIN/clang" -target x86_64-linux-gnu -O2 -ffreestanding -fno-pie \
  -fno-stack-protector -mgeneral-regs-only -static -nostdlib -fuse-ld=lld \
  -Wall -Werror -o "$stage/init" "$GOTFREE_ROOT/test/kernel/init.c"
(cd "$stage" && echo init | cpio -o -H newc -R 0:0 --quiet) >"$out"
echo "$out"
