#!/usr/bin/env bash
# Usage: kernel.sh BUILD_DIR
# Linux 6.1 (Debian's linux 6.1.176-1 source package) and 6.12 (Debian's
# linux-source-6.12 6.12.117-1~deb12u1) end to end: x86-64 tinyconfig +
# test/kernel fragments built with LLVM 22, without the plugin (baseline) and
# with KCFLAGS=-fplugin=GotFree.so and nothing else (rewrite mode, default
# options, no per-object flag):
#   6.1   retpoline; jump tables with jump-tables=absolute-rip (its stock
#         objtool follows 8-byte tables only)
#   6.12  retpoline; jump tables with absolute-rip under the stock objtool;
#         jump tables with the default relative tables under the objtool
#         patch series of utils/kernel/objtool-patches (tree "6.12+objtool"),
#         whose ORC data is checked against the baseline, with negative
#         controls (stock objtool, and the patched one without annotations,
#         on the same code).
# Fails on objtool warnings, relocs-tool complaints or plugin diagnostics,
# counts R_X86_64_32S (vmlinux, or vmlinux.o where 6.12 stripped vmlinux) and
# boots every kernel in qemu (TCG) with and without KASLR up to the init
# marker. Builds are cached in $GOTFREE_CACHE/kernel/<kernel>/<name>, keyed
# by plugin, fragments, scripts, source version and patches.
# GOTFREE_SKIP_KERNEL=1 skips the stage; GOTFREE_KERNEL_PIE=1 also tries PIE
# mode (-fpie) on 6.1, reported, not counted.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
plugin=$build/lib/GotFree.so
kdir=$root/utils/kernel
. "$kdir/common.sh"
out=$build/e2e/kernel
stage=kernel
. "$kdir/stage-lib.sh"
stage_setup kernel

echo "== Linux 6.1"
run_config 6.1 base-retpoline retpoline none
run_config 6.1 gotfree-retpoline retpoline "$plugin"
[ -z "$dir" ] || check_c_relocs 6.1 gotfree-retpoline
run_config 6.1 gotfree-jumptables jumptables "$plugin" -fplugin-arg-gotfree-jump-tables=absolute-rip
if [ -n "$dir" ]; then
  check_c_relocs 6.1 gotfree-jumptables
  check_dispatches 6.1/gotfree-jumptables "$dir"
fi

echo "== Linux 6.12"
run_config 6.12 base-retpoline retpoline none
base612=$dir
run_config 6.12 gotfree-retpoline retpoline "$plugin"
[ -z "$dir" ] || check_c_relocs 6.12 gotfree-retpoline
# A user without the objtool patches: 8-byte tables, stock objtool.
run_config 6.12 gotfree-jumptables-absolute jumptables "$plugin" -fplugin-arg-gotfree-jump-tables=absolute-rip
if [ -n "$dir" ]; then
  check_c_relocs 6.12 gotfree-jumptables-absolute
  check_dispatches 6.12/gotfree-jumptables-absolute "$dir"
  [ -z "$base612" ] || check_orc 6.12/gotfree-jumptables-absolute "$base612" "$dir"
fi
# The default: relative tables, followed by the patched objtool.
run_config 6.12+objtool gotfree-jumptables jumptables "$plugin"
patched=$dir
if [ -n "$patched" ]; then
  check_c_relocs 6.12+objtool gotfree-jumptables
  check_dispatches 6.12+objtool/gotfree-jumptables "$patched"
  [ -z "$base612" ] || check_orc 6.12+objtool/gotfree-jumptables "$base612" "$patched"
  # Negative controls, on the code the build compiled: the stock objtool
  # cannot follow the relative tables, and the patched one needs the
  # annotations where one table address serves several dispatches.
  stock=${base612:-missing}/tools/objtool/objtool
  for obj in arch/x86/entry/syscall_64.o kernel/sched/fair.o kernel/events/core.o; do
    [ -f "$patched/$obj" ] || { fail "control: $obj is not in the build"; continue; }
    read -r n_patched n_stock < <(objtool_warnings "$patched" "$obj" "" \
                                    "$patched/tools/objtool/objtool" "$stock")
    if [ "$n_patched" = 0 ] && [ "$n_stock" != error ] && [ "$n_stock" -gt 0 ]; then
      pass "control: $obj: stock objtool gives $n_stock warnings on the relative tables, the patched one 0"
    else
      fail "control: $obj: patched objtool $n_patched warnings (want 0), stock $n_stock (want > 0)"
    fi
  done
  n=$(objtool_warnings "$patched" kernel/events/core.o \
        -fplugin-arg-gotfree-jump-table-annotations=none "$patched/tools/objtool/objtool")
  if [ "$n" != error ] && [ "$n" -gt 0 ]; then
    pass "control: kernel/events/core.o without annotations: the patched objtool gives $n warnings"
  else
    fail "control: kernel/events/core.o without annotations: the patched objtool gives $n warnings (want > 0)"
  fi
fi

if [ "${GOTFREE_KERNEL_PIE:-0}" = 1 ]; then
  echo "== PIE mode on 6.1 (informational, not counted)"
  if dir=$(bash "$kdir/build-kernel.sh" 6.1 gotfree-pie retpoline "$plugin" -fpie 2>"$out/gotfree-pie.build.log" | tail -1) && [ -n "$dir" ]; then
    echo "  gotfree-pie: builds (objtool, relocs tool and plugin diagnostics clean)"
    python3 "$kdir/count-relocs.py" "$dir" "$(kernel_source 6.1 2>/dev/null)" --plugin-build | sed 's/^/  /' | head -4
    for mode in nokaslr kaslr; do
      bash "$kdir/boot.sh" "$dir/arch/x86/boot/bzImage" "$out/init.cpio" "$mode" \
        "$out/gotfree-pie.$mode.serial.log" 2>&1 | sed 's/^/  /'
    done
  else
    echo "  gotfree-pie: build failed:"
    sed 's/^/  /' "$out/gotfree-pie.build.log" | tail -25
  fi
fi
finish
