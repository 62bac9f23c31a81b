#!/usr/bin/env bash
# Usage: kernel-sizes.sh OUTDIR [TREES_DIR]
# Code size of the cached kernel builds (utils/kernel/build-kernel.sh) side by
# side: sums .text and .text+.rodata over the objects linked into vmlinux
# (members of vmlinux.a and lib/lib.a), ratios to base-retpoline, the worst
# per-object regressions and an SVG chart; and the size of vmlinux.relocs.
# Trees that are not cached are reported as skipped; nothing is rebuilt.
# Writes OUTDIR/kernel-sizes.md and OUTDIR/kernel-sizes.svg.
# TREES_DIR (default $GOTFREE_CACHE/kernel) may instead be a snapshot made by
# kernel-snapshot.sh, since other scripts rebuild the cached trees in place.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$1
cache=${2:-${GOTFREE_CACHE:-$HOME/.cache/gotfree}/kernel}
ar=/usr/lib/llvm-22/bin/llvm-ar
mkdir -p "$out"

# name in the cache -> configuration label
trees=(base-retpoline:1-base gotfree-retpoline:2-rewrite gotfree-pie:3-gfpie)
sets=()
for t in "${trees[@]}"; do
  name=${t%%:*}
  label=${t#*:}
  dir=$cache/$name
  if [ ! -f "$dir/vmlinux.a" ] || [ ! -f "$dir/vmlinux" ]; then
    echo "kernel-sizes: $name: no cached build in $dir, skipped" >&2
    continue
  fi
  {
    (cd "$dir" && "$ar" t vmlinux.a)
    [ -f "$dir/lib/lib.a" ] && (cd "$dir" && "$ar" t lib/lib.a)
  } | grep '\.o$' | sort -u >"$out/kernel-$label.objs"
  sets+=("$label=$dir:$out/kernel-$label.objs")
  echo "kernel-sizes: $name: vmlinux of $(date -u -r "$dir/vmlinux" +%FT%TZ), build key $(cut -c1-12 "$dir/.gotfree-key" 2>/dev/null || echo none)" >&2
done
[ ${#sets[@]} -ge 2 ] || { echo "kernel-sizes: fewer than two cached kernel builds" >&2; exit 1; }

{
  python3 "$here/sizes.py" --title "Linux 6.1 tinyconfig+SMP+retpoline objects in vmlinux" --functions 10 \
    --svg "$out/kernel-sizes.svg" "${sets[@]}"
  echo "#### vmlinux.relocs (arch/x86/boot/compressed)"
  echo
  echo "| tree | vmlinux.relocs bytes | entries (4 bytes each) | ratio |"
  echo "|---|---:|---:|---:|"
  base_relocs=
  for t in "${trees[@]}"; do
    dir=$cache/${t%%:*}
    f=$dir/arch/x86/boot/compressed/vmlinux.relocs
    [ -f "$f" ] || continue
    bytes=$(stat -c %s "$f")
    base_relocs=${base_relocs:-$bytes}
    echo "| ${t%%:*} | $bytes | $((bytes / 4)) | $(echo "scale=4; $bytes / $base_relocs" | bc) |"
  done
  echo
} >"$out/kernel-sizes.md"
cat "$out/kernel-sizes.md"
