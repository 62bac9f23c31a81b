#!/usr/bin/env bash
# Usage: codegen-sweep.sh [--sample N] [--jobs J] [BUILD_DIR] OUT
# Runs LLVM 22's own llvm/test/CodeGen/X86 inputs through llc with GotFree.so
# in rewrite and PIE mode (and without it, to set LLVM's own failures
# apart) and classifies every file: ok, crash, verifier failure, gotfree
# diagnostic, leftover GOT/absolute relocation (utils/codegen-sweep/sweep.py
# says how). The inputs come from the llvm-toolchain-22 source
# (utils/fetch-llvm-source.sh), extracted once into the cache. Exits non-zero
# on a crash, a verifier failure, a leftover relocation or a diagnostic that
# utils/codegen-sweep/expected-diagnostics.txt does not list.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
version=${GOTFREE_LLVM_VERSION:-22.1.8}
sweep_args=()
while [ $# -gt 0 ]; do
  case $1 in
  --sample | --jobs) sweep_args+=("$1" "$2"); shift 2 ;;
  -*) echo "codegen-sweep: unknown option '$1'" >&2; exit 2 ;;
  *) break ;;
  esac
done
case $# in
1) build=$root/build; out=$1 ;;
2) build=$1; out=$2 ;;
*) echo "usage: codegen-sweep.sh [--sample N] [--jobs J] [BUILD_DIR] OUT" >&2; exit 2 ;;
esac

. "$root/utils/lib/llvm-source.sh"
. "$root/utils/lib/object-relocs.sh"
tests=$cache/llvm-src/codegen-x86-$version
llvm_source_part llvm/test/CodeGen/X86 "$tests"
# One consistent plugin even if the build is redone during a long sweep.
plugin=$(snapshot_plugin "$build/lib/GotFree.so" "$out/plugin")
exec python3 "$root/utils/codegen-sweep/sweep.py" \
  --plugin "$plugin" --check "$(gotfree_check_for "$plugin")" \
  --expected "$root/utils/codegen-sweep/expected-diagnostics.txt" \
  "${sweep_args[@]}" "$tests" "$out"
