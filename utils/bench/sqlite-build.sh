#!/usr/bin/env bash
# Usage: sqlite-build.sh OUTDIR [PLUGIN]
# Compiles SQLite's amalgamation (sqlite3.c) and speedtest1.c at -O2 in the
# benchmark configurations, one compile at a time, and links speedtest1 for
# each as configs.sh says (static non-PIE for the -mcmodel=kernel builds,
# static PIE for the others).
#   OUTDIR/<config>/{sqlite3.o,speedtest1.o,speedtest1,cc.log,compile-seconds}
#   OUTDIR/<config>/speedtest1-relr  the same link with -z pack-relative-relocs
#   OUTDIR/<config>/<exe>.link.log   each link's messages
# Configurations: configs.sh (same compiler, same sources).
# GOTFREE_BENCH_CONFIGS restricts the list (space separated names).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$root/utils/sqlite/common.sh"
. "$here/configs.sh"
out=$1
plugin=${2:-$root/build/lib/GotFree.so}
[ -f "$plugin" ] || { echo "sqlite-build: error: no plugin at $plugin" >&2; exit 1; }
amalg=$(sqlite_amalgamation)
src=$(sqlite_source)
mkdir -p "$out"
hidden=$(bench_hidden_h "$out")

common=(-O2 -g0 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION
        -DSQLITE_OMIT_DEPRECATED -I"$amalg")
configs=${GOTFREE_BENCH_CONFIGS:-$BENCH_CONFIGS}
for c in $configs; do
  d=$out/$c
  mkdir -p "$d"
  read -r -a flags <<<"$(bench_config_flags "$c" "$plugin" "$hidden")"
  echo "$LLVM_BIN/clang ${common[*]} ${flags[*]} -c" >"$d/cmdline"
  : >"$d/cc.log"
  start=$(date +%s.%N)
  for tu in "$amalg/sqlite3.c" "$src/test/speedtest1.c"; do
    nice -n 19 "$LLVM_BIN/clang" "${common[@]}" "${flags[@]}" -c "$tu" \
      -o "$d/$(basename "$tu" .c).o" 2>>"$d/cc.log"
  done
  end=$(date +%s.%N)
  echo "$end - $start" | bc >"$d/compile-seconds"
  bench_link sqlite-build "$c (built in $(cat "$d/compile-seconds")s)" "$c" \
    "$d/speedtest1" "$d/speedtest1.o" "$d/sqlite3.o" || continue
  # The same link with RELR (-z pack-relative-relocs) for the relocation
  # figures; a static non-PIE has no dynamic relocations to pack.
  bench_link sqlite-build "$c with RELR" "$c" "$d/speedtest1-relr" \
    -Wl,-z,pack-relative-relocs "$d/speedtest1.o" "$d/sqlite3.o" || true
done
