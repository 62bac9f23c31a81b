#!/usr/bin/env bash
# Usage: sqlite-build.sh OUTDIR [PLUGIN]
# Compiles SQLite's amalgamation (sqlite3.c) and speedtest1.c at -O2 in the
# five benchmark configurations, one compile at a time, and links speedtest1
# for each: the baseline as a static non-PIE executable (its code assumes
# addresses below 2 GiB), rewrite mode as static non-PIE too (its input is
# -fno-pie code; its data may hold absolute addresses in .rodata), the three
# PIE configurations as static PIEs.
#   OUTDIR/<config>/{sqlite3.o,speedtest1.o,speedtest1,cc.log,compile-seconds}
# Configurations (same compiler, same sources):
#   1-base     -mcmodel=kernel -fno-pie
#   2-rewrite  1 + -fplugin=GotFree.so (mode=auto -> rewrite)
#   2a-rewrite-absjt  2 with 8-byte absolute jump tables dispatched through a
#              RIP-relative LEA (-fplugin-arg-gotfree-jump-tables=absolute-rip,
#              what the 6.1 kernel stage uses) instead of relative ones
#   3-gfpie    -fpie -mcmodel=small + -fplugin=GotFree.so (mode=auto -> pie)
#   4-hidden   -fpie -mcmodel=small -fdirect-access-external-data
#              -include hidden.h -fno-jump-tables (stock clang, no plugin)
#   5-pie      -fpie (GOT, left to linker relaxation)
# GOTFREE_BENCH_CONFIGS restricts the list (space separated names).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/utils/sqlite/common.sh"
out=$1
plugin=${2:-$root/build/lib/GotFree.so}
[ -f "$plugin" ] || { echo "sqlite-build: error: no plugin at $plugin" >&2; exit 1; }
amalg=$(sqlite_amalgamation)
src=$(sqlite_source)
mkdir -p "$out"
hidden=$out/hidden.h
printf '#pragma GCC visibility push(hidden)\n' >"$hidden"

common=(-O2 -g0 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION
        -DSQLITE_OMIT_DEPRECATED -I"$amalg")
config_flags() {
  case $1 in
    1-base) echo "-mcmodel=kernel -fno-pie" ;;
    2-rewrite) echo "-mcmodel=kernel -fno-pie -fplugin=$plugin" ;;
    2a-rewrite-absjt) echo "-mcmodel=kernel -fno-pie -fplugin=$plugin -fplugin-arg-gotfree-jump-tables=absolute-rip" ;;
    3-gfpie) echo "-fpie -mcmodel=small -fplugin=$plugin" ;;
    4-hidden) echo "-fpie -mcmodel=small -fdirect-access-external-data -include $hidden -fno-jump-tables" ;;
    5-pie) echo "-fpie" ;;
    *) echo "sqlite-build: error: unknown configuration '$1'" >&2; return 1 ;;
  esac
}
link_kind() {
  case $1 in
    1-base | 2-rewrite | 2a-rewrite-absjt) echo "-static -no-pie" ;;
    *) echo "-static-pie" ;;
  esac
}

configs=${GOTFREE_BENCH_CONFIGS:-1-base 2-rewrite 2a-rewrite-absjt 3-gfpie 4-hidden 5-pie}
for c in $configs; do
  d=$out/$c
  mkdir -p "$d"
  read -r -a flags <<<"$(config_flags "$c")"
  echo "$LLVM_BIN/clang ${common[*]} ${flags[*]} -c" >"$d/cmdline"
  : >"$d/cc.log"
  start=$(date +%s.%N)
  for tu in "$amalg/sqlite3.c" "$src/test/speedtest1.c"; do
    nice -n 19 "$LLVM_BIN/clang" "${common[@]}" "${flags[@]}" -c "$tu" \
      -o "$d/$(basename "$tu" .c).o" 2>>"$d/cc.log"
  done
  end=$(date +%s.%N)
  echo "$end - $start" | bc >"$d/compile-seconds"
  read -r -a lflags <<<"$(link_kind "$c")"
  if nice -n 19 "$LLVM_BIN/clang" "${lflags[@]}" -fuse-ld=lld \
       -o "$d/speedtest1" "$d/speedtest1.o" "$d/sqlite3.o" -lm 2>"$d/link.log"; then
    # The same link with RELR (-z pack-relative-relocs) for the relocation figures.
    if [ "${lflags[0]}" = -static-pie ]; then
      nice -n 19 "$LLVM_BIN/clang" "${lflags[@]}" -fuse-ld=lld -Wl,-z,pack-relative-relocs \
        -o "$d/speedtest1-relr" "$d/speedtest1.o" "$d/sqlite3.o" -lm 2>>"$d/link.log" ||
        rm -f "$d/speedtest1-relr"
    fi
    echo "sqlite-build: $c: built in $(cat "$d/compile-seconds")s, linked (${lflags[*]})" >&2
  else
    rm -f "$d/speedtest1"
    echo "sqlite-build: $c: link failed: $(head -1 "$d/link.log")" >&2
  fi
done
