# Sourced by the utils/kernel scripts: shared paths and versions.
# shellcheck shell=bash
GOTFREE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GOTFREE_CACHE=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
LLVM_BIN=/usr/lib/llvm-22/bin
KERNEL_CACHE=$GOTFREE_CACHE/kernel

# The kernels, by short name. Each is a Debian package pinned by version:
# "6.1" the linux source package, "6.12" and "7.3" linux-source-X.Y binary
# packages (a source tarball; the hashes are in source-hashes.txt), each
# from the suite that ships it. When the archive has dropped a pin, the
# newest version of the same series is used, with a warning (apt-source.sh,
# deb-source.sh); linux_version says which, and every cache key and figure
# carries it.
LINUX_6_1_PIN=6.1.176-1
LINUX_6_12_PIN=6.12.117-1~deb12u1
LINUX_7_3_PIN=7.3.4-1~bpo13+1
# A name may add patch series: "+objtool" the objtool series of
# objtool-patches/<version>/, "+pie" that series and the PIE-link series of
# pie-patches/<version>/ (e.g. "6.12+objtool", "7.3+pie").
KERNEL_PATCHES=$GOTFREE_ROOT/utils/kernel

# kernel_base LINUX: the kernel version of name LINUX ("7.3" of "7.3+pie").
kernel_base() { echo "${1%%+*}"; }

# kernel_series LINUX: the patch directories name LINUX applies, in order.
kernel_series() {
  local base
  base=$(kernel_base "$1")
  case $1 in
    "$base") ;;
    "$base+objtool") echo "$KERNEL_PATCHES/objtool-patches/$base" ;;
    "$base+pie") printf '%s\n' "$KERNEL_PATCHES/objtool-patches/$base" \
                   "$KERNEL_PATCHES/pie-patches/$base" ;;
    *) echo "kernel: error: unknown variant in '$1' (+objtool, +pie)" >&2; return 1 ;;
  esac
}

# kernel_package LINUX: "SCRIPT PACKAGE [SUITE] PIN" of the base kernel.
kernel_package() {
  case $(kernel_base "$1") in
    6.1) echo "apt-source.sh linux $LINUX_6_1_PIN" ;;
    6.12) echo "deb-source.sh linux-source-6.12 bookworm-security $LINUX_6_12_PIN" ;;
    7.3) echo "deb-source.sh linux-source-7.3 trixie-backports $LINUX_7_3_PIN" ;;
    *) echo "kernel: error: unknown kernel '$1' (known: 6.1, 6.12, 7.3, with +objtool or +pie)" >&2
       return 1 ;;
  esac
}

# linux_version LINUX: the Debian version of kernel LINUX that is built: the
# pin, or the newest of its series once the archive has dropped the pin.
linux_version() {
  local pkg
  pkg=$(kernel_package "$1") || return 1
  kernel_series "$1" >/dev/null || return 1
  # shellcheck disable=SC2086
  set -- $pkg
  local script=$1
  shift
  bash "$GOTFREE_ROOT/utils/kernel/$script" version "$@"
}

# kernel_source LINUX: prints the unpacked (cached) source tree of kernel
# LINUX, with its patch series applied (see patched_tree).
kernel_source() {
  local pkg version src series
  pkg=$(kernel_package "$1") || return 1
  version=$(linux_version "$1") || return 1
  # shellcheck disable=SC2086
  set -- "$1" $pkg
  local script=$2
  # The package and suite, then the version: all but the pin.
  src=$(bash "$GOTFREE_ROOT/utils/kernel/$script" tree "${@:3:$#-3}" "$version") || return 1
  series=$(kernel_series "$1") || return 1
  if [ -z "$series" ]; then
    echo "$src"
  else
    # shellcheck disable=SC2086
    patched_tree "$src" $series
  fi
}

# kernel_fragments LINUX CONFIG: test/kernel/base.config and the fragment
# CONFIG of kernel LINUX (test/kernel/<version>/CONFIG.config), one path a
# line; CONFIG "NAME+pie" is fragment NAME and the PIE-link series'
# pie.config (pie-patches/<version>/pie.config), for a "+pie" kernel. Fails,
# saying which, when a fragment does not exist.
kernel_fragments() {
  local base name=${2%+pie} f
  base=$(kernel_base "$1")
  f=$GOTFREE_ROOT/test/kernel/$base/$name.config
  [ -f "$f" ] || { echo "kernel: error: no fragment $f" >&2; return 1; }
  printf '%s\n' "$GOTFREE_ROOT/test/kernel/base.config" "$f"
  if [ "$name" != "$2" ]; then
    [[ $1 == *+pie ]] || { echo "kernel: error: configuration $2 needs a +pie kernel, not $1" >&2; return 1; }
    f=$KERNEL_PATCHES/pie-patches/$base/pie.config
    [ -f "$f" ] || { echo "kernel: error: no fragment $f" >&2; return 1; }
    echo "$f"
  fi
}

# kernel_build_key LINUX PLUGIN FRAGMENT...: what every kernel build's cache
# key holds: the source (version, and the patch series it applies), clang's
# version, the plugin (its hash, or "none") and the fragments. The callers
# add their flags and scripts.
kernel_build_key() {
  local linux=$1 plugin=$2 dir
  shift 2
  echo "linux $linux $(linux_version "$linux")"
  for dir in $(kernel_series "$linux"); do
    series_patches "$dir" | xargs -r cat
  done
  # The linker: the patched ld.lld is keyed by its series.
  [[ $linux != *+pie ]] || cat "$GOTFREE_ROOT"/lld-patches/*.patch
  "$LLVM_BIN/clang" --version | sed -n 1p
  if [ "$plugin" = none ]; then echo "plugin none"; else sha256sum <"$plugin"; fi
  cat "$@"
}

# series_patches DIR: the patches of the git format-patch series in DIR, in
# order (its cover letter, 0000-cover-letter.patch, changes nothing).
series_patches() {
  find "$1" -maxdepth 1 -name '*.patch' ! -name '0000-cover-letter.patch' | sort
}

# patched_tree SRC PATCH_DIR...: a copy of SRC (hard links; each file a patch
# touches is copied first, so SRC stays pristine) with the series of each
# PATCH_DIR applied in order, cached by the patches' hash. Prints the tree.
patched_tree() {
  local src=$1 key dest patches
  shift
  patches=$(for d; do series_patches "$d"; done)
  [ -n "$patches" ] || { echo "kernel: error: no patches in $*" >&2; return 1; }
  key=$(xargs cat <<<"$patches" | sha256sum | cut -c1-12)
  dest=$GOTFREE_CACHE/src/$(basename "$(dirname "$src")")+$key
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
  for f in $(xargs sed -n -E 's#^\+\+\+ b/([^[:space:]]+).*#\1#p' <<<"$patches" | sort -u); do
    [ ! -e "$tree/$f" ] || cp --remove-destination "$src/$f" "$tree/$f"
  done
  for p in $patches; do
    patch -s -p1 -d "$tree" <"$p" >&2 ||
      { echo "kernel: error: $(basename "$p") does not apply to $src" >&2; return 1; }
  done
  echo "$tree" >"$dest/.gotfree-patched"
  echo "$tree"
}

# kernel_ld LINUX: the linker of kernel LINUX: the patched ld.lld
# (lld-patches/, which knows -z nogot) for a "+pie" kernel, LLVM's own for
# the others. Its configuration and its build both use it.
kernel_ld() {
  if [[ $1 == *+pie ]]; then
    bash "$GOTFREE_ROOT/utils/build-lld.sh"
  else
    echo "$LLVM_BIN/ld.lld"
  fi
}

# copy_build FROM TO: a copy of kernel build directory FROM that is up to
# date where FROM is: the tools' build records (objtool's .cmd and .d files)
# hold FROM's absolute path and would rebuild objtool, and then every
# object, in the copy; they get TO's.
copy_build() {
  rm -rf "$2"
  cp -a "$1" "$2" || return 1
  grep -rlIZ --fixed-strings "$1/" "$2" |
    xargs -0 -r perl -pi -e 'BEGIN { ($f, $t) = splice(@ARGV, 0, 2) } s/\Q$f\E/$t/g' "$1/" "$2/"
}

# configure_kernel LD SRC OUT FRAGMENT...: tinyconfig in the build directory OUT
# with the fragments merged on top (log in OUT/config.log), then checks that
# every option the fragments set or unset survived olddefconfig. Returns
# nonzero, with the reason on stderr, when either fails.
configure_kernel() {
  local ld=$1 src=$2 out=$3
  shift 3
  local make_args=(-C "$src" O="$out" ARCH=x86_64 LLVM="$LLVM_BIN/" LD="$ld")
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
