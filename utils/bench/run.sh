#!/usr/bin/env bash
# Usage: run.sh OUTDIR [PLUGIN]
# All gotfree benchmarks side by side in one run (docs/benchmarks.md shows
# the results and explains the configurations). One compile at a time, all
# at nice 19. Measurements only: no thresholds, the exit status only says
# whether the measurements could be made.
#   OUTDIR/sqlite/...          objects and speedtest1 of the 5 configurations
#   OUTDIR/sqlite-sizes.{md,svg}, OUTDIR/sqlite-census.md
#   OUTDIR/kernel/kernel-sizes.{md,svg}, OUTDIR/kernel-census.md
#   OUTDIR/kernel-6.12/kernel-sizes.{md,svg} (stage kernel-6.12)
#   OUTDIR/compile-time.md, OUTDIR/compile-ir.md, OUTDIR/runtime.md
#   OUTDIR/lua/<variant>/<config>/lua, OUTDIR/lua.md
#   OUTDIR/compress/{zlib,xz}/<config>/..., OUTDIR/compress.md
# Environment: GOTFREE_BENCH_STAGES (default "sqlite kernel kernel-6.12 ctime
# run lua compress"),
# GOTFREE_BENCH_RUNS (compile-time and wall-time runs, default 5),
# GOTFREE_BENCH_KOBJS (kernel objects timed), GOTFREE_BENCH_IR_KOBJS (kernel
# objects whose compile is counted in instructions), GOTFREE_CACHE. The
# kernel compile commands come from the baseline tree the kernel stage builds.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$(mkdir -p "$1" && cd "$1" && pwd)
plugin=${2:-$root/build/lib/GotFree.so}
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
stages=${GOTFREE_BENCH_STAGES:-sqlite kernel kernel-6.12 ctime run lua compress}
runs=${GOTFREE_BENCH_RUNS:-5}
kobjs=${GOTFREE_BENCH_KOBJS:-kernel/sched/core.o mm/page_alloc.o kernel/rcu/tree.o lib/vsprintf.o fs/namei.o}
kirobjs=${GOTFREE_BENCH_IR_KOBJS:-kernel/rcu/tree.o kernel/sched/core.o mm/page_alloc.o}
. "$here/configs.sh"
[ -f "$plugin" ] || { echo "bench: error: no plugin at $plugin (run utils/build.sh)" >&2; exit 1; }
echo "bench: plugin $plugin sha256 $(sha256sum <"$plugin" | cut -c1-16)" >&2

for stage in $stages; do
  case $stage in
    sqlite)
      bash "$here/sqlite-build.sh" "$out/sqlite" "$plugin"
      sets=()
      for c in $BENCH_CONFIGS; do
        printf 'sqlite3.o\nspeedtest1.o\n' >"$out/sqlite/$c/objs"
        sets+=("$c=$out/sqlite/$c:$out/sqlite/$c/objs")
      done
      python3 "$here/sizes.py" --title "SQLite 3.40.1 amalgamation + speedtest1, -O2" \
        --functions 10 --svg "$out/sqlite-sizes.svg" "${sets[@]}" >"$out/sqlite-sizes.md"
      python3 "$here/abs-census.py" "$out/sqlite/1-base:$out/sqlite/1-base/objs" \
        "$out/sqlite/2-rewrite:$out/sqlite/2-rewrite/objs" >"$out/sqlite-census.md"
      cat "$out/sqlite-sizes.md" ;;
    kernel)
      bash "$here/kernel-sizes.sh" "$out/kernel" "$plugin"
      python3 "$here/abs-census.py" "$cache/bench/kernel/k1-base:$out/kernel/kernel-1-base.objs" \
        "$cache/bench/kernel/k2-rewrite:$out/kernel/kernel-2-rewrite.objs" >"$out/kernel-census.md" ;;
    kernel-6.12)
      GOTFREE_BENCH_KERNEL=6.12 bash "$here/kernel-sizes.sh" "$out/kernel-6.12" "$plugin" ;;
    ctime)
      read -r -a objs <<<"$kobjs"
      args=(--runs "$runs" --plugin "$plugin")
      amalgs=("$cache"/sqlite/amalgamation-*)
      [ -f "${amalgs[0]}/sqlite3.c" ] && args+=(--sqlite-dir "${amalgs[0]}")
      if [ -d "$cache/bench/kernel/k1-base" ]; then
        args+=(--kernel-tree "$cache/bench/kernel/k1-base" --kernel-obj "${objs[@]}")
      fi
      python3 "$here/compile-time.py" "${args[@]}" | tee "$out/compile-time.md"
      # Instruction counts do not depend on the load (callgrind, ~1 min per
      # kernel object and side): the load-independent figure.
      if [ -d "$cache/bench/kernel/k1-base" ]; then
        read -r -a irobjs <<<"$kirobjs"
        python3 "$here/compile-time.py" --instructions --plugin "$plugin" \
          --kernel-tree "$cache/bench/kernel/k1-base" --kernel-obj "${irobjs[@]}" |
          tee "$out/compile-ir.md"
      fi ;;
    run)
      python3 "$here/sqlite-run.py" "$out/sqlite" --runs "$runs" | tee "$out/runtime.md" ;;
    lua)
      bash "$here/lua-build.sh" "$out/lua" "$plugin"
      python3 "$here/lua-run.py" "$out/lua" | tee "$out/lua.md" ;;
    compress)
      bash "$here/compress-build.sh" "$out/compress" "$plugin"
      python3 "$here/compress-run.py" "$out/compress" | tee "$out/compress.md" ;;
    *) echo "bench: error: unknown stage '$stage'" >&2; exit 2 ;;
  esac
done
