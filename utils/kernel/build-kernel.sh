#!/usr/bin/env bash
# Usage: build-kernel.sh LINUX NAME CONFIG PLUGIN [EXTRA_KCFLAGS]
#   LINUX   the kernel: 6.1, 6.12, or 6.12+objtool (6.12 with the objtool
#           patch series of utils/kernel/objtool-patches)
#   NAME    build directory name under $GOTFREE_CACHE/kernel/LINUX
#   CONFIG  configuration fragment in test/kernel/<6.1|6.12> (retpoline,
#           jumptables, ...), merged with test/kernel/base.config on top of
#           tinyconfig
#   PLUGIN  path of GotFree.so, or "none" for the baseline build
#   EXTRA_KCFLAGS  added to KCFLAGS (e.g. "-fpie" for PIE mode)
# Builds Linux with LLVM 22 out of tree, with KCFLAGS=-fplugin=PLUGIN and
# nothing per object (and, for an LTO configuration, ld.lld loading PLUGIN), fails on any fragment option missing from the final
# .config, and checks the log with check-build-log.sh (also when a cached
# build is reused). Reuses an earlier build only if its key (plugin,
# fragments, scripts, source version and patches, flags) matches.
# Prints the build directory as the last line.
set -euo pipefail
. "$(dirname "$0")/common.sh"

linux=$1
name=$2
config=$3
plugin=$4
extra=${5:-}
linux_version "$linux" >/dev/null
fragment_list=$(kernel_fragments "$linux" "$config")
mapfile -t fragments <<<"$fragment_list"

kcflags=$extra
if [ "$plugin" != none ]; then
  [ -f "$plugin" ] || { echo "build-kernel: error: no plugin at $plugin" >&2; exit 1; }
  kcflags="-fplugin=$plugin $extra"
fi

key=$({
  kernel_build_key "$linux" "$plugin" "${fragments[@]}"
  echo "kcflags $extra"
  # Only what shapes the build output; the log checks run on every use.
  cat "$GOTFREE_ROOT"/utils/kernel/common.sh "$GOTFREE_ROOT"/utils/kernel/build-kernel.sh
} | sha256sum | cut -d' ' -f1)

# GOTFREE_KERNEL_PRINT_KEY=1: print the cache key only (to inspect a cache).
if [ "${GOTFREE_KERNEL_PRINT_KEY:-0}" = 1 ]; then
  echo "$key"
  exit 0
fi

out=$KERNEL_CACHE/$linux/$name
if [ -f "$out/.gotfree-key" ] && [ "$(cat "$out/.gotfree-key")" = "$key" ] &&
   [ -f "$out/vmlinux" ] && [ -f "$out/arch/x86/boot/bzImage" ]; then
  echo "build-kernel: $name: reusing cached build (key ${key:0:12})" >&2
  bash "$GOTFREE_ROOT/utils/kernel/check-build-log.sh" "$out/build.log"
  echo "$out"
  exit 0
fi

src=$(kernel_source "$linux")
rm -rf "$out"
mkdir -p "$out"
log=$out/build.log
make_args=(-C "$src" O="$out" ARCH=x86_64 LLVM="$LLVM_BIN/")

echo "build-kernel: $linux/$name: configuring ($config, plugin=$plugin, extra='$extra')" >&2
configure_kernel "$src" "$out" "${fragments[@]}" ||
  { echo "build-kernel: error: $name: configuration failed" >&2; exit 1; }

# With Clang LTO, code generation happens when vmlinux.o is linked: ld.lld
# loads the plugin too (the options come with each module's flags).
if [ "$plugin" != none ] && grep -q '^CONFIG_LTO_CLANG=y' "$out/.config"; then
  make_args+=(LD="$LLVM_BIN/ld.lld --load-pass-plugin=$plugin")
fi

echo "build-kernel: $name: building (log $log)" >&2
start=$(date +%s)
rc=0
nice -n 10 make "${make_args[@]}" -j"${GOTFREE_KERNEL_JOBS:-2}" \
  KCFLAGS="$kcflags" vmlinux bzImage >"$log" 2>&1 || rc=$?
secs=$(($(date +%s) - start))
echo "$secs" >"$out/build-seconds"
echo "build-kernel: $name: make exited $rc after ${secs}s" >&2

if [ "$rc" -ne 0 ]; then
  grep -nE '(error|Error)[: ]' "$log" | head -20 >&2 || true
  echo "build-kernel: error: $name: make failed, see $log" >&2
  exit 1
fi
bash "$GOTFREE_ROOT/utils/kernel/check-build-log.sh" "$log"
echo "$key" >"$out/.gotfree-key"
echo "$out"
