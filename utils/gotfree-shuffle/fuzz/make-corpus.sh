#!/usr/bin/env bash
# make-corpus.sh OUT_DIR: seed corpus for the gotfree-shuffle fuzzer: the
# lit inputs of test/shuffle linked with --emit-relocs by ld.lld (static and
# static PIE) and GNU ld when present, one of them with room for the
# start-up map (--embed), hand-broken variants of those, and past failures
# (fuzz/regressions).
set -euo pipefail
out=$1
root=$(cd "$(dirname "$0")/../../.." && pwd)
bin=/usr/lib/llvm-22/bin
tests=$root/test/shuffle
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# An image that reserves room for the map, as utils/example does.
cat >"$tmp/map.s" <<'ASM'
  .section .data.gotfree_shuffle_map,"aw"
  .globl gotfree_shuffle_map
  .type gotfree_shuffle_map,@object
  .size gotfree_shuffle_map, 4096
gotfree_shuffle_map:
  .zero 4096
ASM
"$bin/llvm-mc" -filetype=obj -triple=x86_64 "$tmp/map.s" -o "$tmp/map.o"
for src in "$tests"/*.s "$tests"/Inputs/*.s; do
  name=$(basename "$src" .s)
  "$bin/llvm-mc" -filetype=obj -triple=x86_64 "$src" -o "$tmp/$name.o"
  "$bin/ld.lld" -static --emit-relocs "$tmp/$name.o" -o "$out/$name.exe"
  "$bin/ld.lld" -static -pie --no-dynamic-linker --emit-relocs \
    -z pack-relative-relocs "$tmp/$name.o" -o "$out/$name.pie"
  "$bin/ld.lld" -static -pie --no-dynamic-linker --emit-relocs \
    "$tmp/$name.o" "$tmp/map.o" -o "$out/$name.map.pie"
  if command -v ld.bfd >/dev/null; then
    ld.bfd -static -pie --no-dynamic-linker --emit-relocs "$tmp/$name.o" \
      -o "$out/$name.bfd.pie"
  fi
done
corrupt=$root/test/gotfree-check/Inputs/corrupt.py
for mode in truncated shnum-huge section-offset-huge rela-size-huge \
  rela-entsize rela-info rela-symbol rela-offset symtab-entsize \
  symbol-name symbol-shndx; do
  python3 "$corrupt" "$mode" "$out/basic.exe" "$out/broken-$mode.exe"
done
for mode in relr-huge dynamic-size rela-symbol; do
  python3 "$corrupt" "$mode" "$out/basic.pie" "$out/broken-$mode.pie"
done
# Inputs that once broke gotfree-shuffle.
cp "$root"/utils/gotfree-shuffle/fuzz/regressions/* "$out"/
