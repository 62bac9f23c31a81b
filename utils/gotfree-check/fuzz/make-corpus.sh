#!/usr/bin/env bash
# make-corpus.sh OUT_DIR: seed corpus for the gotfree-check fuzzer: the lit
# test inputs assembled and linked with ld.lld (and GNU ld when present),
# plus the hand-broken variants of bad-input.test.
set -euo pipefail
out=$1
root=$(cd "$(dirname "$0")/../../.." && pwd)
bin=/usr/lib/llvm-22/bin
tests=$root/test/gotfree-check
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for src in "$tests"/*.s "$tests"/Inputs/*.s; do
  name=$(basename "$src" .s)
  "$bin/llvm-mc" -filetype=obj -triple=x86_64 "$src" -o "$tmp/$name.o" \
    2>/dev/null || continue
  cp "$tmp/$name.o" "$out/$name.o"
  "$bin/ld.lld" -pie --emit-relocs -z notext -z pack-relative-relocs \
    "$tmp/$name.o" -o "$out/$name.lld.pie" 2>/dev/null || true
  "$bin/ld.lld" -static --emit-relocs "$tmp/$name.o" \
    -o "$out/$name.lld.exe" 2>/dev/null || true
  if command -v ld.bfd >/dev/null; then
    ld.bfd -pie --emit-relocs "$tmp/$name.o" -o "$out/$name.bfd.pie" \
      2>/dev/null || true
  fi
done
for mode in truncated shnum-huge section-offset-huge rela-size-huge \
  rela-entsize rela-info rela-symbol rela-offset symtab-entsize \
  symbol-name symbol-shndx; do
  python3 "$tests/Inputs/corrupt.py" "$mode" "$out/got-uses.o" \
    "$out/broken-$mode.o"
done
for mode in relr-huge dynamic-size rela-symbol; do
  python3 "$tests/Inputs/corrupt.py" "$mode" "$out/got-uses.lld.pie" \
    "$out/broken-$mode.pie"
done
# Inputs that once crashed gotfree-check.
cp "$root"/utils/gotfree-check/fuzz/regressions/* "$out"/
