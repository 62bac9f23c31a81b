#!/usr/bin/env bash
# Usage: sqlite-text.sh PATCHED_LLC PLUGIN OUTDIR
# SQLite's speedtest1 sources (sqlite3.c and speedtest1.c, the benchmark's
# flags: utils/bench/sqlite-build.sh) compiled at -O2 both ways, in the two
# configurations of the benchmark that gotfree serves:
#   kernel  -mcmodel=kernel -fno-pie (2-rewrite: rewrite mode)
#   pie     -fpie -mcmodel=small     (3-gfpie: PIE mode)
# plugin:  clang -fplugin=GotFree.so -emit-llvm (its IR passes), then the
#          stock llc -load=GotFree.so (its machine passes);
# in-tree: clang -emit-llvm without the plugin, the "nogot" module flag
#          added, then the patched llc (-x86-relative-jump-tables
#          -x86-annotate-tablejump in the kernel configuration, the plugin's
#          defaults for a kernel).
# Code generation is llc -O2 on both sides. Prints utils/bench/sizes.py's
# comparison of the objects (text and rodata per configuration) on stdout.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
llc=$1
plugin=$2
out=$3
. "$root/utils/sqlite/common.sh"
. "$root/utils/bench/configs.sh"
amalg=$(sqlite_amalgamation)
src=$(sqlite_source)
common=(-O2 -g0 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION
        -DSQLITE_OMIT_DEPRECATED -I"$amalg" --target=x86_64-unknown-linux-gnu)
mkdir -p "$out"
lists=()
for cfg in kernel pie; do
  case $cfg in
    kernel) cflags=(-mcmodel=kernel -fno-pie)
            llcflags=(-relocation-model=static -code-model=kernel)
            intree=(-x86-relative-jump-tables -x86-annotate-tablejump) ;;
    pie) cflags=(-fpie -mcmodel=small)
         llcflags=(-relocation-model=pic)
         intree=() ;;
  esac
  for side in plugin intree; do
    mkdir -p "$out/$cfg/$side"
  done
  : >"$out/$cfg/list"
  for tu in "$amalg/sqlite3.c" "$src/test/speedtest1.c"; do
    name=$(basename "$tu" .c)
    echo "$name.o" >>"$out/$cfg/list"
    echo "sqlite-text: $cfg: $name" >&2
    nice -n 19 "$LLVM_BIN/clang" "${common[@]}" "${cflags[@]}" -fplugin="$plugin" \
      -emit-llvm -c "$tu" -o "$out/$cfg/plugin/$name.bc"
    nice -n 19 "$LLVM_BIN/llc" -O2 -load="$plugin" "${llcflags[@]}" -filetype=obj \
      "$out/$cfg/plugin/$name.bc" -o "$out/$cfg/plugin/$name.o"
    nice -n 19 "$LLVM_BIN/clang" "${common[@]}" "${cflags[@]}" -emit-llvm -S "$tu" \
      -o "$out/$cfg/intree/$name.ll"
    python3 "$root/utils/llvm-upstream/nogot_flag.py" "$out/$cfg/intree/$name.ll"
    nice -n 19 "$llc" -O2 "${llcflags[@]}" "${intree[@]}" -filetype=obj \
      "$out/$cfg/intree/$name.ll" -o "$out/$cfg/intree/$name.o"
    rm -f "$out/$cfg/intree/$name.ll" "$out/$cfg/plugin/$name.bc"
  done
  lists+=("$cfg")
done
for cfg in "${lists[@]}"; do
  python3 "$root/utils/bench/sizes.py" --title "SQLite ($cfg): GotFree.so (plugin) vs the X86 series (in-tree)" \
    "plugin=$out/$cfg/plugin:$out/$cfg/list" "in-tree=$out/$cfg/intree:$out/$cfg/list"
done
