#!/usr/bin/env bash
# Code size of the jump-table layouts on a real corpus: .text + .rodata of
# each configuration, as a ratio to the non-PIE kernel-model build with
# absolute tables (plain clang), in one run.
#
# usage: utils/bench/jumptables.sh [BUILD_DIR]
# Corpus: sqlite3.c from the cache (${GOTFREE_CACHE:-~/.cache/gotfree}/sqlite,
# see utils/sqlite/), else the repo's own C test programs.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
plugin=$build/lib/GotFree.so
bin=/usr/lib/llvm-22/bin
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
[ -f "$plugin" ] || { echo "jumptables: $plugin not found (run utils/build.sh)" >&2; exit 2; }

srcs=()
sqlite=$(ls -d "$cache"/sqlite/amalgamation-*/sqlite3.c 2>/dev/null | head -n 1 || true)
if [ -n "$sqlite" ]; then
  srcs=("$sqlite")
  corpus="sqlite3.c ($(dirname "$sqlite"))"
else
  while IFS= read -r f; do srcs+=("$f"); done < <(
    ls "$root"/test/exec/*.c "$root"/test/jumptables/Inputs/*.c 2>/dev/null)
  corpus="repo C tests (${#srcs[@]} files; no sqlite amalgamation in $cache)"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rw="-mcmodel=kernel -fno-pie"
pg="-fplugin=$plugin"
configs=(
  "base-abs|$rw"
  "no-jump-tables|$rw -fno-jump-tables"
  "rewrite-absolute-rip|$rw $pg -fplugin-arg-gotfree-jump-tables=absolute-rip"
  "rewrite-relative|$rw $pg -fplugin-arg-gotfree-jump-tables=relative"
  "rewrite-none|$rw $pg -fplugin-arg-gotfree-jump-tables=none"
  "pie-relative|-fpie $pg -fplugin-arg-gotfree-jump-tables=relative"
  "pie-absolute-rip|-fpie $pg -fplugin-arg-gotfree-jump-tables=absolute-rip"
)

# size OBJ...: bytes in .text* and .rodata* sections.
size_of() {
  "$bin/llvm-size" -A "$@" | awk '$1 ~ /^\.(text|rodata)/ { s += $2 }
    END { print s + 0 }'
}

echo "corpus: $corpus"
printf "%-22s %10s %10s %8s\n" config text+rodata ind-jmps ratio
base=""
for c in "${configs[@]}"; do
  name=${c%%|*}
  flags=${c#*|}
  objs=()
  for s in "${srcs[@]}"; do
    o="$work/$name-${#objs[@]}.o"
    # shellcheck disable=SC2086
    "$bin/clang" -O2 $flags -w -c "$s" -o "$o"
    objs+=("$o")
  done
  total=$(size_of "${objs[@]}")
  tables=$("$bin/llvm-objdump" -d --no-show-raw-insn "${objs[@]}" |
    grep -cE 'jmpq[[:space:]]+\*' || true)
  [ -n "$base" ] || base=$total
  ratio=$(awk -v a="$total" -v b="$base" 'BEGIN { printf "%.4f", a / b }')
  printf "%-22s %10d %10d %8s\n" "$name" "$total" "$tables" "$ratio"
done
echo "(ind-jmps = indirect jmps, jump-table dispatches plus indirect tail calls;"
echo " ratio = (.text* + .rodata*) / base-abs, the non-PIE kernel-model build)"
