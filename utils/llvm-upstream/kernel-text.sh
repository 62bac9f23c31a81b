#!/usr/bin/env bash
# Usage: kernel-text.sh PATCHED_LLC PLUGIN KERNEL_BUILD OUTDIR
# The kernel's objects both ways: every C object linked into vmlinux of
# KERNEL_BUILD, a Linux build without the plugin from the kernel test stage
# (e.g. the cached 7.3+pie/base-jumptables), compiled again from the
# command Kbuild recorded for it (utils/kernel/recompile.sh):
#   plugin:  with -fplugin=GotFree.so and -emit-llvm (its IR passes, the
#            kernel's configuration read as in a kernel build), then the
#            stock llc -load=GotFree.so (its machine passes);
#   in-tree: with -emit-llvm, the "nogot" module flag added, then the
#            patched llc with -x86-relative-jump-tables
#            -x86-annotate-tablejump (the plugin's defaults for a kernel).
# llc -O2 -relocation-model=static -code-model=kernel on both sides; the
# functions' attributes carry the rest of the kernel's code generation
# flags. Prints utils/bench/sizes.py's comparison and, per side, the
# R_X86_64_32S and GOT-relative relocations left in the objects.
# GOTFREE_LLVM_JOBS sets the parallelism (default nproc).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
llc=$1
plugin=$2
kbuild=$(cd "$3" && pwd)
out=$(mkdir -p "$4" && cd "$4" && pwd)
LLVM_BIN=/usr/lib/llvm-22/bin
jobs=${GOTFREE_LLVM_JOBS:-$(nproc)}

# The objects linked into vmlinux that clang compiled from C.
(cd "$kbuild" && { "$LLVM_BIN/llvm-ar" t vmlinux.a; "$LLVM_BIN/llvm-ar" t lib/lib.a; }) |
  grep '\.o$' | sort -u |
  while read -r o; do
    cmd=$kbuild/$(dirname "$o")/.$(basename "$o").cmd
    [ -f "$cmd" ] && grep -qE "^savedcmd_.*clang.* -c -o $o [^ ]*\.c( |;|$)" "$cmd" && echo "$o"
  done >"$out/list" || true
[ -s "$out/list" ] || { echo "kernel-text: error: no C objects found in $kbuild" >&2; exit 1; }
echo "kernel-text: $(wc -l <"$out/list") C objects of $kbuild" >&2

# one OBJECT: both sides of one object.
one() {
  local o=$1 bc=$out/plugin/${1%.o}.bc ll=$out/intree/${1%.o}.ll
  mkdir -p "$out/plugin/$(dirname "$o")" "$out/intree/$(dirname "$o")"
  bash "$root/utils/kernel/recompile.sh" "$kbuild" "$o" "$bc" -fplugin="$plugin" -emit-llvm >/dev/null &&
    bash "$root/utils/kernel/recompile.sh" "$kbuild" "$o" "$ll.bc" -emit-llvm >/dev/null &&
    "$LLVM_BIN/llvm-dis" "$ll.bc" -o "$ll" &&
    python3 "$root/utils/llvm-upstream/nogot_flag.py" "$ll" &&
    "$LLVM_BIN/llc" -O2 -load="$plugin" -relocation-model=static -code-model=kernel \
      -filetype=obj "$bc" -o "$out/plugin/$o" &&
    "$llc" -O2 -relocation-model=static -code-model=kernel \
      -x86-relative-jump-tables -x86-annotate-tablejump -filetype=obj "$ll" -o "$out/intree/$o" ||
    { echo "kernel-text: $o failed on either side" >&2; return 1; }
  rm -f "$ll" "$ll.bc" "$bc"
}
export -f one
export out kbuild plugin llc root LLVM_BIN
: >"$out/failed"
xargs -P "$jobs" -I{} bash -c 'one {} || echo {} >>"$out/failed"' <"$out/list"
grep -vxF -f "$out/failed" "$out/list" >"$out/compared" || true
echo "kernel-text: compared $(wc -l <"$out/compared") objects, $(wc -l <"$out/failed") failed on either side" >&2

python3 "$root/utils/bench/sizes.py" --functions 10 \
  --title "Linux objects of $(basename "$(dirname "$kbuild")")/$(basename "$kbuild"): GotFree.so (plugin) vs the X86 series (in-tree)" \
  "plugin=$out/plugin:$out/compared" "in-tree=$out/intree:$out/compared"
for side in plugin intree; do
  (cd "$out/$side" && xargs "$LLVM_BIN/llvm-readelf" -r <"$out/compared") |
    awk -v s="$side" '$3 == "R_X86_64_32S" { n32++ } $3 ~ /GOT/ { got++ }
      END { printf "%s: R_X86_64_32S %d, GOT-relative %d\n", s, n32, got }'
done
