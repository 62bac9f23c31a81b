#!/usr/bin/env bash
# Usage: kernel.sh BUILD_DIR
# Linux 6.1 (Debian linux 6.1.176-1) end to end: builds x86-64 tinyconfig +
# test/kernel fragments with LLVM 22, without the plugin (baseline) and with
# GotFree.so in rewrite mode (retpoline and jump-table configurations), fails
# on objtool warnings, relocs-tool complaints or plugin diagnostics, counts
# R_X86_64_32S in vmlinux and per object, and boots every kernel in qemu (TCG)
# with and without KASLR up to the init marker.
# Builds are cached in $GOTFREE_CACHE/kernel, keyed by plugin, fragments,
# scripts and source version. GOTFREE_SKIP_KERNEL=1 skips the stage;
# GOTFREE_KERNEL_PIE=1 also tries PIE mode (-fpie), reported, not counted.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
plugin=$build/lib/GotFree.so
kdir=$root/utils/kernel
. "$kdir/common.sh"
out=$build/e2e/kernel
passed=0
failed=0
pass() { echo "PASS: kernel: $1"; passed=$((passed + 1)); }
fail() { echo "FAIL: kernel: $1"; failed=$((failed + 1)); }
finish() {
  echo "kernel: took $(($(date +%s) - stage_start))s"
  echo "kernel: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit
}
stage_start=$(date +%s)

if [ "${GOTFREE_SKIP_KERNEL:-0}" = 1 ]; then
  echo "kernel: skipped (GOTFREE_SKIP_KERNEL=1)"
  finish
fi
for tool in qemu-system-x86_64 flex bison bc cpio dpkg-source; do
  command -v "$tool" >/dev/null || fail "missing tool $tool (GOTFREE_WANT_KERNEL=1 utils/install-deps.sh)"
done
[ -f "$plugin" ] || fail "no plugin at $plugin"
[ "$failed" -eq 0 ] || finish
rm -rf "$out"
mkdir -p "$out"

if ! bash "$kdir/build-initramfs.sh" "$out/init.cpio" >/dev/null 2>"$out/initramfs.log"; then
  fail "initramfs: $(tail -1 "$out/initramfs.log")"
  finish
fi

# jump_table_dispatches VMLINUX: indirect jumps through an 8-byte table entry,
# both the -mcmodel=kernel form (jmp *tbl(,%i,8)) and the rewritten form
# (lea tbl(%rip),%t; jmp *(%t,%i,8)).
jump_table_dispatches() {
  /usr/lib/llvm-22/bin/llvm-objdump -d --no-show-raw-insn "$1" |
    grep -cE 'jmpq?[[:space:]]+\*(-?0x[0-9a-f]+)?\((%r[a-z0-9]+)?,%r[a-z0-9]+,8\)'
}

# run_config NAME CONFIG PLUGIN EXTRA_KCFLAGS: build, count, boot.
# Sets dir to the build directory ("" when the build failed).
run_config() {
  local name=$1 config=$2 so=$3 extra=${4:-} t0
  t0=$(date +%s)
  dir=
  if dir=$(bash "$kdir/build-kernel.sh" "$name" "$config" "$so" "$extra" 2>"$out/$name.build.log" | tail -1) &&
     [ -n "$dir" ]; then
    pass "$name: builds with no objtool warning, relocs error or plugin diagnostic ($(cat "$dir/build-seconds" 2>/dev/null || echo '?')s build)"
  else
    dir=
    fail "$name: build failed:"
    sed 's/^/  /' "$out/$name.build.log" | tail -25
    return
  fi
  grep -q 'reusing cached build' "$out/$name.build.log" && echo "  ($name: reused cached build)"
  local src
  src=$(kernel_source 2>/dev/null)
  local census=(--json "$out/$name.relocs.json")
  [ "$so" = none ] || census+=(--mode-off "$root/test/kernel/mode-off.list")
  python3 "$kdir/count-relocs.py" "$dir" "$src" "${census[@]}" | sed 's/^/  /'
  echo "  jump-table dispatches in vmlinux: $(jump_table_dispatches "$dir/vmlinux")"
  for mode in nokaslr kaslr; do
    local line
    if line=$(bash "$kdir/boot.sh" "$dir/arch/x86/boot/bzImage" "$out/init.cpio" "$mode" \
                "$out/$name.$mode.serial.log" 2>"$out/$name.$mode.log"); then
      pass "$name: boots to the init marker with $mode ($line)"
    else
      fail "$name: $mode boot:"
      sed 's/^/  /' "$out/$name.$mode.log" | tail -15
    fi
  done
  echo "  $name: $(($(date +%s) - t0))s including boots"
}

# c_relocs NAME: R_X86_64_32S left in objects compiled from C, per-CPU
# references and objects of test/kernel/mode-off.list aside.
c_relocs() {
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["c_by_reason"].get("other", 0))' \
    "$out/$1.relocs.json"
}

# 6.1's objtool follows only the 8-byte absolute tables (jmp *(t,i,8)); the
# relative tables, gotfree's default, need its 2024 annotation support.
plugin_args=-fplugin-arg-gotfree-jump-tables=absolute-rip
run_config base-retpoline retpoline none
base_dir=$dir
for cfg in retpoline jumptables; do
  run_config "gotfree-$cfg" "$cfg" "$plugin" "$plugin_args"
  [ -n "$dir" ] || continue
  n=$(c_relocs "gotfree-$cfg")
  if [ "$n" = 0 ]; then
    pass "gotfree-$cfg: no R_X86_64_32S left in objects compiled from C (per-CPU and mode-off.list aside)"
  else
    fail "gotfree-$cfg: $n R_X86_64_32S (not per-CPU) left in objects compiled from C:"
    python3 -c 'import json,sys
for o in json.load(open(sys.argv[1]))["objects"]:
    if o["kind"] == "c" and o["categories"].get("other"): print("  ", o["categories"]["other"], o["object"])' "$out/gotfree-$cfg.relocs.json" | head -20
  fi
  if [ "$cfg" = jumptables ]; then
    n=$(jump_table_dispatches "$dir/vmlinux")
    if [ "$n" -gt 0 ]; then
      pass "gotfree-jumptables: vmlinux has $n jump-table dispatches that objtool followed"
    else
      fail "gotfree-jumptables: no jump tables generated, the configuration tests nothing"
    fi
  fi
done

if [ "${GOTFREE_KERNEL_PIE:-0}" = 1 ]; then
  echo "== PIE mode (informational, not counted)"
  if dir=$(bash "$kdir/build-kernel.sh" gotfree-pie retpoline "$plugin" "$plugin_args -fpie" 2>"$out/gotfree-pie.build.log" | tail -1) && [ -n "$dir" ]; then
    echo "  gotfree-pie: builds (objtool, relocs tool and plugin diagnostics clean)"
    python3 "$kdir/count-relocs.py" "$dir" "$(kernel_source 2>/dev/null)" \
      --mode-off "$root/test/kernel/mode-off.list" | sed 's/^/  /' | head -4
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
