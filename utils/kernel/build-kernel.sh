#!/usr/bin/env bash
# Usage: build-kernel.sh LINUX NAME CONFIG PLUGIN [EXTRA_KCFLAGS]
#   LINUX   the kernel: 6.1, 6.12 or 7.3, with "+objtool" (the objtool
#           series of utils/kernel/objtool-patches/<version>) or "+pie"
#           (that series and the PIE-link series of pie-patches/<version>,
#           linked by the patched ld.lld); see utils/kernel/common.sh
#   NAME    build directory name under $GOTFREE_CACHE/kernel/LINUX
#   CONFIG  configuration fragment in test/kernel/<version> (retpoline,
#           jumptables, ...), merged with test/kernel/base.config on top of
#           tinyconfig; "NAME+pie" adds the series' pie.config
#   PLUGIN  path of GotFree.so, or "none" for the baseline build
#   EXTRA_KCFLAGS  added to KCFLAGS (e.g. "-fpie" for PIE mode)
# Builds Linux with LLVM 22 out of tree, with KCFLAGS=-fplugin=PLUGIN and
# nothing per object (and, for an LTO configuration, ld.lld loading
# PLUGIN), fails on any fragment option missing from the final .config, and
# checks the log with check-build-log.sh (also when a cached build is
# reused). Reuses an earlier build only if its key (plugin, fragments,
# scripts, source version and patches, flags) matches.
# Environment:
#   GOTFREE_KERNEL_FROM=NAME  start from a copy of build NAME of the same
#     kernel, built with the same plugin and flags and a subset of the
#     fragments: Kbuild then rebuilds only what the added options change (a
#     PIE link of a kernel already built, say).
#   GOTFREE_KERNEL_EXPECT_FAILURE=1  the build is a negative control: a
#     failure is remembered with the key, and the same key fails again
#     without rebuilding (exit 1, the log in NAME/build.log).
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

from=${GOTFREE_KERNEL_FROM:-}
if [ -n "$from" ]; then
  from_dir=$KERNEL_CACHE/$linux/$from
  [ -f "$from_dir/.gotfree-key" ] ||
    { echo "build-kernel: error: $name starts from $linux/$from, which is not built" >&2; exit 1; }
fi

key=$({
  kernel_build_key "$linux" "$plugin" "${fragments[@]}"
  echo "kcflags $extra"
  [ -z "$from" ] || echo "from $from $(cat "$from_dir/.gotfree-key")"
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

if [ "${GOTFREE_KERNEL_EXPECT_FAILURE:-0}" = 1 ] && [ -f "$out/.gotfree-failed-key" ] &&
   [ "$(cat "$out/.gotfree-failed-key")" = "$key" ]; then
  echo "build-kernel: $name: reusing cached failed build (key ${key:0:12}), log $out/build.log" >&2
  exit 1
fi

src=$(kernel_source "$linux")
rm -rf "$out"
if [ -n "$from" ]; then
  copy_build "$from_dir" "$out"
  # What this build must make itself: vmlinux.relocs is made again for an
  # ET_EXEC kernel and must not be there at all for a PIE one.
  rm -f "$out/.gotfree-key" "$out/vmlinux" "$out/arch/x86/boot/bzImage" \
    "$out/arch/x86/boot/compressed/vmlinux.relocs"
else
  mkdir -p "$out"
fi
log=$out/build.log
make_args=(-C "$src" ARCH=x86_64 LLVM="$LLVM_BIN/")

echo "build-kernel: $linux/$name: configuring ($config, plugin=$plugin, extra='$extra')" >&2
ld=$(kernel_ld "$linux")
configure_kernel "$ld" "$src" "$out" "${fragments[@]}" ||
  { echo "build-kernel: error: $name: configuration failed" >&2; exit 1; }

# With Clang LTO, code generation happens when vmlinux.o is linked: ld.lld
# loads the plugin too (the options come with each module's flags).
if [ "$plugin" != none ] && grep -q '^CONFIG_LTO_CLANG=y' "$out/.config"; then
  ld="$ld --load-pass-plugin=$plugin"
fi
make_args+=(LD="$ld")

make_args+=(KCFLAGS="$kcflags" O="$out")
# The arguments, one a line (O= last), for controls that build in a copy.
printf '%s\n' "${make_args[@]}" >"$out/make-args"

echo "build-kernel: $name: building (log $log)" >&2
start=$(date +%s)
rc=0
nice -n 10 make "${make_args[@]}" -j"${GOTFREE_KERNEL_JOBS:-2}" \
  vmlinux bzImage >"$log" 2>&1 || rc=$?
secs=$(($(date +%s) - start))
echo "$secs" >"$out/build-seconds"
echo "build-kernel: $name: make exited $rc after ${secs}s" >&2

if [ "$rc" -ne 0 ]; then
  grep -nE '(error|Error)[: ]' "$log" | head -20 >&2 || true
  echo "build-kernel: error: $name: make failed, see $log" >&2
  [ "${GOTFREE_KERNEL_EXPECT_FAILURE:-0}" != 1 ] || echo "$key" >"$out/.gotfree-failed-key"
  exit 1
fi
bash "$GOTFREE_ROOT/utils/kernel/check-build-log.sh" "$log"
echo "$key" >"$out/.gotfree-key"
echo "$out"
