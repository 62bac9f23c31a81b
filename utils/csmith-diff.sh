#!/usr/bin/env bash
# Differential testing of gotfree with csmith: every seed gives one random C
# program, built as a plain non-PIE static baseline and in both plugin modes
# (rewrite: -mcmodel=kernel -fno-pie, pie: -fpie, or -fPIC -fno-plt for
# every other pair of seeds; linked -static-pie with lld), alternating -O2
# and -O0 by seed. csmith's globals are made non-static so that -fPIC input
# reaches them (and libc) through the GOT. The plugin builds must have no
# GOT-family or R_X86_64_32/32S relocation and print exactly what the
# baseline prints (csmith's per-variable checksums). Programs that time out
# or crash in the baseline are skipped and counted; any compile, link or
# output difference in a plugin mode is a failure (seed and command shown).
#
# usage: utils/csmith-diff.sh [--seeds N] [--start S] [--jobs J]
#                             [--plugin SO] [--cflags FLAGS] [--opts LEVELS]
#                             [--work DIR] [--keep]
#   --seeds N   programs to test (default: $GOTFREE_CSMITH_SEEDS or 150)
#   --start S   first seed (default 1); seeds S .. S+N-1
#   --jobs J    parallel jobs (default: nproc)
#   --plugin SO GotFree.so (default: $GOTFREE_SO or build/lib/GotFree.so)
#   --cflags F  extra flags for the plugin builds (e.g. plugin options)
#   --opts L    optimization levels used in turn by seed (default "O2 O0")
#   --work DIR  keep all files in DIR (default: a temporary directory,
#               removed at the end unless --keep or a failure)
# The last line is "csmith: N passed, N failed" (N passed = programs
# compared in both modes); exit status 0 iff nothing failed.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bin=/usr/lib/llvm-22/bin
. "$root/utils/lib/object-relocs.sh"

# The per-seed worker, run in parallel through xargs (see the bottom).
if [ "${1:-}" = --worker ]; then
  seed=$2
  dir=$CSD_WORK/s$seed
  mkdir -p "$dir"
  cd "$dir"
  # Levels in turn by seed (-O2 for even seeds, -O0 for odd ones by
  # default); PIE mode input alternates between -fpie and -fPIC -fno-plt
  # every two seeds.
  read -r -a levels <<<"$CSD_OPTS"
  opt=-${levels[seed % ${#levels[@]}]}
  if [ $((seed / 2 % 2)) -eq 0 ]; then pic=(-fpie); else pic=(-fPIC -fno-plt); fi
  result() { echo "$seed $opt${pic[1]:+/pic} $*" >"$dir/result"; }
  cc=("$bin/clang" "$opt" -w -I/usr/include/csmith)
  # shellcheck disable=SC2086 # CSD_CSMITH_OPTS is a list of options
  if ! timeout 20 csmith --seed "$seed" $CSD_CSMITH_OPTS -o gen.c >gen.log 2>&1; then
    result skip-generate
    exit 0
  fi
  # Global variables (always named g_N by csmith) lose "static".
  sed -E '/^static [^(]*[ *]g_[0-9]+/s/^static //' gen.c >prog.c
  # Runs EXE into OUT; returns its exit status (124 on timeout).
  run() {
    local rc=0
    timeout "$2" "./$1" 1 >"$1.out" 2>&1 || rc=$?
    echo "exit: $rc" >>"$1.out"
    return $rc
  }
  if ! "${cc[@]}" -fno-pie -static -fuse-ld=lld prog.c -o base 2>base.log; then
    result skip-baseline-compile
    exit 0
  fi
  rc=0
  run base "$CSD_TIMEOUT" || rc=$?
  if [ $rc -eq 124 ]; then
    result skip-timeout
    exit 0
  elif [ $rc -ne 0 ]; then
    result skip-crash "(exit $rc)"
    exit 0
  fi
  fails=()
  for mode in rewrite pie; do
    if [ $mode = rewrite ]; then
      # A static PIE's start-up relocates writable data only: constants that
      # hold addresses go to .data.rel.ro and jump tables become relative.
      mflags=(-mcmodel=kernel -fno-pie -fplugin-arg-gotfree-relro=on
        -fplugin-arg-gotfree-weak=relro -fplugin-arg-gotfree-jump-tables=relative)
    else
      mflags=("${pic[@]}")
    fi
    compile="${cc[*]} ${mflags[*]} -fplugin=$CSD_PLUGIN $CSD_CFLAGS -c $dir/prog.c -o $dir/$mode.o"
    # shellcheck disable=SC2086 # CSD_CFLAGS is a list of flags
    if ! "${cc[@]}" "${mflags[@]}" -fplugin="$CSD_PLUGIN" $CSD_CFLAGS -c prog.c -o $mode.o \
      2>$mode.log || grep -q 'error:' $mode.log; then
      fails+=("$mode: compile failed: $compile ($(head -c 300 $mode.log | tr '\n' ' '))")
      continue
    fi
    # Forbidden relocation types with their counts, e.g. "R_X86_64_32S x3".
    bad=$(forbidden_relocs "$(gotfree_check_for "$CSD_PLUGIN")" $mode.o) ||
      bad="unreadable object "
    if [ -n "$bad" ]; then
      fails+=("$mode: forbidden relocations: $bad($compile)")
      continue
    fi
    obj=$mode.o
    link="$bin/clang -static-pie -fuse-ld=lld $dir/$obj -o $dir/$mode"
    if ! "$bin/clang" -static-pie -fuse-ld=lld $obj -o $mode 2>$mode.link.log; then
      fails+=("$mode: link failed: $link ($(head -c 300 $mode.link.log | tr '\n' ' '))")
      continue
    fi
    rc=0
    run $mode $((CSD_TIMEOUT * 3)) || rc=$?
    if ! cmp -s base.out $mode.out; then
      fails+=("$mode: output differs from the baseline (exit $rc; diff $dir/base.out $dir/$mode.out): $compile")
    fi
  done
  if [ ${#fails[@]} -gt 0 ]; then
    msg=$(printf '%s | ' "${fails[@]}")
    result FAIL "${msg% | }"
    exit 0
  fi
  result ok
  # Passing seeds keep only their result line.
  [ -n "$CSD_KEEP" ] || rm -f gen.c prog.c base rewrite pie ./*.o ./*.out ./*.log
  exit 0
fi

seeds=${GOTFREE_CSMITH_SEEDS:-150}
start=1
jobs=$(nproc)
plugin=${GOTFREE_SO:-$root/build/lib/GotFree.so}
work=""
keep=""
cflags=""
opts="O2 O0"
while [ $# -gt 0 ]; do
  case $1 in
  --seeds) seeds=$2; shift 2 ;;
  --start) start=$2; shift 2 ;;
  --jobs) jobs=$2; shift 2 ;;
  --plugin) plugin=$2; shift 2 ;;
  --cflags) cflags=$2; shift 2 ;;
  --opts) opts=$2; shift 2 ;;
  --work) work=$2; shift 2 ;;
  --keep) keep=1; shift ;;
  *) echo "csmith-diff: unknown argument '$1' (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ -f "$plugin" ] || { echo "csmith-diff: plugin '$plugin' not found (run utils/build.sh)" >&2; exit 2; }
command -v csmith >/dev/null && [ -d /usr/include/csmith ] ||
  { echo "csmith-diff: csmith and /usr/include/csmith are needed (apt-get install csmith libcsmith-dev)" >&2; exit 2; }
if [ -z "$work" ]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/csmith-diff.XXXXXX")
  temp_work=1
else
  temp_work=""
  rm -rf "$work"
  mkdir -p "$work"
fi
work=$(cd "$work" && pwd)
# Test one consistent plugin even if it is rebuilt during a long run.
plugin=$(snapshot_plugin "$plugin" "$work/plugin")
# A half-written copy (plugin rebuilt right now) must not pass for a result.
if ! echo 'int v; int *f(void) { return &v; }' |
  "$bin/clang" -x c -O2 -fpie -fplugin="$plugin" -c - -o "$work/plugin/smoke.o" \
    2>"$work/plugin/smoke.log" || [ -s "$work/plugin/smoke.log" ]; then
  echo "csmith-diff: the plugin does not load cleanly:" >&2
  cat "$work/plugin/smoke.log" >&2
  [ -z "$temp_work" ] || rm -rf "$work"
  exit 2
fi

# Small, quick programs: few functions, shallow nesting, small arrays.
export CSD_CSMITH_OPTS="${GOTFREE_CSMITH_OPTS:---max-funcs 8 --max-block-depth 4 --max-array-len-per-dim 8 --no-volatile-pointers}"
export CSD_TIMEOUT=2
export CSD_PLUGIN=$plugin
export CSD_WORK=$work
export CSD_KEEP=$keep
export CSD_CFLAGS=$cflags
export CSD_OPTS=$opts

t0=$(date +%s)
seq "$start" $((start + seeds - 1)) |
  xargs -P "$jobs" -I{} bash "$0" --worker {}
t1=$(date +%s)

ok=0; failed=0; timeouts=0; crashes=0; other=0
for ((s = start; s < start + seeds; ++s)); do
  if [ ! -f "$work/s$s/result" ]; then
    echo "FAIL seed $s: no result (worker died)"
    failed=$((failed + 1))
    continue
  fi
  read -r _ opt status rest <"$work/s$s/result"
  case $status in
  ok) ok=$((ok + 1)) ;;
  skip-timeout) timeouts=$((timeouts + 1)) ;;
  skip-crash) crashes=$((crashes + 1)) ;;
  FAIL) failed=$((failed + 1)); echo "FAIL seed $s ($opt): $rest" ;;
  *) other=$((other + 1)); echo "note: seed $s ($opt): $status $rest" ;;
  esac
done
echo "csmith-diff: seeds $start..$((start + seeds - 1)) ($seeds programs; levels $opts in turn, -fpie/-fPIC -fno-plt alternating), $jobs jobs, $((t1 - t0))s"
echo "csmith-diff: $ok programs identical to the baseline in both modes ($((2 * ok)) plugin builds run)"
echo "csmith-diff: skipped $timeouts baseline timeouts (>${CSD_TIMEOUT}s), $crashes baseline crashes, $other generation/baseline build problems"
# Too few comparisons means the harness, not the plugin, is broken.
if [ $((ok * 2)) -lt "$seeds" ]; then
  echo "csmith-diff: only $ok of $seeds programs were compared"
  failed=$((failed + 1))
fi
if [ "$failed" -eq 0 ] && [ -n "$temp_work" ] && [ -z "$keep" ]; then
  rm -rf "$work"
else
  echo "csmith-diff: files in $work"
fi
echo "csmith: $ok passed, $failed failed"
[ "$failed" -eq 0 ]
