#!/usr/bin/env bash
# gotfree-check-bench.sh [BUILD_DIR]: times gotfree-check against
# `llvm-readelf -r` on a vmlinux-sized (1 GiB) synthetic input: a static
# link with --emit-relocs of GOTFREE_BENCH_FUNCS generated functions
# (default 400000, ~4.4M static relocations), padded to GOTFREE_BENCH_MB
# (default 1024) with a non-allocated section the way debug info pads a
# vmlinux. Prints the times and the ratio; no thresholds. The input is
# cached by content hash under $GOTFREE_CACHE/bench. GOTFREE_BENCH_INPUT=FILE
# times an existing file instead (a real vmlinux linked with --emit-relocs).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
bin=/usr/lib/llvm-22/bin
check=$build/bin/gotfree-check
funcs=${GOTFREE_BENCH_FUNCS:-400000}
mb=${GOTFREE_BENCH_MB:-1024}
runs=${GOTFREE_BENCH_RUNS:-3}
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}/bench
mkdir -p "$cache"
[ -x "$check" ] || { echo "no $check: build first" >&2; exit 1; }

key=$( (cat "$root/utils/bench/gen-reloc-heavy.py" "$0"; echo "$funcs $mb") |
  sha256sum | cut -c1-16)
input=${GOTFREE_BENCH_INPUT:-$cache/vmlinux-like-$key}
if [ ! -f "$input" ]; then
  tmp=$(mktemp -d "$cache/tmp.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT
  echo "generating $funcs functions ..."
  python3 "$root/utils/bench/gen-reloc-heavy.py" "$funcs" "$tmp/in.s"
  nice -n 10 "$bin/llvm-mc" -filetype=obj -triple=x86_64 "$tmp/in.s" -o "$tmp/in.o"
  nice -n 10 "$bin/ld.lld" -static --emit-relocs "$tmp/in.o" -o "$tmp/linked"
  size=$(stat -c %s "$tmp/linked")
  pad=$((mb * 1024 * 1024 - size))
  if [ "$pad" -gt 0 ]; then
    head -c "$pad" /dev/zero >"$tmp/pad"
    "$bin/llvm-objcopy" --add-section .debug_pad="$tmp/pad" "$tmp/linked" \
      "$tmp/padded"
    mv "$tmp/padded" "$tmp/linked"
  fi
  mv "$tmp/linked" "$input"
fi

# best-of-N wall time of a command, in nanoseconds.
best() {
  local best_t=
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N)
    "$@" >/dev/null || [ $? -eq 1 ] # gotfree-check exits 1 on findings
    e=$(date +%s%N)
    if [ -z "$best_t" ] || [ $((e - s)) -lt "$best_t" ]; then
      best_t=$((e - s))
    fi
  done
  echo "$best_t"
}

bytes=$(stat -c %s "$input")
relocs=$("$bin/llvm-readelf" -r "$input" |
  sed -n 's/^Relocation section .* contains \([0-9]*\) entries:$/\1/p' |
  awk '{ n += $1 } END { print n }')
cat "$input" >/dev/null # warm the page cache for both tools
t_readelf=$(best "$bin/llvm-readelf" -r "$input")
t_check=$(best "$check" "$input")
t_json=$(best "$check" --format=json "$input")
summary=$("$check" "$input" | tail -1 || true)
echo "input: $input ($((bytes / 1024 / 1024)) MiB, $relocs static relocations)"
echo "result: $summary"
awk -v r="$t_readelf" -v c="$t_check" -v j="$t_json" 'BEGIN {
  printf "llvm-readelf -r:             %6.2f s\n", r / 1e9
  printf "gotfree-check:               %6.2f s (%.2fx llvm-readelf -r)\n", c / 1e9, c / r
  printf "gotfree-check --format=json: %6.2f s (%.2fx llvm-readelf -r)\n", j / 1e9, j / r
}'
