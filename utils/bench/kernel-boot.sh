#!/usr/bin/env bash
# Usage: kernel-boot.sh OUTDIR [RUNS]
# Boot time to the init marker under qemu TCG of the Linux 7.3 kernels of
# the kernel test stage (utils/test-stages/kernel.sh, which must have built
# them): the baseline, the default gotfree kernel linked as before, and the
# same kernel linked as a PIE. Each is booted RUNS times (default 7) with
# KASLR and RUNS times with nokaslr, the kernels taking turns, so that all
# see the same machine; OUTDIR/kernel-boot.md gives the median seconds from
# qemu's start to the marker, and the ratios to the baseline. Wall time
# under TCG, on a machine shared with other work: the ratios, measured side
# by side, are the figure, not the seconds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
runs=${2:-7}
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
kernels=(base-jumptables gotfree-jumptables gotfree-pie)
for k in "${kernels[@]}"; do
  [ -f "$cache/kernel/7.3+pie/$k/arch/x86/boot/bzImage" ] ||
    { echo "kernel-boot: error: no 7.3+pie/$k kernel (run utils/test-stages/kernel.sh)" >&2; exit 1; }
done
bash "$root/utils/kernel/build-initramfs.sh" "$out/init.cpio" >/dev/null
: >"$out/boots.tsv"
for i in $(seq "$runs"); do
  for mode in kaslr nokaslr; do
    for k in "${kernels[@]}"; do
      line=$(bash "$root/utils/kernel/boot.sh" "$cache/kernel/7.3+pie/$k/arch/x86/boot/bzImage" \
               "$out/init.cpio" "$mode" "$out/$k.$mode.log" 2>/dev/null)
      printf '%s\t%s\t%s\n' "$k" "$mode" "$(sed -n 's/.*init after \([0-9.]*\)s.*/\1/p' <<<"$line")" >>"$out/boots.tsv"
    done
  done
done
python3 - "$out/boots.tsv" "$runs" >"$out/kernel-boot.md" <<'PY'
import statistics, sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
med = {}
for k, m, s in rows:
    med.setdefault((k, m), []).append(float(s))
print(f"Linux 7.3 tinyconfig + jump tables, time from qemu's start to the init marker (TCG), median of {sys.argv[2]} boots each, kernels taking turns\n")
print("| kernel | KASLR (s) | ratio | nokaslr (s) | ratio |")
print("|---|---:|---:|---:|---:|")
for k in ("base-jumptables", "gotfree-jumptables", "gotfree-pie"):
    cells = []
    for m in ("kaslr", "nokaslr"):
        v = statistics.median(med[(k, m)])
        b = statistics.median(med[("base-jumptables", m)])
        cells += [f"{v:.2f}", f"{v / b:.3f}"]
    print(f"| {k} | " + " | ".join(cells) + " |")
PY
cat "$out/kernel-boot.md"
