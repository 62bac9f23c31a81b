#!/usr/bin/env bash
# Usage: lua-build.sh OUTDIR [PLUGIN]
# Builds the Lua 5.4 interpreter (Debian source package lua5.4, fetched into
# the gotfree cache) at -O2 in every benchmark configuration (configs.sh) and
# in both of its dispatch variants, one compile at a time, linked like
# sqlite-build.sh links speedtest1:
#   switch  -DLUA_USE_JUMPTABLE=0: luaV_execute dispatches through a switch
#           (one jump table, one dispatch per bytecode)
#   goto    the default with GCC-compatible compilers: computed goto through
#           a table of label addresses (ljumptab.h)
#   OUTDIR/<variant>/<config>/{lua,cc.log,lua.link.log}
# The string hash seed is fixed (luai_makeseed = 0): otherwise it mixes the
# time and addresses, and table layouts, and with them the instruction
# counts, would differ between runs. GOTFREE_BENCH_CONFIGS restricts the
# configurations.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/configs.sh"
LUA_DEB_VERSION=${GOTFREE_LUA_VERSION:-5.4.4-3+deb12u1}
out=$(mkdir -p "$1" && cd "$1" && pwd)
plugin=${2:-$root/build/lib/GotFree.so}
[ -f "$plugin" ] || { echo "lua-build: error: no plugin at $plugin" >&2; exit 1; }
src=$(bash "$root/utils/kernel/apt-source.sh" fetch lua5.4 "$LUA_DEB_VERSION")/src
hidden=$(bench_hidden_h "$out")
# Debian's luaconf.h includes a header its build generates.
printf '#define DEB_HOST_MULTIARCH "x86_64-linux-gnu"\n' \
  >"$out/lua5.4-deb-multiarch.h"
units=()
for f in "$src"/*.c; do
  [ "$(basename "$f")" = luac.c ] || units+=("$f")
done
common=(-O2 -g0 -I"$out" -DLUA_USE_POSIX '-Dluai_makeseed(L)=0')

configs=${GOTFREE_BENCH_CONFIGS:-$BENCH_CONFIGS}
for variant in switch goto; do
  vflags=()
  [ "$variant" = switch ] && vflags=(-DLUA_USE_JUMPTABLE=0)
  for c in $configs; do
    d=$out/$variant/$c
    rm -rf "$d"
    mkdir -p "$d"
    read -r -a flags <<<"$(bench_config_flags "$c" "$plugin" "$hidden")"
    echo "$LLVM_BIN/clang ${common[*]} ${vflags[*]} ${flags[*]} -c" >"$d/cmdline"
    for tu in "${units[@]}"; do
      nice -n 19 "$LLVM_BIN/clang" "${common[@]}" "${vflags[@]}" "${flags[@]}" \
        -c "$tu" -o "$d/$(basename "$tu" .c).o" 2>>"$d/cc.log"
    done
    bench_link lua-build "$variant $c" "$c" "$d/lua" "$d"/*.o || true
  done
done
