# Sourced by the utils/kernel scripts: shared paths and versions.
# shellcheck shell=bash
GOTFREE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GOTFREE_CACHE=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
LLVM_BIN=/usr/lib/llvm-22/bin
KERNEL_CACHE=$GOTFREE_CACHE/kernel

# The kernels the stage builds, by short name ("6.1", "6.12"): Debian's
# linux source package for 6.1, the linux-source-6.12 binary package (a
# source tarball, pinned by version and sha256) for 6.12.
LINUX_6_1_VERSION=6.1.176-1
LINUX_6_12_VERSION=6.12.117-1~deb12u1
LINUX_6_12_SHA256=e849faf31ca3555757f3a8877cb01af92122f744f75d1f3102734651c4e14703
OBJTOOL_PATCHES=$GOTFREE_ROOT/utils/kernel/objtool-patches

# linux_version LINUX: the pinned Debian version of kernel LINUX.
linux_version() {
  case $1 in
    6.1) echo "$LINUX_6_1_VERSION" ;;
    6.12 | 6.12+objtool) echo "$LINUX_6_12_VERSION" ;;
    *) echo "kernel: error: unknown kernel '$1' (known: 6.1, 6.12, 6.12+objtool)" >&2; return 1 ;;
  esac
}

# kernel_source LINUX: prints the unpacked (cached) source tree of kernel
# LINUX; "6.12+objtool" is the 6.12 tree with the objtool patch series of
# utils/kernel/objtool-patches applied (see patched_tree).
kernel_source() {
  case $1 in
    6.1) bash "$GOTFREE_ROOT/utils/kernel/apt-source.sh" linux "$LINUX_6_1_VERSION" ;;
    6.12) bash "$GOTFREE_ROOT/utils/kernel/deb-source.sh" linux-source-6.12 \
            "$LINUX_6_12_VERSION" "$LINUX_6_12_SHA256" ;;
    6.12+objtool) patched_tree "$(kernel_source 6.12)" "$OBJTOOL_PATCHES" ;;
    *) linux_version "$1" >/dev/null ;;
  esac
}

# kernel_fragments LINUX CONFIG: test/kernel/base.config and the fragment
# CONFIG of kernel LINUX (test/kernel/<6.1|6.12>/CONFIG.config), one path a
# line. Fails, saying which, when the fragment does not exist.
kernel_fragments() {
  local f=$GOTFREE_ROOT/test/kernel/${1%+*}/$2.config
  [ -f "$f" ] || { echo "kernel: error: no fragment $f" >&2; return 1; }
  printf '%s\n' "$GOTFREE_ROOT/test/kernel/base.config" "$f"
}

# kernel_build_key LINUX PLUGIN FRAGMENT...: what every kernel build's cache
# key holds: the source (version, and the objtool patches of 6.12+objtool),
# clang's version, the plugin (its hash, or "none") and the fragments. The
# callers add their flags and scripts.
kernel_build_key() {
  local linux=$1 plugin=$2
  shift 2
  echo "linux $linux $(linux_version "$linux")"
  [[ $linux != *+objtool ]] || cat "$OBJTOOL_PATCHES"/*.patch
  "$LLVM_BIN/clang" --version | sed -n 1p
  if [ "$plugin" = none ]; then echo "plugin none"; else sha256sum <"$plugin"; fi
  cat "$@"
}

# patched_tree SRC PATCH_DIR: a copy of SRC (hard links; each file a patch
# touches is copied first, so SRC stays pristine) with the patches of
# PATCH_DIR applied in order, cached by the patches' hash. Prints the tree.
patched_tree() {
  local src=$1 patches=$2 key dest
  key=$(cat "$patches"/*.patch | sha256sum | cut -c1-12)
  dest=$GOTFREE_CACHE/src/$(basename "$(dirname "$src")")+objtool-$key
  if [ -f "$dest/.gotfree-patched" ]; then
    cat "$dest/.gotfree-patched"
    return
  fi
  rm -rf "$dest"
  mkdir -p "$dest"
  cp -al "$src" "$dest/" || return 1
  local tree
  tree=$dest/$(basename "$src")
  local p f
  for f in $(sed -n -E 's#^\+\+\+ b/([^[:space:]]+).*#\1#p' "$patches"/*.patch | sort -u); do
    [ ! -e "$tree/$f" ] || cp --remove-destination "$src/$f" "$tree/$f"
  done
  for p in "$patches"/*.patch; do
    patch -s -p1 -d "$tree" <"$p" >&2 ||
      { echo "kernel: error: $(basename "$p") does not apply to $src" >&2; return 1; }
  done
  echo "$tree" >"$dest/.gotfree-patched"
  echo "$tree"
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
