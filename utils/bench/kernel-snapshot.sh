#!/usr/bin/env bash
# Usage: kernel-snapshot.sh DEST NAME...
# Copies what kernel-sizes.sh and abs-census.py read from the cached kernel
# build NAME ($GOTFREE_CACHE/kernel/NAME): the objects linked into vmlinux,
# vmlinux.a, lib/lib.a, vmlinux, vmlinux.relocs and the build key, so that a
# benchmark is not disturbed by a rebuild of the shared cache.
set -euo pipefail
dest=$1
shift
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}/kernel
ar=/usr/lib/llvm-22/bin/llvm-ar
for name in "$@"; do
  src=$cache/$name
  [ -f "$src/vmlinux" ] || { echo "kernel-snapshot: $name: no finished build in $src" >&2; exit 1; }
  mkdir -p "$dest/$name"
  (cd "$src" && { "$ar" t vmlinux.a; [ -f lib/lib.a ] && "$ar" t lib/lib.a; } |
    grep '\.o$' | sort -u |
    { cat; echo vmlinux.a; echo vmlinux; echo .gotfree-key; [ -f lib/lib.a ] && echo lib/lib.a;
      echo arch/x86/boot/compressed/vmlinux.relocs; } |
    xargs cp -p --parents -t "$dest/$name")
  echo "kernel-snapshot: $name -> $dest/$name" >&2
done
