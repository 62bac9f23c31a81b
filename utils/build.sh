#!/usr/bin/env bash
# Configures and builds GotFree.so (and gotfree-check) into build/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GOTFREE_BUILD_DIR:-$root/build}
llvm=/usr/lib/llvm-22
if [ ! -f "$build/build.ninja" ]; then
  cmake -G Ninja -S "$root" -B "$build" \
    -DLLVM_DIR=$llvm/lib/cmake/llvm \
    -DCMAKE_C_COMPILER=$llvm/bin/clang -DCMAKE_CXX_COMPILER=$llvm/bin/clang++ \
    -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
ninja -C "$build" ${GOTFREE_NINJA_ARGS:-}
echo "build: $build/lib/GotFree.so"
