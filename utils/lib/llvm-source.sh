# Sourced by scripts that need part of the llvm-toolchain-22 source tree.
# shellcheck shell=bash

# llvm_source_part PATH DEST: DEST holds PATH of the source tree (e.g.
# llvm/utils/dtlto), extracted once from the cached orig tarball
# (utils/fetch-llvm-source.sh) and marked with DEST/.ok.
llvm_source_part() {
  local path=$1 dest=$2 tarball top
  [ -e "$dest/.ok" ] && return 0
  tarball=$(bash "$(dirname "${BASH_SOURCE[0]}")/../fetch-llvm-source.sh") || return 1
  top=$(basename "$tarball" | sed -E 's/\.orig\.tar\.[a-z]+$//')
  echo "llvm-source: extracting $path from $(basename "$tarball")" >&2
  rm -rf "$dest"
  mkdir -p "$dest"
  # Strip the top directory and every component of PATH.
  tar -xJf "$tarball" -C "$dest" \
    --strip-components=$(($(tr -cd / <<<"$path" | wc -c) + 2)) "$top/$path" &&
    touch "$dest/.ok"
}

# llvm_source_tree DEST PATH...: DEST holds every PATH of the source tree at
# its place in the tree (DEST/llvm/lib/Target/X86, DEST/llvm/tools/llc, ...),
# extracted in one pass over the cached orig tarball and marked with
# DEST/.ok. The caller names DEST after the list, so that another list gets
# another tree.
llvm_source_tree() {
  local dest=$1 tarball top
  shift
  [ -e "$dest/.ok" ] && return 0
  tarball=$(bash "$(dirname "${BASH_SOURCE[0]}")/../fetch-llvm-source.sh") || return 1
  top=$(basename "$tarball" | sed -E 's/\.orig\.tar\.[a-z]+$//')
  echo "llvm-source: extracting $* from $(basename "$tarball")" >&2
  rm -rf "$dest"
  mkdir -p "$dest"
  tar -xJf "$tarball" -C "$dest" --strip-components=1 "${@/#/$top/}" &&
    touch "$dest/.ok"
}
