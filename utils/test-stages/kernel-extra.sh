#!/usr/bin/env bash
# Usage: kernel-extra.sh BUILD_DIR
# The kernel configurations too big for CI's time budget (run by hand,
# reported in the closing notes; utils/test.sh runs it only outside CI):
#   Linux 6.12 retpoline (the distribution default: no jump tables), and
#     jump tables with jump-tables=absolute-rip under its stock objtool;
#   Linux 6.12 and 7.3, "guest" (tinyconfig + base.config + networking, PCI
#     virtio disk and NIC, ext4, tmpfs/devtmpfs; jump tables): the baseline
#     and the default under each kernel's objtool series; 7.3's also linked
#     as a PIE (utils/kernel/pie-patches/7.3);
#   Linux 6.12 and 7.3 "thinlto" (Clang ThinLTO, code generation in the
#     vmlinux.o link, which loads the plugin too; 7.3's under its objtool
#     series).
# Each is checked as in kernel.sh (objtool, relocs tool, plugin diagnostics,
# R_X86_64_32S, ORC against the baseline of the same configuration) and
# booted with and without KASLR. Under CI=true it only says that it is
# skipped: CI's time budget holds the kernels of kernel.sh, not these.
# GOTFREE_KERNEL_EXTRA lists the parts to run (default all: "6.12
# 6.12-guest 6.12-thinlto 7.3-guest 7.3-thinlto").
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

parts=" ${GOTFREE_KERNEL_EXTRA:-6.12 6.12-guest 6.12-thinlto 7.3-guest 7.3-thinlto} "
want() { [[ $parts == *" $1 "* ]]; }

if want 6.12; then
echo "== Linux 6.12 ($(linux_version 6.12)), retpoline and stock objtool"
run_config 6.12 base-retpoline retpoline none
run_config 6.12 gotfree-retpoline retpoline "$plugin"
[ -z "$dir" ] || check_c_relocs 6.12 gotfree-retpoline
# A user without the objtool series: 8-byte tables, stock objtool.
run_config 6.12 gotfree-jumptables-absolute jumptables "$plugin" -fplugin-arg-gotfree-jump-tables=absolute-rip
if [ -n "$dir" ]; then
  check_c_relocs 6.12 gotfree-jumptables-absolute
  check_dispatches 6.12/gotfree-jumptables-absolute "$dir"
fi
fi

for cfg in guest thinlto; do
  want "6.12-$cfg" || continue
  echo "== Linux 6.12 ($(linux_version 6.12)), $cfg"
  run_config 6.12 "base-$cfg" "$cfg" none
  base=$dir
  run_config 6.12+objtool "gotfree-$cfg" "$cfg" "$plugin"
  [ -n "$dir" ] || continue
  check_c_relocs 6.12+objtool "gotfree-$cfg"
  check_dispatches "6.12+objtool/gotfree-$cfg" "$dir"
  [ -z "$base" ] || check_orc "6.12+objtool/gotfree-$cfg" "$base" "$dir"
done

if want 7.3-thinlto; then
echo "== Linux 7.3 ($(linux_version 7.3)), thinlto"
run_config 7.3+pie base-thinlto thinlto none
base=$dir
run_config 7.3+pie gotfree-thinlto thinlto "$plugin"
if [ -n "$dir" ]; then
  check_c_relocs 7.3+pie gotfree-thinlto other per-cpu
  check_dispatches 7.3+pie/gotfree-thinlto "$dir"
  [ -z "$base" ] || check_orc 7.3+pie/gotfree-thinlto "$base" "$dir"
fi
fi

if want 7.3-guest; then
echo "== Linux 7.3 ($(linux_version 7.3)), guest"
run_config 7.3+pie base-guest guest none
base=$dir
run_config 7.3+pie gotfree-guest guest "$plugin"
if [ -n "$dir" ]; then
  check_c_relocs 7.3+pie gotfree-guest other per-cpu
  check_dispatches 7.3+pie/gotfree-guest "$dir"
  [ -z "$base" ] || check_orc 7.3+pie/gotfree-guest "$base" "$dir"
  export GOTFREE_KERNEL_FROM=gotfree-guest
  run_config 7.3+pie gotfree-guest-pie guest+pie "$plugin"
  unset GOTFREE_KERNEL_FROM
  if [ -n "$dir" ]; then
    check_pie 7.3+pie/gotfree-guest-pie "$dir"
    check_relocated_boot 7.3+pie/gotfree-guest-pie
  fi
fi
fi
finish
