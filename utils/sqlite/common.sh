# Sourced by the utils/sqlite scripts: shared paths and versions.
# shellcheck shell=bash
GOTFREE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GOTFREE_CACHE=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
SQLITE_DEB_PIN=${GOTFREE_SQLITE_VERSION:-3.40.1-2+deb12u2}
LLVM_BIN=/usr/lib/llvm-22/bin

# sqlite_version: the sqlite3 source version to build: the pin, or the newest
# of its series once the archive has dropped it (apt-source.sh decides).
sqlite_version() {
  bash "$GOTFREE_ROOT/utils/kernel/apt-source.sh" version sqlite3 "$SQLITE_DEB_PIN"
}

# sqlite_source [VERSION]: prints the unpacked (cached) sqlite3 source tree.
sqlite_source() {
  bash "$GOTFREE_ROOT/utils/kernel/apt-source.sh" tree sqlite3 "${1:-$(sqlite_version)}"
}

# sqlite_amalgamation: prints a cached directory holding sqlite3.c/sqlite3.h,
# generated from the source tree (needs tclsh) on first use.
sqlite_amalgamation() {
  local version dir
  version=$(sqlite_version) || return 1
  dir=$GOTFREE_CACHE/sqlite/amalgamation-$version
  if [ ! -f "$dir/.done" ]; then
    local src
    src=$(sqlite_source "$version") || return 1
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "sqlite: generating the amalgamation in $dir" >&2
    (cd "$dir" && CC="$LLVM_BIN/clang" "$src/configure" --disable-tcl >configure.log 2>&1 &&
      nice -n 10 make sqlite3.c >make.log 2>&1) ||
      { tail -20 "$dir/make.log" "$dir/configure.log" >&2 2>/dev/null;
        echo "sqlite: error: amalgamation failed" >&2; return 1; }
    touch "$dir/.done"
  fi
  echo "$dir"
}
