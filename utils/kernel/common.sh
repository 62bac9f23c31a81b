# Sourced by the utils/kernel scripts: shared paths and versions.
# shellcheck shell=bash
GOTFREE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
GOTFREE_CACHE=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
LINUX_DEB_VERSION=6.1.176-1
LLVM_BIN=/usr/lib/llvm-22/bin
KERNEL_CACHE=$GOTFREE_CACHE/kernel

# kernel_source: prints the unpacked (cached) linux source tree.
kernel_source() {
  bash "$GOTFREE_ROOT/utils/kernel/apt-source.sh" linux "$LINUX_DEB_VERSION"
}
