#!/usr/bin/env bash
# Usage: check-build-log.sh BUILD_LOG
# Fails on any objtool warning, any complaint of arch/x86/tools/relocs (run
# by a RELOCATABLE build on vmlinux) and any gotfree plugin diagnostic.
set -euo pipefail
log=$1
fail=0
if grep -nE '(warning|error): objtool:' "$log" >&2; then
  echo "check-build-log: error: objtool warnings (above)" >&2; fail=1
fi
if grep -nE 'Absolute relocations present|[Uu]nsupported relocation|[Ii]nvalid relocation|relocs: ' "$log" >&2; then
  echo "check-build-log: error: relocs tool complaints (above)" >&2; fail=1
fi
diag=$(grep -E '(error|warning|remark): gotfree' "$log" || true)
if [ -n "$diag" ]; then
  head -20 <<<"$diag" >&2
  echo "check-build-log: error: $(wc -l <<<"$diag") gotfree diagnostics (first above)" >&2; fail=1
fi
exit $fail
