#!/usr/bin/env bash
# Builds ld.lld 22.1.8 with the gotfree patch series (lld-patches/*.patch)
# standalone against the installed LLVM 22 and prints the path of the patched
# ld.lld. The result is cached under $GOTFREE_CACHE/lld/<hash>, the hash being
# that of the series and of this script, so an unchanged series costs nothing.
#
# One build tree ($GOTFREE_CACHE/lld/work) is shared by all series: its
# sources are synced file by file from a freshly patched copy of the pristine
# source, so ninja rebuilds only what a changed patch touched.
#
# Environment: GOTFREE_CACHE, GOTFREE_LLD_JOBS (default 2).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
jobs=${GOTFREE_LLD_JOBS:-2}
llvm_dir=/usr/lib/llvm-22
version=22.1.8
log() { echo "build-lld: $*" >&2; }

shopt -s nullglob
patches=("$root"/lld-patches/*.patch)
shopt -u nullglob

hash=$({
  echo "$version"
  cat "${BASH_SOURCE[0]}"
  for p in "${patches[@]}"; do
    basename "$p"
    cat "$p"
  done
} | sha256sum | cut -c1-16)
out=$cache/lld/$hash
work=$cache/lld/work

# One build at a time: the work tree is shared.
mkdir -p "$cache/lld"
exec 9>"$cache/lld/.lock"
flock 9

# work/.hash names the series the work tree was last built from; the test stage
# runs lit in that tree, so it must match as well as the binary.
if [ -x "$out/bin/ld.lld" ] && [ "$(cat "$work/.hash" 2>/dev/null)" = "$hash" ]; then
  echo "$out/bin/ld.lld"
  exit 0
fi

# 1. The pristine subset of the llvm-project tree a standalone lld needs.
pristine=$cache/lld/src-$version
if [ ! -e "$pristine/.ok" ]; then
  tarball=$(bash "$root/utils/fetch-llvm-source.sh")
  log "extracting lld from $(basename "$tarball")"
  rm -rf "$pristine"
  mkdir -p "$pristine"
  top=$(basename "$tarball" | sed -E 's/\.orig\.tar\.[a-z]+$//')
  tar -xJf "$tarball" -C "$pristine" --strip-components=1 \
    "$top/lld" "$top/cmake" "$top/libunwind/include"
  # lld/MachO reaches libunwind through LLVM_MAIN_SRC_DIR/../, which needs an
  # llvm/ directory to exist. llvm/utils/lit is left out on purpose: with it,
  # lld's CMake wants llvm_gtest; the installed lit is used instead.
  mkdir -p "$pristine/llvm"
  touch "$pristine/.ok"
fi

# 2. A patched copy, then synced into the work tree by content.
stage=$cache/lld/stage
rm -rf "$stage"
cp -a "$pristine" "$stage"
rm -f "$stage/.ok"
for p in "${patches[@]}"; do
  log "applying $(basename "$p")"
  git -C "$stage" apply --whitespace=nowarn "$p" ||
    { log "patch $(basename "$p") does not apply"; exit 1; }
done
mkdir -p "$work/src"
python3 - "$stage" "$work/src" <<'PY'
# Copies only files whose content differs and removes files the new tree
# lacks, so unchanged files keep their mtimes and stay built.
import filecmp, os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
seen = set()
for dirpath, dirnames, filenames in os.walk(src):
    rel = os.path.relpath(dirpath, src)
    os.makedirs(os.path.join(dst, rel), exist_ok=True)
    for f in filenames:
        r = os.path.normpath(os.path.join(rel, f))
        seen.add(r)
        s, d = os.path.join(src, r), os.path.join(dst, r)
        if not os.path.exists(d) or not filecmp.cmp(s, d, shallow=False):
            shutil.copy2(s, d)
            os.utime(d)  # newer than any object built from the old content
for dirpath, dirnames, filenames in os.walk(dst):
    rel = os.path.relpath(dirpath, dst)
    for f in filenames:
        r = os.path.normpath(os.path.join(rel, f))
        if r not in seen:
            os.remove(os.path.join(dst, r))
PY
rm -rf "$stage"

# 3. Configure once, then build incrementally.
build=$work/build
if [ ! -e "$build/build.ninja" ]; then
  log "configuring in $build"
  mkdir -p "$build"
  cmake -G Ninja -S "$work/src/lld" -B "$build" \
    -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER="$llvm_dir/bin/clang" \
    -DCMAKE_CXX_COMPILER="$llvm_dir/bin/clang++" \
    -DLLVM_DIR="$llvm_dir/lib/cmake/llvm" \
    -DLLVM_INCLUDE_TESTS=ON \
    -DLLVM_EXTERNAL_LIT="$llvm_dir/bin/lit" \
    -DLLD_BUILD_TOOLS=ON >"$work/cmake.log" 2>&1 ||
    { tail -30 "$work/cmake.log" >&2; log "cmake failed"; exit 1; }
fi
log "building (ninja -j$jobs, log in $work/ninja.log)"
start=$(date +%s)
nice -n 10 ninja -C "$build" -j "$jobs" lld >"$work/ninja.log" 2>&1 ||
  { grep -E 'error|FAILED' "$work/ninja.log" | head -40 >&2; log "build failed"; exit 1; }
log "built in $(( $(date +%s) - start ))s"
# A standalone build only makes the driver symlinks at install time; lld's
# lit config looks for them next to lld.
for link in ld.lld ld64.lld lld-link wasm-ld; do
  ln -sf lld "$build/bin/$link"
done

# 4. Publish the binary under the series hash.
rm -rf "$out.tmp"
mkdir -p "$out.tmp/bin"
cp "$build/bin/lld" "$out.tmp/bin/lld"
ln -s lld "$out.tmp/bin/ld.lld"
for p in "${patches[@]}"; do cp "$p" "$out.tmp/"; done
rm -rf "$out"
mv "$out.tmp" "$out"
echo "$hash" > "$work/.hash"
echo "$out/bin/ld.lld"
