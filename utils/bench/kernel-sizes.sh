#!/usr/bin/env bash
# Usage: kernel-sizes.sh OUTDIR [PLUGIN]
# Code size of the five benchmark configurations on the Linux objects, side
# by side. Builds (or reuses) each configuration's objects with
# kernel-build-objects.sh, sums .text and .text+.rodata over the objects
# linked into vmlinux (members of the baseline's vmlinux.a and lib/lib.a),
# and writes OUTDIR/kernel-sizes.md (ratios to the baseline, the worst
# per-object and per-function regressions) and OUTDIR/kernel-sizes.svg. An
# object a configuration cannot compile is left out of that configuration's
# ratio, which is then taken over the objects it has ("N of M").
# Also reports vmlinux.relocs of the bootable kernels of the kernel test stage
# (utils/kernel/build-kernel.sh), when they are cached.
# GOTFREE_BENCH_KERNEL_FRAGMENT=jumptables measures the kernel with
# retpolines off instead (test/kernel/6.1/jumptables.config, trees named
# k<config>-jt), where clang emits jump tables, with configuration
# 2a-rewrite-absjt (8-byte tables) beside 2-rewrite's default.
# GOTFREE_BENCH_KERNEL=6.12 measures Linux 6.12 (test/kernel/6.12 fragments,
# trees named k6.12-<config>[-jt]) instead of 6.1, every configuration built
# in the 6.12+objtool tree (the baseline too), so that objtool follows each
# table format the configurations emit; GOTFREE_BENCH_KERNEL=7.3 measures
# Linux 7.3 in the 7.3+pie tree (both series, the PIE link off), and adds
# the PIE-linked kernel's relocation data to the vmlinux.relocs table.
#   OUTDIR/kernel-<config>.objs   the objects summed per configuration
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
plugin=${2:-$root/build/lib/GotFree.so}
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
ar=/usr/lib/llvm-22/bin/llvm-ar
. "$root/utils/lib/elf.sh"

# configuration|plugin|KCFLAGS (kernel-build-objects.sh replaces HIDDEN_H)
configs=(
  "1-base|none|"
  "2-rewrite|$plugin|"
  "3-gfpie|$plugin|-fpie -mcmodel=small"
  "4-hidden|none|-fpie -mcmodel=small -fdirect-access-external-data -include HIDDEN_H -fno-jump-tables"
  "5-pie|none|-fpie -mcmodel=small"
)
fragment=${GOTFREE_BENCH_KERNEL_FRAGMENT:-retpoline}
kernel=${GOTFREE_BENCH_KERNEL:-6.1}
case $kernel in
  6.1) tree=6.1 prefix= ;;
  6.12) tree=6.12+objtool prefix=6.12- ;;
  7.3) tree=7.3+pie prefix=7.3- ;;
  *) echo "kernel-sizes: error: GOTFREE_BENCH_KERNEL is 6.1, 6.12 or 7.3, not '$kernel'" >&2; exit 1 ;;
esac
suffix=
if [ "$fragment" = jumptables ]; then
  suffix=-jt
  configs=("${configs[@]:0:2}"
    "2a-rewrite-absjt|$plugin|-fplugin-arg-gotfree-jump-tables=absolute-rip"
    "${configs[@]:2}")
fi
sets=()
rm -f "$out/status.tsv.new"
for spec in "${configs[@]}"; do
  IFS='|' read -r name so flags <<<"$spec"
  dir=$(bash "$here/kernel-build-objects.sh" "k$prefix$name$suffix" "$so" "$flags" "$fragment" "$tree" | tail -1)
  if [ "$name" = 1-base ]; then
    [ "$(cat "$dir/link-status")" = linked ] ||
      { echo "kernel-sizes: error: the baseline kernel did not link" >&2; exit 1; }
    (cd "$dir" && { "$ar" t vmlinux.a; "$ar" t lib/lib.a; }) | grep '\.o$' | sort -u >"$out/all.objs"
  fi
  (cd "$dir" && while read -r o; do [ -f "$o" ] && echo "$o"; done) <"$out/all.objs" |
    grep -vxF -f "$dir/failed-objects.txt" >"$out/kernel-$name.objs" || true
  echo "kernel-sizes: $name: $(wc -l <"$out/kernel-$name.objs") of $(wc -l <"$out/all.objs") objects; failed to compile: $(wc -l <"$dir/failed-objects.txt"); link: $(cat "$dir/link-status")" >&2
  printf '%s\t%s\t%s\t%s\n' "$name" "$(wc -l <"$dir/failed-objects.txt")" "$(cat "$dir/link-status")" "$flags" >>"$out/status.tsv.new"
  sets+=("$name=$dir:$out/kernel-$name.objs")
done
mv "$out/status.tsv.new" "$out/status.tsv"

{
  python3 "$here/sizes.py" --title "Linux $kernel tinyconfig+SMP+$fragment objects in vmlinux" \
    --functions 10 --svg "$out/kernel-sizes.svg" "${sets[@]}"
  echo "#### build status"
  echo
  echo "| configuration | KCFLAGS | objects that failed to compile | final link |"
  echo "|---|---|---:|---|"
  while IFS=$'\t' read -r name failed link flags; do
    echo "| $name | \`${flags:-(none)}\` | $failed | $link |"
  done <"$out/status.tsv"
  echo
  echo "#### vmlinux.relocs of the bootable kernels (arch/x86/boot/compressed)"
  echo
  echo "| tree | vmlinux.relocs bytes | entries (4 bytes each) | ratio |"
  echo "|---|---:|---:|---:|"
  base_relocs=
  stage_trees=(base-retpoline gotfree-retpoline gotfree-pie)
  [ "$kernel" != 7.3 ] || stage_trees=(base-jumptables gotfree-jumptables)
  for t in "${stage_trees[@]}"; do
    f=$cache/kernel/$tree/$t/arch/x86/boot/compressed/vmlinux.relocs
    [ "$kernel" = 7.3 ] || f=$cache/kernel/$kernel/$t/arch/x86/boot/compressed/vmlinux.relocs
    [ -f "$f" ] || { echo "| $t | not cached | | |"; continue; }
    bytes=$(stat -c %s "$f")
    base_relocs=${base_relocs:-$bytes}
    echo "| $t | $bytes | $((bytes / 4)) | $(echo "scale=4; $bytes / $base_relocs" | bc) |"
  done
  # Linux 7.3 linked as a PIE: its ELF relocations replace vmlinux.relocs.
  pie=$cache/kernel/$tree/gotfree-pie/vmlinux
  if [ "$kernel" = 7.3 ] && [ -f "$pie" ] && [ -n "$base_relocs" ]; then
    bytes=$(($(elf_section_size "$pie" .relr.dyn) + $(elf_section_size "$pie" .rela.dyn)))
    echo "| gotfree-pie (.relr.dyn + .rela.dyn) | $bytes | | $(echo "scale=4; $bytes / $base_relocs" | bc) |"
  fi
  echo
} >"$out/kernel-sizes.md"
cat "$out/kernel-sizes.md"
