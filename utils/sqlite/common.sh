# Sourced by the utils/sqlite scripts: shared paths and versions.
# shellcheck shell=bash
GOTFREE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GOTFREE_CACHE=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
SQLITE_DEB_VERSION=${GOTFREE_SQLITE_VERSION:-3.40.1-2+deb12u2}
LLVM_BIN=/usr/lib/llvm-22/bin

# sqlite_source: prints the unpacked (cached) sqlite3 source tree.
sqlite_source() {
  bash "$GOTFREE_ROOT/utils/kernel/apt-source.sh" sqlite3 "$SQLITE_DEB_VERSION"
}

# sqlite_amalgamation: prints a cached directory holding sqlite3.c/sqlite3.h,
# generated from the source tree (needs tclsh) on first use.
sqlite_amalgamation() {
  local dir=$GOTFREE_CACHE/sqlite/amalgamation-$SQLITE_DEB_VERSION
  if [ ! -f "$dir/.done" ]; then
    local src
    src=$(sqlite_source)
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
