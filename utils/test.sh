#!/usr/bin/env bash
# The whole gotfree test suite: installs what it needs, builds, runs every
# stage, and ends with one "N passed, N failed" line.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GOTFREE_BUILD_DIR:-$root/build}
export GOTFREE_CACHE=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
mkdir -p "$GOTFREE_CACHE"

# The kernel end-to-end stage needs qemu and the kernel build tools.
export GOTFREE_WANT_KERNEL=${GOTFREE_WANT_KERNEL:-1}
bash "$root/utils/install-deps.sh" || exit 1
bash "$root/utils/build.sh" || exit 1
# The patched lld first (cached; utils/build-lld.sh), so that the core lit run
# has it and test/lld's tests run there on a fresh machine too.
if patched_lld=$(bash "$root/utils/build-lld.sh" | tail -1) && [ -x "$patched_lld" ]; then
  export GOTFREE_PATCHED_LLD=$patched_lld
else
  echo "test: building the patched lld failed; the lld stage reports it"
fi

passed=0
failed=0
# lit_stage NAME DIR: runs one lit suite and adds its counts to the totals.
lit_stage() {
  local name=$1 dir=$2 json="$build/lit-$1.json"
  echo "== $name"
  /usr/lib/llvm-22/bin/lit -sv --time-tests -j "$(nproc)" \
    --output "$json" "$dir"
  local counts
  counts=$(python3 - "$json" <<'PY'
import json, sys
ok = bad = 0
for t in json.load(open(sys.argv[1]))["tests"]:
    code = t["code"]
    if code in ("PASS", "XFAIL"):
        ok += 1
    elif code in ("FAIL", "XPASS", "UNRESOLVED", "TIMEOUT"):
        bad += 1
print(ok, bad)
PY
) || counts="0 1"
  set -- $counts
  passed=$((passed + $1))
  failed=$((failed + $2))
}

lit_stage core "$build/test"
for stage in "$root"/utils/test-stages/*.sh; do
  [ -e "$stage" ] || continue
  name=$(basename "$stage" .sh)
  echo "== $name"
  out=$(bash "$stage" "$build") ; rc=$?
  echo "$out"
  # A stage prints "STAGE: N passed, N failed" as its last line.
  line=$(printf '%s\n' "$out" | grep -E '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' | tail -1)
  if [ -n "$line" ]; then
    p=$(sed -E 's/.* ([0-9]+) passed.*/\1/' <<<"$line")
    f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")
    passed=$((passed + p)); failed=$((failed + f))
  fi
  [ $rc -eq 0 ] || { [ -n "$line" ] && [ "$f" -gt 0 ]; } || failed=$((failed + 1))
done

echo "gotfree: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
