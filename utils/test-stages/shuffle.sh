#!/usr/bin/env bash
# Test stage for gotfree-shuffle: the end-to-end runs of
# utils/gotfree-shuffle/e2e.sh (example, speedtest1, C++ exceptions; patched
# lld and GNU ld; start-up shuffle; negative controls).
# Last line: "shuffle: N passed, N failed".
root=$(cd "$(dirname "$0")/../.." && pwd)
exec bash "$root/utils/gotfree-shuffle/e2e.sh" "${1:-$root/build}"
