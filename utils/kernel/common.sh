# Sourced by the utils/kernel scripts: shared paths and versions.
# shellcheck shell=bash
GOTFREE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GOTFREE_CACHE=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
LINUX_DEB_VERSION=6.1.176-1
LLVM_BIN=/usr/lib/llvm-22/bin
KERNEL_CACHE=$GOTFREE_CACHE/kernel

# kernel_source: prints the unpacked (cached) linux source tree.
kernel_source() {
  bash "$GOTFREE_ROOT/utils/kernel/apt-source.sh" linux "$LINUX_DEB_VERSION"
}

# configure_kernel SRC OUT FRAGMENT...: tinyconfig in the build directory OUT
# with the fragments merged on top (log in OUT/config.log), then checks that
# every option the fragments set or unset survived olddefconfig. Returns
# nonzero, with the reason on stderr, when either fails.
configure_kernel() {
  local src=$1 out=$2
  shift 2
  local make_args=(-C "$src" O="$out" ARCH=x86_64 LLVM="$LLVM_BIN/")
  {
    make "${make_args[@]}" tinyconfig &&
      KCONFIG_CONFIG="$out/.config" "$src/scripts/kconfig/merge_config.sh" \
        -m -O "$out" "$out/.config" "$@" &&
      make "${make_args[@]}" olddefconfig
  } >"$out/config.log" 2>&1 || {
    tail -20 "$out/config.log" >&2
    return 1
  }
  local bad=0 line
  while IFS= read -r line; do
    if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
      grep -qxF "$line" "$out/.config" ||
        { echo "configure_kernel: $line not in the final .config" >&2; bad=1; }
    elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
      if grep -q "^${BASH_REMATCH[1]}=" "$out/.config"; then
        echo "configure_kernel: ${BASH_REMATCH[1]} should be off" >&2
        bad=1
      fi
    fi
  done < <(cat "$@")
  return $bad
}
