#!/usr/bin/env bash
# Usage: kernel-defconfig.sh OUTDIR [PLUGIN]
# A real configuration, side by side: Linux 7.3's x86_64_defconfig as
# shipped (retpolines and IBT on, so clang emits no jump tables, and the
# stock objtool of the pristine tree checks it), built
#  - base:    as the kernel builds it today (no plugin), and
#  - gotfree: with the one line KCFLAGS=-fplugin=PLUGIN, default options.
# For each: the build's verdict (check-build-log.sh: objtool warnings, relocs
# tool complaints, plugin diagnostics), vmlinux .text and .text+.rodata,
# bzImage, vmlinux.relocs, R_X86_64_32S in vmlinux.o, and a boot with nokaslr
# and with KASLR (utils/kernel/boot.sh). OUTDIR/kernel-defconfig.md has the
# table and the ratios to the baseline. Not part of CI: each build takes
# most of an hour on two cores; builds are cached under
# $GOTFREE_CACHE/bench/defconfig-<version>/<name>, keyed by the source
# version, clang, the plugin and this script.
# GOTFREE_BENCH_DEFCONFIG_JOBS sets make -j (default: nproc).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
plugin=${2:-$root/build/lib/GotFree.so}
. "$root/utils/kernel/common.sh"
. "$root/utils/lib/elf.sh"
linux=7.3
[ -f "$plugin" ] || { echo "kernel-defconfig: error: no plugin at $plugin" >&2; exit 1; }
src=$(kernel_source "$linux")
version=$(linux_version "$linux")
bdir=$GOTFREE_CACHE/bench/defconfig-$version

# build NAME PLUGIN|none: builds (or reuses) NAME; prints its directory.
build() {
  local name=$1 so=$2 key dir kcflags=
  [ "$so" = none ] || kcflags="-fplugin=$so"
  key=$({
    kernel_build_key "$linux" "$so"
    cat "$0"
  } | sha256sum | cut -d' ' -f1)
  dir=$bdir/$name
  if [ -f "$dir/.gotfree-key" ] && [ "$(cat "$dir/.gotfree-key")" = "$key" ]; then
    echo "kernel-defconfig: $name: reusing cached build (key ${key:0:12})" >&2
    echo "$dir"
    return
  fi
  rm -rf "$dir"
  mkdir -p "$dir"
  local args=(-C "$src" O="$dir" ARCH=x86_64 LLVM="$LLVM_BIN/")
  echo "kernel-defconfig: $name: building x86_64_defconfig (log $dir/build.log)" >&2
  local start rc=0
  start=$(date +%s)
  {
    make "${args[@]}" x86_64_defconfig &&
      make "${args[@]}" KCFLAGS="$kcflags" -j"${GOTFREE_BENCH_DEFCONFIG_JOBS:-$(nproc)}" vmlinux bzImage
  } >"$dir/build.log" 2>&1 || rc=$?
  echo $(($(date +%s) - start)) >"$dir/build-seconds"
  if [ "$rc" -ne 0 ]; then
    grep -nE '(error|Error)[: ]' "$dir/build.log" | head -20 >&2 || true
    echo "kernel-defconfig: error: $name: make failed, see $dir/build.log" >&2
    return 1
  fi
  echo "$key" >"$dir/.gotfree-key"
  echo "$dir"
}

initrd=$out/init.cpio
bash "$root/utils/kernel/build-initramfs.sh" "$initrd" >/dev/null
: >"$out/figures.tsv"
for spec in "base|none" "gotfree|$plugin"; do
  IFS='|' read -r name so <<<"$spec"
  dir=$(build "$name" "$so")
  verdict=clean
  bash "$root/utils/kernel/check-build-log.sh" "$dir/build.log" 2>"$out/$name.check" ||
    verdict="$(grep -c . "$out/$name.check") lines of complaints ($out/$name.check)"
  text=$(elf_section_size "$dir/vmlinux" .text)
  rodata=$(elf_section_size "$dir/vmlinux" .rodata)
  r32s=$("$LLVM_BIN/llvm-readelf" -r "$dir/vmlinux.o" | grep -c 'R_X86_64_32S ' || true)
  boots=()
  for mode in nokaslr kaslr; do
    if line=$(bash "$root/utils/kernel/boot.sh" "$dir/arch/x86/boot/bzImage" "$initrd" \
                "$mode" "$out/$name.$mode.log" 2>/dev/null); then
      boots+=("$(sed -n 's/.*init after \([0-9.]*\)s.*/\1/p' <<<"$line")")
    else
      boots+=(fail)
    fi
  done
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$verdict" "$text" "$rodata" \
    "$(stat -c %s "$dir/arch/x86/boot/bzImage")" \
    "$(stat -c %s "$dir/arch/x86/boot/compressed/vmlinux.relocs" 2>/dev/null || echo 0)" \
    "$r32s" "${boots[0]}" "${boots[1]}" "$(cat "$dir/build-seconds")" >>"$out/figures.tsv"
done

python3 - "$out/figures.tsv" "$version" >"$out/kernel-defconfig.md" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
base = rows[0]
def ratio(v, b):
    try:
        return f"{int(v) / int(b):.4f}"
    except (ValueError, ZeroDivisionError):
        return "-"
print(f"Linux {sys.argv[2]} x86_64_defconfig as shipped (retpolines, IBT), LLVM 22, stock objtool\n")
print("| kernel | build check | .text | ratio | .text+.rodata | ratio | bzImage | ratio "
      "| vmlinux.relocs | R_X86_64_32S in vmlinux.o | boot nokaslr (s) | boot KASLR (s) | build (s) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name, verdict, text, rodata, bz, relocs, r32s, nok, kas, secs in rows:
    tr = int(text) + int(rodata)
    btr = int(base[2]) + int(base[3])
    print(f"| {name} | {verdict} | {text} | {ratio(text, base[2])} | {tr} | {ratio(tr, btr)} "
          f"| {bz} | {ratio(bz, base[4])} | {relocs} | {r32s} | {nok} | {kas} | {secs} |")
PY
cat "$out/kernel-defconfig.md"
