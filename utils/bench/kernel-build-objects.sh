#!/usr/bin/env bash
# Usage: kernel-build-objects.sh NAME PLUGIN KCFLAGS [FRAGMENT [LINUX]]
# Builds the objects of the benchmark kernel (tinyconfig + test/kernel/
# base.config + <LINUX>/FRAGMENT.config: retpoline, the default and the same
# configuration as the kernel test stage's base-retpoline tree, or
# jumptables, with retpolines off) with KCFLAGS, for code-size figures only:
# `make -k vmlinux`, so every object that compiles is built even when others
# or the final link fail. The objects that failed to compile are listed in
# NAME/failed-objects.txt, the link result in NAME/link-status. Stock PIE
# code is not bootable (per-CPU references become RIP-relative); what is
# measured is the size of what the compiler emits.
#   NAME     directory under $GOTFREE_CACHE/bench/kernel
#   PLUGIN   GotFree.so, or "none"
#   KCFLAGS  e.g. "-fpie -mcmodel=small"; the string HIDDEN_H is replaced by
#            the path of a header holding `#pragma GCC visibility push(hidden)`
#   LINUX    6.1 (the default), 6.12, 6.12+objtool or 7.3+pie
#            (utils/kernel/common.sh)
# Reuses an earlier build when its key (flags, plugin, fragments, clang, this
# script) matches. Prints the build directory as the last line.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../kernel/common.sh"
name=$1
plugin=$2
flags=$3
fragment=${4:-retpoline}
linux=${5:-6.1}
linux_version "$linux" >/dev/null
out=$GOTFREE_CACHE/bench/kernel/$name
fragment_list=$(kernel_fragments "$linux" "$fragment")
mapfile -t fragments <<<"$fragment_list"

hidden=$GOTFREE_CACHE/bench/kernel/hidden.h
mkdir -p "$(dirname "$hidden")"
printf '#pragma GCC visibility push(hidden)\n' >"$hidden"
kcflags=${flags//HIDDEN_H/$hidden}
if [ "$plugin" != none ]; then
  [ -f "$plugin" ] || { echo "kernel-build-objects: error: no plugin at $plugin" >&2; exit 1; }
  kcflags="-fplugin=$plugin $kcflags"
fi

key=$({
  kernel_build_key "$linux" "$plugin" "${fragments[@]}"
  echo "flags $flags"
  cat "$0" "$here/../kernel/common.sh"
} | sha256sum | cut -d' ' -f1)
if [ -f "$out/.gotfree-key" ] && [ "$(cat "$out/.gotfree-key")" = "$key" ]; then
  echo "kernel-build-objects: $name: reusing cached build (key ${key:0:12})" >&2
  echo "$out"
  exit 0
fi

src=$(kernel_source "$linux")
rm -rf "$out"
mkdir -p "$out"
configure_kernel "$(kernel_ld "$linux")" "$src" "$out" "${fragments[@]}" ||
  { echo "kernel-build-objects: error: $name: configuration failed" >&2; exit 1; }

echo "kernel-build-objects: $name: building with KCFLAGS='$kcflags'" >&2
start=$(date +%s)
rc=0
nice -n 10 make -C "$src" O="$out" ARCH=x86_64 LLVM="$LLVM_BIN/" LD="$(kernel_ld "$linux")" \
  -k -j"${GOTFREE_KERNEL_JOBS:-2}" KCFLAGS="$kcflags" vmlinux >"$out/build.log" 2>&1 || rc=$?
echo "kernel-build-objects: $name: make exited $rc after $(($(date +%s) - start))s" >&2
grep -oE "Makefile.build:[0-9]+: [^ ]+\.o\] Error" "$out/build.log" |
  sed -E 's/^[^ ]+ //; s/\] Error$//' | sort -u >"$out/failed-objects.txt" || true
if [ "$rc" -eq 0 ]; then
  echo linked >"$out/link-status"
elif [ ! -s "$out/failed-objects.txt" ] && grep -q 'ld.lld: error:' "$out/build.log"; then
  grep -m1 'ld.lld: error:' "$out/build.log" >"$out/link-status"
else
  echo "not linked: objects failed to compile" >"$out/link-status"
fi
echo "kernel-build-objects: $name: $(wc -l <"$out/failed-objects.txt") objects failed to compile; link: $(cat "$out/link-status")" >&2
if [ -z "$(find "$out" -name '*.o' -newer "$out/config.log" -print -quit)" ]; then
  tail -20 "$out/build.log" >&2
  echo "kernel-build-objects: error: $name: nothing was built, see $out/build.log" >&2
  exit 1
fi
echo "$key" >"$out/.gotfree-key"
echo "$out"
