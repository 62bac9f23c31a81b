#!/usr/bin/env bash
# Usage: codegen-sweep.sh BUILD_DIR
# A fixed sample of LLVM 22's llvm/test/CodeGen/X86 inputs through both
# gotfree modes (utils/codegen-sweep.sh --sample); the whole sweep is
# `bash utils/codegen-sweep.sh OUT`. Ends with "codegen-sweep: N passed, N
# failed". GOTFREE_SWEEP_SAMPLE sets the sample size (default 300).
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
start=$(date +%s)
bash "$root/utils/codegen-sweep.sh" --sample "${GOTFREE_SWEEP_SAMPLE:-300}" \
  "$build" "$build/codegen-sweep"
rc=$?
echo "codegen-sweep: took $(($(date +%s) - start))s" >&2
exit $rc
