#!/usr/bin/env bash
# Usage: llvm-upstream.sh BUILD_DIR
# Test stage for the X86 series of llvm-pass/upstream (the pass suite in
# upstream form; llvm-pass/upstream/README.md):
#  1. the patched llc (utils/build-llvm-upstream.sh, cached by the series);
#  2. the series' own tests (the files it adds to llvm/test/CodeGen/X86) with
#     lit: each passes with the patched llc and fails with the stock one;
#  3. LLVM's whole llvm/test/CodeGen/X86 suite with lit, against the patched
#     llc and the stock one: no test may fail with the patched llc that
#     passes with the stock one (both counts are printed; the stock run is
#     cached per installed LLVM, the patched one per series);
#  4. plugin <-> in-tree equivalence (utils/llvm-upstream/equivalence.py):
#     every .ll code generation input of test/ and the CI sample of the
#     CodeGen/X86 sweep, stock llc + GotFree.so against the patched llc
#     with the "nogot" module flag: no GOT and no absolute relocation on
#     either side, differences listed with their reasons;
#  5. SQLite's .text both ways (utils/llvm-upstream/sqlite-text.sh).
# Under CI=true the stage runs the equivalence on a sample of 100 and skips
# SQLite (it says so); everything else runs as it does by hand, the patched
# llc and both CodeGen/X86 suite runs included when they are not cached
# (what that costs a cold CI: llvm-pass/upstream/README.md, "Test").
# Last line: "llvm-upstream: N passed, N failed".
#
# Environment: GOTFREE_LLVM_JOBS (lit and compile jobs, default nproc),
# GOTFREE_SWEEP_SAMPLE (default 300, 100 under CI=true),
# GOTFREE_UPSTREAM_SUITE=0 skips step 3.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
version=22.1.8
llvm_dir=/usr/lib/llvm-22
lit=$llvm_dir/bin/lit
jobs=${GOTFREE_LLVM_JOBS:-$(nproc)}
stage=llvm-upstream
stage_start=$(date +%s)
. "$root/utils/lib/stage-counters.sh"
. "$root/utils/lib/llvm-source.sh"
note() { echo "$stage: $*"; }
ci=false
[ "${CI:-}" = true ] && ci=true

# 1. The patched llc.
if ! llc=$(bash "$root/utils/build-llvm-upstream.sh"); then
  fail "building the patched llc (utils/build-llvm-upstream.sh)"
  finish
fi
series=$(dirname "$(dirname "$llc")")
note "patched llc: $llc"
work=$build/llvm-upstream
mkdir -p "$work"

# Tool directories for lit: the installed tools, and the same with the
# patched llc.
stock_tools=$llvm_dir/bin
patched_tools=$work/tools
rm -rf "$patched_tools"
mkdir -p "$patched_tools"
for t in "$stock_tools"/*; do ln -s "$t" "$patched_tools/"; done
ln -sf "$llc" "$patched_tools/llc"

# LLVM's test configuration and CodeGen/X86 suite (and the inputs its tests
# share with other targets'), pristine, named after the list of parts.
suite_parts=(llvm/test/lit.cfg.py llvm/test/lit.site.cfg.py.in llvm/test/CodeGen/X86
             llvm/test/CodeGen/Inputs)
suite_key=$(echo "${suite_parts[*]}" | sha256sum | cut -c1-8)
suite=$cache/llvm-upstream/lit-src-$version-$suite_key
if ! llvm_source_tree "$suite" "${suite_parts[@]}"; then
  fail "extracting LLVM's test suite"
  finish
fi

# lit_json OUT SRC OBJ TOOLS PATH...: runs lit on PATH... (below OBJ/test)
# of the suite in SRC against TOOLS and writes its JSON report to OUT.
lit_json() {
  local out=$1 src=$2 obj=$3 tools=$4
  shift 4
  python3 "$root/utils/llvm-upstream/lit-site.py" "$src/llvm" "$obj" "$tools" &&
    mkdir -p "$obj/test/CodeGen/X86" &&
    nice -n 19 "$lit" -q -j "$jobs" --output "$out" "$@" >"$out.log" 2>&1
  [ -s "$out" ]
}
# outcomes JSON: "NAME CODE" per test.
outcomes() {
  python3 - "$1" <<'PY'
import json, sys
for t in json.load(open(sys.argv[1]))["tests"]:
    print(t["name"].split(" :: ", 1)[1], t["code"])
PY
}

# 2. The series' own tests: a copy of the suite's configuration with only
# the files the series adds.
own=$work/own
rm -rf "$own"
mkdir -p "$own/src/llvm/test/CodeGen/X86"
cp "$suite/llvm/test/lit.cfg.py" "$suite/llvm/test/lit.site.cfg.py.in" "$own/src/llvm/test/"
cp "$suite/llvm/test/CodeGen/X86/lit.local.cfg" "$own/src/llvm/test/CodeGen/X86/"
cp "$series"/llvm/test/CodeGen/X86/* "$own/src/llvm/test/CodeGen/X86/" 2>/dev/null
mapfile -t own_tests < <(cd "$series/llvm/test/CodeGen/X86" 2>/dev/null && ls)
if [ ${#own_tests[@]} -eq 0 ]; then
  fail "the series adds no test to llvm/test/CodeGen/X86"
else
  for side in patched stock; do
    tools=$patched_tools
    [ $side = stock ] && tools=$stock_tools
    lit_json "$own/$side.json" "$own/src" "$own/obj-$side" "$tools" \
      "$own/obj-$side/test/CodeGen/X86" || true
  done
  for t in "${own_tests[@]}"; do
    p=$(outcomes "$own/patched.json" 2>/dev/null | awk -v t="CodeGen/X86/$t" '$1 == t {print $2}')
    s=$(outcomes "$own/stock.json" 2>/dev/null | awk -v t="CodeGen/X86/$t" '$1 == t {print $2}')
    if [ "$p" = PASS ]; then pass "own test $t passes with the patched llc"
    else fail "own test $t: ${p:-not run} with the patched llc (see $own/patched.json.log)"; fi
    if [ "$s" = FAIL ]; then pass "own test $t fails with the stock llc"
    else fail "own test $t: ${s:-not run} with the stock llc, expected FAIL"; fi
  done
fi

# 3. The whole CodeGen/X86 suite, stock (cached per installed LLVM) and
# patched (cached per series).
summary() {
  python3 - "$1" <<'PY'
import collections, json, sys
c = collections.Counter(t["code"] for t in json.load(open(sys.argv[1]))["tests"])
print(", ".join(f"{k.lower()} {c[k]}" for k in sorted(c)))
PY
}
if [ "${GOTFREE_UPSTREAM_SUITE:-1}" = 0 ]; then
  note "CodeGen/X86 suite skipped (GOTFREE_UPSTREAM_SUITE=0)"
else
  stock_key=$(dpkg-query -W -f='${Version}' llvm-22 2>/dev/null || echo unknown)
  stock_json=$cache/llvm-upstream/lit-stock-$version-$suite_key-$stock_key.json
  patched_json=$series/lit-patched.json
  for side in stock patched; do
    json=$stock_json tools=$stock_tools
    [ $side = patched ] && json=$patched_json tools=$patched_tools
    if [ -s "$json" ]; then
      note "CodeGen/X86 suite, $side llc: cached ($json)"
      continue
    fi
    note "CodeGen/X86 suite, $side llc: running lit (-j$jobs)"
    start=$(date +%s)
    if lit_json "$json.tmp" "$suite" "$work/suite-$side" "$tools" \
         "$work/suite-$side/test/CodeGen/X86"; then
      mv "$json.tmp" "$json"
      note "CodeGen/X86 suite, $side llc: $(($(date +%s) - start))s"
    else
      fail "CodeGen/X86 suite with the $side llc did not run (see $json.tmp.log)"
    fi
  done
  if [ -s "$stock_json" ] && [ -s "$patched_json" ]; then
    note "CodeGen/X86 suite, stock llc:   $(summary "$stock_json")"
    note "CodeGen/X86 suite, patched llc: $(summary "$patched_json")"
    new=$(join <(outcomes "$stock_json" | sort) <(outcomes "$patched_json" | sort) |
      awk '($2 == "PASS" || $2 == "XFAIL") && $3 != $2 {print $1 " (" $2 " -> " $3 ")"}')
    if [ -z "$new" ]; then
      pass "CodeGen/X86 suite: no new failure with the patched llc"
    else
      fail "CodeGen/X86 suite: new failures with the patched llc: $(echo "$new" | wc -l)"
      echo "$new" | head -20
    fi
  fi
fi

# 4. Plugin <-> in-tree equivalence.
plugin=$build/lib/GotFree.so
check=$build/bin/gotfree-check
if [ ! -f "$plugin" ] || [ ! -x "$check" ]; then
  fail "equivalence: no plugin or gotfree-check in $build"
else
  tests=$cache/llvm-src/codegen-x86-$version
  llvm_source_part llvm/test/CodeGen/X86 "$tests" || true
  sample=${GOTFREE_SWEEP_SAMPLE:-300}
  $ci && sample=${GOTFREE_SWEEP_SAMPLE:-100}
  note "plugin <-> in-tree equivalence (test/ and a sample of $sample CodeGen/X86 inputs)"
  eq=$(nice -n 19 python3 "$root/utils/llvm-upstream/equivalence.py" --llc "$llc" \
         --plugin "$plugin" --check "$check" --gotfree-tests "$root/test" \
         --sweep-tests "$tests" --sample "$sample" --jobs "$jobs" "$work/equivalence")
  echo "$eq" | sed 's/^/  /'
  line=$(grep -E '^equivalence: [0-9]+ passed, [0-9]+ failed' <<<"$eq" | tail -1)
  if [ -z "$line" ]; then
    fail "equivalence: no result"
  else
    p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
    passed=$((passed + p))
    failed=$((failed + f))
  fi
fi

# 5. SQLite's .text both ways.
if $ci; then
  note "SQLite .text comparison skipped under CI=true (four compiles of the" \
    "amalgamation; run the stage without CI=true)"
elif [ -f "$plugin" ]; then
  if sizes=$(bash "$root/utils/llvm-upstream/sqlite-text.sh" "$llc" "$plugin" \
               "$work/sqlite" 2>"$work/sqlite.log"); then
    echo "$sizes"
    pass "SQLite compiled both ways, .text measured"
  else
    tail -5 "$work/sqlite.log"
    fail "SQLite .text comparison (see $work/sqlite.log)"
  fi
fi
finish
