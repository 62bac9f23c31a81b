#!/usr/bin/env bash
# Compiles SRC with the plugin for every mode (rewrite, pie), jump-table
# format (relative, absolute-rip), annotation and -O level, and runs
# jt-check.py --require-all on each object: every indirect jmp must carry a
# valid annotation whose table entries land on instruction boundaries of its
# function. Prints one line per failing configuration and a summary.
#
# usage: check-matrix.sh PLUGIN WORKDIR SRC
set -euo pipefail
plugin=$1
work=$2
src=$3
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
total=0
good=0
jumps=0
for mode in rewrite pie; do
  if [ $mode = rewrite ]; then mflags="-mcmodel=kernel -fno-pie"; else mflags="-fpie"; fi
  for format in relative absolute-rip; do
    for annot in reloc-none annotate-insn tablejump-pairs; do
      for o in O0 O2 Os; do
        total=$((total + 1))
        obj="$work/$mode-$format-$annot-$o.o"
        if ! clang -$o $mflags -fplugin="$plugin" \
          -fplugin-arg-gotfree-jump-tables=$format \
          -fplugin-arg-gotfree-jump-table-annotations=$annot \
          -fplugin-arg-gotfree-annotate-insn-type=9 \
          -c "$src" -o "$obj" 2>"$obj.err"; then
          echo "FAIL $mode $format $annot -$o: compile"
          cat "$obj.err"
          continue
        fi
        if python3 "$here/jt-check.py" --format $annot --require-all "$obj" \
          >"$obj.check"; then
          good=$((good + 1))
          n=$(sed -nE 's/^jt-check: ([0-9]+) annotated.*/\1/p' "$obj.check")
          jumps=$((jumps + n))
        else
          echo "FAIL $mode $format $annot -$o:"
          cat "$obj.check"
        fi
      done
    done
  done
done
echo "check-matrix: $good of $total objects valid, $jumps annotated jumps"
[ "$good" -eq "$total" ]
