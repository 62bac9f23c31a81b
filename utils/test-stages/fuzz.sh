#!/usr/bin/env bash
# fuzz BUILD_DIR: builds the libFuzzer targets of the two tools that read
# untrusted ELF files, gotfree-check and gotfree-shuffle (clang-22
# -fsanitize=fuzzer,address; cached by source hash), replays each one's seed
# corpus (lit inputs, hand-broken files, past crashes), then fuzzes each for
# GOTFREE_FUZZ_RUNS executions (default 1000000) from GOTFREE_FUZZ_SEED
# (default 1), at most GOTFREE_FUZZ_SECONDS (default 120). Last line:
# "fuzz: N passed, N failed".
set -euo pipefail
build=$(cd "${1:?usage: fuzz.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
llvm=/usr/lib/llvm-22
seconds=${GOTFREE_FUZZ_SECONDS:-120}
seed=${GOTFREE_FUZZ_SEED:-1}
runs=${GOTFREE_FUZZ_RUNS:-1000000}
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}/fuzz
stage=fuzz
. "$root/utils/lib/stage-counters.sh"

# fuzz_tool NAME DIR SOURCE...: builds DIR/fuzz/NAME-fuzzer.cpp with the
# library SOURCEs (.cpp and the headers they include, for the cache key),
# then runs DIR/fuzz/make-corpus.sh and the fuzzer.
fuzz_tool() {
  local name=$1 dir=$2 work=$build/fuzz/$1 key fuzzer f o corpus status
  shift 2
  local srcs=("$@" "$dir/fuzz/$name-fuzzer.cpp") objs=()
  mkdir -p "$cache" "$work"
  key=$(cat "${srcs[@]}" "$dir/fuzz/make-corpus.sh" "$0" | sha256sum |
    cut -c1-16)
  fuzzer=$cache/$name-fuzzer-$key
  if [ ! -x "$fuzzer" ]; then
    echo "building $name fuzzer $key"
    for f in "${srcs[@]}"; do
      [[ $f == *.cpp ]] || continue
      o=$work/$(basename "$f" .cpp).o
      nice -n 10 "$llvm/bin/clang++" -std=c++17 -O1 -g \
        -fsanitize=fuzzer-no-link,address -fno-omit-frame-pointer \
        -I"$root/utils/gotfree-check" \
        $("$llvm/bin/llvm-config" --cppflags) -c "$f" -o "$o"
      objs+=("$o")
    done
    nice -n 10 "$llvm/bin/clang++" -fsanitize=fuzzer,address "${objs[@]}" \
      -L"$llvm/lib" -Wl,-rpath,"$llvm/lib" -lLLVM -o "$fuzzer.tmp"
    mv "$fuzzer.tmp" "$fuzzer"
    # Keep only the build for the current sources.
    find "$cache" -maxdepth 1 -name "$name-fuzzer-*" ! -name "$name-fuzzer-$key" \
      -delete
  fi

  corpus=$work/corpus
  rm -rf "$corpus" "$work/found"
  mkdir -p "$corpus" "$work/found"
  bash "$dir/fuzz/make-corpus.sh" "$corpus"
  echo "$name seed corpus: $(ls "$corpus" | wc -l) files"

  # 1. Every seed once (regression for the hand-broken files).
  set +e
  "$fuzzer" -runs=0 -timeout=20 -rss_limit_mb=4096 "$corpus" \
    >"$work/replay.log" 2>&1
  result "$name: replay seed corpus" $?
  # 2. Bounded fuzzing from the seeds; new inputs go to found/. A fixed seed
  # and run count make CI reproducible (a longer, random campaign:
  # GOTFREE_FUZZ_SEED=0 GOTFREE_FUZZ_RUNS=-1 GOTFREE_FUZZ_SECONDS=3600).
  "$fuzzer" -seed="$seed" -runs="$runs" -max_total_time="$seconds" \
    -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
    -artifact_prefix="$work/" "$work/found" "$corpus" >"$work/fuzz.log" 2>&1
  status=$?
  set -e
  grep -E "^#[0-9]+.*DONE|stat::number_of_executed_units" "$work/fuzz.log" |
    tail -2 || true
  if [ $status -ne 0 ]; then
    tail -40 "$work/fuzz.log"
  fi
  result "$name: fuzz (seed $seed, $runs runs, at most ${seconds}s)" $status
}

check=$root/utils/gotfree-check
lib=()
for f in "$check"/*.cpp "$check"/*.h; do
  [ "$(basename "$f")" = gotfree-check.cpp ] || lib+=("$f")
done
fuzz_tool gotfree-check "$check" "${lib[@]}"
shuffle=$root/utils/gotfree-shuffle
fuzz_tool gotfree-shuffle "$shuffle" "${lib[@]}" "$shuffle/Shuffle.cpp" \
  "$shuffle/Shuffle.h" "$shuffle/gotfree-shuffle-map.h"
finish
