#!/usr/bin/env bash
# Usage: kernel-extra.sh BUILD_DIR
# The Linux 6.12 configurations too big for CI's time budget (run by hand,
# reported in the closing notes; utils/test.sh does not run it): the "guest"
# configuration (tinyconfig + base.config + networking, PCI virtio disk and
# NIC, ext4, tmpfs/devtmpfs; jump tables) and the "thinlto" one (Clang
# ThinLTO, code generation in the vmlinux.o link, which loads the plugin
# too). Each is built without the plugin and with KCFLAGS=-fplugin=GotFree.so
# and default options on the 6.12 tree with the objtool patches, checked as
# in kernel.sh (objtool, relocs tool, plugin diagnostics, R_X86_64_32S, ORC
# against the baseline of the same configuration) and booted with and
# without KASLR. Under CI=true it only says that it is skipped: CI's time
# budget holds the kernels of kernel.sh, not these.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
plugin=$build/lib/GotFree.so
kdir=$root/utils/kernel
. "$kdir/common.sh"
out=$build/e2e/kernel-extra
stage=kernel-extra
. "$kdir/stage-lib.sh"
if [ "${CI:-}" = true ]; then
  echo "kernel-extra: skipped under CI=true (run: bash utils/test-stages/kernel-extra.sh BUILD)"
  echo "kernel-extra: 0 passed, 0 failed"
  exit 0
fi
stage_setup kernel-extra

for cfg in guest thinlto; do
  echo "== Linux 6.12, $cfg"
  run_config 6.12 "base-$cfg" "$cfg" none
  base=$dir
  run_config 6.12+objtool "gotfree-$cfg" "$cfg" "$plugin"
  [ -n "$dir" ] || continue
  check_c_relocs 6.12+objtool "gotfree-$cfg"
  check_dispatches "6.12+objtool/gotfree-$cfg" "$dir"
  [ -z "$base" ] || check_orc "6.12+objtool/gotfree-$cfg" "$base" "$dir"
done
finish
