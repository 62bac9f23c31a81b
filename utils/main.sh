#!/usr/bin/env bash
# The main job: install what is needed, build GotFree.so, then compile, link
# and verify the bundled example (a self-relocating static PIE) GOT-free in
# both input modes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${GOTFREE_BUILD_DIR:-$root/build}

bash "$root/utils/install-deps.sh"
bash "$root/utils/build.sh"
exec bash "$root/utils/example/run.sh" "$build"
