#!/usr/bin/env bash
# Test stage for the lld patch series (lld-patches/): builds the patched lld
# (cached, see utils/build-lld.sh), then runs with lit
#  - lld's whole test/ELF suite (the series' new tests among them) from the
#    same patched source tree, and
#  - gotfree's own tests in test/lld (kernel-style re-application of the
#    emitted relocations, comparison with GNU ld) against the patched lld.
# Last line: "lld: N passed, N failed".
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build}
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
lit=/usr/lib/llvm-22/bin/lit
jobs=$(nproc)
passed=0
failed=0

finish() {
  echo "lld: $passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
  exit
}

if ! ld_lld=$(bash "$root/utils/build-lld.sh"); then
  echo "lld stage: building the patched lld failed"
  failed=1
  finish
fi
echo "lld stage: using $ld_lld"
"$ld_lld" --version

# run_lit NAME ARGS...: runs lit and adds its counts to the totals.
run_lit() {
  local name=$1 json counts
  shift
  json=$(mktemp)
  echo "== lld stage: $name"
  "$lit" -sv -j "$jobs" --output "$json" "$@" || true
  counts=$(python3 - "$json" <<'PY'
import json, sys
ok = bad = 0
try:
    tests = json.load(open(sys.argv[1]))["tests"]
except Exception:
    tests = None
if not tests:
    print(0, 1)  # lit found or ran nothing: that is a failure
    sys.exit()
for t in tests:
    if t["code"] in ("PASS", "XFAIL"):
        ok += 1
    elif t["code"] in ("FAIL", "XPASS", "UNRESOLVED", "TIMEOUT"):
        bad += 1
print(ok, bad)
PY
)
  rm -f "$json"
  set -- $counts
  passed=$((passed + $1))
  failed=$((failed + $2))
}

# lld's whole test/ELF suite from the patched tree: the series' new tests and
# every existing one. The ELF/dtlto tests run scripts from llvm/utils/dtlto,
# which the lld build does not extract.
. "$root/utils/lib/llvm-source.sh"
if ! llvm_source_part llvm/utils/dtlto "$cache/lld/work/src/llvm/utils/dtlto"; then
  echo "lld stage: extracting llvm/utils/dtlto failed"
  failed=$((failed + 1))
fi
run_lit "lld ELF suite" "$cache/lld/work/build/test/ELF"

# gotfree's own tests of the patched lld (they need the main build's lit
# site config), unless utils/test.sh's core lit run has just run them with
# this lld.
if [ "${GOTFREE_PATCHED_LLD:-}" = "$ld_lld" ]; then
  echo "lld stage: test/lld ran in the core lit run with $ld_lld"
elif [ -e "$build/test/lit.site.cfg.py" ]; then
  GOTFREE_PATCHED_LLD=$ld_lld run_lit "gotfree test/lld" "$build/test/lld"
else
  echo "lld stage: $build/test/lit.site.cfg.py missing; build gotfree first"
  failed=$((failed + 1))
fi
finish
