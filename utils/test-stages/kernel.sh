#!/usr/bin/env bash
# Usage: kernel.sh BUILD_DIR
# Linux 6.1 (Debian's linux source package), 6.12 (linux-source-6.12) and
# 7.3 (linux-source-7.3, from trixie-backports) end to end, each pinned
# (utils/kernel/common.sh; the version built is printed with every kernel):
# x86-64 tinyconfig + test/kernel fragments built with LLVM 22, without the
# plugin (baseline) and with KCFLAGS=-fplugin=GotFree.so and nothing else
# (rewrite mode, default options, no per-object flag); jump tables
# (retpolines off) under each kernel's objtool series
# (utils/kernel/objtool-patches/<version>) where it has one:
#   6.1   retpolines (baseline and default), and jump tables in the format
#         its stock objtool follows (jump-tables=absolute-rip);
#   6.12  the baseline, and the default (relative tables) on "6.12+objtool";
#   7.3   every kernel on "7.3+pie" (the objtool series and the PIE-link
#         series of utils/kernel/pie-patches/7.3): the baseline and the
#         default with the PIE link off (objtool warnings are errors,
#         CONFIG_OBJTOOL_WERROR; per-CPU references RIP-relative), and the
#         same kernel linked as a PIE (pie.config merged): ET_DYN, no GOT,
#         RELR applied by the decompressor, gotfree-check clean; on the
#         pristine tree, retpolines, and jump tables for a user without the
#         series (jump-tables=none, the stock objtool).
# The defaults' ORC data is checked against the baseline's, with negative
# controls: the stock objtool, and the patched one without annotations,
# warn on the code the default compiled; without the plugin the PIE link
# fails with located errors; a forced GOT reference is refused by -z nogot;
# without its RELR relocations the PIE kernel does not boot under KASLR.
# Fails on objtool warnings, relocs-tool complaints or plugin diagnostics,
# counts R_X86_64_32S (vmlinux.o) and boots every kernel in qemu (TCG)
# with and without KASLR up to the init marker. Builds are cached in
# $GOTFREE_CACHE/kernel/<kernel>/<name>, keyed by plugin, fragments,
# scripts, source version and patches. The 6.12 retpoline and
# absolute-rip configurations and the larger ones are in kernel-extra.sh.
# GOTFREE_SKIP_KERNEL=1 skips the stage.
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

# series_controls LINUX PATCHED STOCK_OBJTOOL: negative controls on the
# code the default build PATCHED (relative tables under LINUX's objtool
# series) compiled: the stock objtool cannot follow the relative tables,
# and the patched one needs the annotations where one table address serves
# several dispatches.
series_controls() {
  local linux=$1 patched=$2 stock=$3 obj n_patched n_stock n
  for obj in arch/x86/entry/syscall_64.o kernel/sched/fair.o kernel/events/core.o; do
    [ -f "$patched/$obj" ] || { fail "$linux control: $obj is not in the build"; continue; }
    read -r n_patched n_stock < <(objtool_warnings "$patched" "$obj" "" \
                                    "$patched/tools/objtool/objtool" "$stock")
    if [ "$n_patched" = 0 ] && [ "$n_stock" != error ] && [ "$n_stock" -gt 0 ]; then
      pass "$linux control: $obj: stock objtool gives $n_stock warnings on the relative tables, the patched one 0"
    else
      fail "$linux control: $obj: patched objtool $n_patched warnings (want 0), stock $n_stock (want > 0)"
    fi
  done
  n=$(objtool_warnings "$patched" kernel/events/core.o \
        -fplugin-arg-gotfree-jump-table-annotations=none "$patched/tools/objtool/objtool")
  if [ "$n" != error ] && [ "$n" -gt 0 ]; then
    pass "$linux control: kernel/events/core.o without annotations: the patched objtool gives $n warnings"
  else
    fail "$linux control: kernel/events/core.o without annotations: the patched objtool gives $n warnings (want > 0)"
  fi
}

# nopie_control LINUX: the baseline (no plugin) with pie.config merged, from
# a copy of its build, must fail at the PIE link with located errors: its C
# code makes the absolute references a PIE cannot carry. Quotes the first.
nopie_control() {
  local linux=$1 blog=$KERNEL_CACHE/$1/base-pie/build.log n
  export GOTFREE_KERNEL_FROM=base-jumptables GOTFREE_KERNEL_EXPECT_FAILURE=1
  if bash "$kdir/build-kernel.sh" "$linux" base-pie jumptables+pie none \
       >/dev/null 2>"$out/${linux//\//-}-base-pie.build.log"; then
    fail "$linux control: the kernel compiled without the plugin links as a PIE (want located link errors)"
  else
    n=$(grep -c 'ld.lld: error: ' "$blog" || true)
    if [ "$n" -gt 0 ] && grep -q '>>> referenced by ' "$blog" &&
       ! grep -qE '(error|warning): (gotfree|objtool)' "$blog"; then
      pass "$linux control: without the plugin the PIE link fails with $n located errors; the first:"
      grep -m3 -A3 'ld.lld: error: ' "$blog" | grep -E 'ld.lld: error|>>> referenced by' | head -6 | sed 's/^/    /'
    else
      fail "$linux control: without the plugin the build fails, but not with located link errors:"
      grep -nE 'error' "$blog" | head -10 | sed 's/^/    /'
    fi
  fi
  unset GOTFREE_KERNEL_FROM GOTFREE_KERNEL_EXPECT_FAILURE
}

# check_option_off LINUX BUILD: with the PIE option off, every object of
# BUILD whose source the PIE-link series changes compiles to the same
# instructions and relocations (llvm-objdump -dr, file names aside) from
# LINUX's tree as from the pristine tree: the series' changes are all
# conditional on CONFIG_X86_PIE.
check_option_off() {
  local linux=$1 b=$2 src pristine obj o same=0 differ=()
  src=$(kernel_source "$linux") && pristine=$(kernel_source "$(kernel_base "$linux")") || {
    fail "$linux: option off: no source tree"
    return
  }
  for obj in arch/x86/kernel/head_64.o arch/x86/entry/entry_64.o arch/x86/kernel/alternative.o \
             arch/x86/kernel/setup.o arch/x86/boot/compressed/misc.o; do
    o=$out/option-off-$(basename "$obj" .o)
    if bash "$kdir/recompile.sh" "$b" "$obj" "$o.series.o" >/dev/null &&
       GOTFREE_RECOMPILE_SRC="$src=$pristine" bash "$kdir/recompile.sh" "$b" "$obj" "$o.pristine.o" >/dev/null &&
       cmp -s <(/usr/lib/llvm-22/bin/llvm-objdump -dr "$o.series.o" | tail -n +3) \
              <(/usr/lib/llvm-22/bin/llvm-objdump -dr "$o.pristine.o" | tail -n +3); then
      same=$((same + 1))
    else
      differ+=("$obj")
    fi
  done
  if [ ${#differ[@]} -eq 0 ]; then
    pass "$linux: PIE option off: the $same objects the series changes compile as in the pristine tree"
  else
    fail "$linux: PIE option off: ${differ[*]} differ from the pristine tree's"
  fi
}

# make_in_copy COPY BUILD TARGET...: make TARGET in COPY, a copy_build of
# BUILD, with BUILD's own make arguments; the log goes to COPY/control.log.
make_in_copy() {
  local copy=$1 b=$2 a args=()
  shift 2
  while IFS= read -r a; do
    [[ $a == O=* ]] && a=O=$copy
    args+=("$a")
  done <"$b/make-args"
  nice -n 10 make "${args[@]}" -j"${GOTFREE_KERNEL_JOBS:-2}" "$@" >"$copy/control.log" 2>&1
}

# got_control LINUX PIE: a copy of the PIE build PIE, with a GOT reference
# no linker can relax in a PIE (an add through the GOT) linked into
# init/main.o, must fail at the link: -z nogot names the symbol, the
# relocation and where it is.
got_control() {
  local linux=$1 pie=$2 copy=$out/got-control obj=init/main.o log
  copy_build "$pie" "$copy"
  log=$copy/control.log
  printf '\t.section .text.unlikely,"ax",@progbits\n\t.globl gotfree_got_probe\ngotfree_got_probe:\n\taddq jiffies@GOTPCREL(%%rip), %%rax\n\tret\n' \
    >"$copy/got-probe.s"
  if ! /usr/lib/llvm-22/bin/llvm-mc -filetype=obj -triple=x86_64 "$copy/got-probe.s" -o "$copy/got-probe.o" ||
     ! /usr/lib/llvm-22/bin/ld.lld -r "$copy/$obj" "$copy/got-probe.o" -o "$copy/$obj.probe"; then
    fail "$linux control: could not add the GOT reference to $obj"
    return
  fi
  mv "$copy/$obj.probe" "$copy/$obj"
  if make_in_copy "$copy" "$pie" vmlinux; then
    fail "$linux control: vmlinux links with a GOT reference (-z nogot did not refuse it)"
  elif grep -q "error: -z nogot: relocation R_X86_64_REX_GOTPCRELX against symbol 'jiffies' needs a GOT entry" "$log" &&
       grep -q "main.o" "$log"; then
    pass "$linux control: a forced GOT reference is refused by -z nogot:"
    grep -m1 -A2 'error: -z nogot' "$log" | sed 's/^/    /'
  else
    fail "$linux control: the link with a forced GOT reference fails, but not by -z nogot:"
    grep -nE 'error' "$log" | head -10 | sed 's/^/    /'
  fi
  rm -rf "$copy"
}

# relr_control LINUX PIE: the PIE kernel of build PIE with a decompressor
# that is given an empty RELR table (its VO___relr_end set to
# VO___relr_start in voffset.h, the decompressor built again) must not reach
# init when KASLR moves it, and must still boot where nothing moves it:
# the boots of the PIE kernel depend on the relocations the decompressor
# applies.
relr_control() {
  local linux=$1 pie=$2 copy=$out/relr-control voffset start
  copy_build "$pie" "$copy"
  voffset=$copy/arch/x86/boot/voffset.h
  start=$(sed -n 's/^#define VO___relr_start //p' "$voffset")
  if [ -z "$start" ] || ! sed -i "s/^#define VO___relr_end .*/#define VO___relr_end $start/" "$voffset" ||
     ! make_in_copy "$copy" "$pie" bzImage || ! grep -q 'compressed/misc.o' "$copy/control.log"; then
    fail "$linux control: could not build the decompressor without its RELR table"
    sed 's/^/    /' "$copy/control.log" 2>/dev/null | tail -5
    return
  fi
  if GOTFREE_BOOT_TIMEOUT=60 bash "$kdir/boot.sh" "$copy/arch/x86/boot/bzImage" "$out/init.cpio" kaslr \
       "$out/relr-control.kaslr.serial.log" >/dev/null 2>&1; then
    fail "$linux control: the kernel reaches init under KASLR although its decompressor applied no RELR relocation"
  elif bash "$kdir/boot.sh" "$copy/arch/x86/boot/bzImage" "$out/init.cpio" nokaslr \
         "$out/relr-control.nokaslr.serial.log" >/dev/null 2>&1; then
    pass "$linux control: without its RELR relocations the PIE kernel does not reach init under KASLR (it does with nokaslr)"
  else
    fail "$linux control: the kernel without RELR relocations does not boot with nokaslr either: the control tells nothing"
  fi
  rm -rf "$copy"
}

echo "== Linux 6.1 ($(linux_version 6.1))"
# Retpolines (the distribution default), and jump tables in 6.1's stock
# objtool's format: 8-byte tables reached by lea tbl(%rip) (README).
run_config 6.1 base-retpoline retpoline none
run_config 6.1 gotfree-retpoline retpoline "$plugin"
[ -z "$dir" ] || check_c_relocs 6.1 gotfree-retpoline
run_config 6.1 gotfree-jumptables jumptables "$plugin" -fplugin-arg-gotfree-jump-tables=absolute-rip
if [ -n "$dir" ]; then
  check_c_relocs 6.1 gotfree-jumptables
  check_dispatches 6.1/gotfree-jumptables "$dir"
fi

echo "== Linux 6.12 ($(linux_version 6.12))"
run_config 6.12 base-jumptables jumptables none
base612=$dir
# The default: relative tables, followed by the patched objtool.
run_config 6.12+objtool gotfree-jumptables jumptables "$plugin"
if [ -n "$dir" ]; then
  check_c_relocs 6.12+objtool gotfree-jumptables
  check_dispatches 6.12+objtool/gotfree-jumptables "$dir"
  [ -z "$base612" ] || check_orc 6.12+objtool/gotfree-jumptables "$base612" "$dir"
  series_controls 6.12 "$dir" "${base612:-missing}/tools/objtool/objtool"
fi

echo "== Linux 7.3 ($(linux_version 7.3))"
# Every 7.3 kernel is built on the tree with both series (7.3+pie), the
# PIE link off unless its pie.config is merged: that is the kernel built
# exactly as before, under the objtool series.
stock73=$(stock_objtool 7.3) || fail "7.3: the stock objtool does not build"
run_config 7.3+pie base-jumptables jumptables none
base73=$dir
[ -z "$base73" ] || check_option_off 7.3+pie "$base73"
# The default: relative tables, and per-CPU symbols (ordinary addresses
# since 6.15) reached RIP-relatively like any other.
run_config 7.3+pie gotfree-jumptables jumptables "$plugin"
gf73=$dir
if [ -n "$gf73" ]; then
  check_c_relocs 7.3+pie gotfree-jumptables other per-cpu
  check_dispatches 7.3+pie/gotfree-jumptables "$gf73"
  [ -z "$base73" ] || check_orc 7.3+pie/gotfree-jumptables "$base73" "$gf73"
  series_controls 7.3 "$gf73" "${stock73:-missing}"
  # 8-byte tables reached by lea tbl(%rip): since 6.15 the stock objtool
  # takes that for a GCC quirk and stops checking for unreachable code in
  # the whole object; the series limits the quirk to jumps through a table
  # entry.
  read -r n_patched n_stock < <(objtool_warnings "$gf73" arch/x86/entry/syscall_64.o \
                                  -fplugin-arg-gotfree-jump-tables=absolute-rip \
                                  "$gf73/tools/objtool/objtool" "${stock73:-missing}")
  if [ "$n_patched" = 0 ] && [ "$n_stock" != error ] && [ "$n_stock" -gt 0 ]; then
    pass "7.3 control: absolute-rip tables: stock objtool gives $n_stock warnings (jump table quirk), the patched one 0"
  else
    fail "7.3 control: absolute-rip tables: patched objtool $n_patched warnings (want 0), stock $n_stock (want > 0)"
  fi
fi

# The distribution default (retpolines: no jump tables), and jump tables
# for a user without the objtool series, who follows the README: since 6.15
# the stock objtool does not follow RIP-relative tables, so none
# (jump-tables=none), which CONFIG_OBJTOOL_WERROR checks. Both on the
# pristine tree, with its stock objtool.
run_config 7.3 gotfree-retpoline retpoline "$plugin"
[ -z "$dir" ] || check_c_relocs 7.3 gotfree-retpoline other per-cpu
run_config 7.3 gotfree-jumptables-none jumptables "$plugin" -fplugin-arg-gotfree-jump-tables=none
if [ -n "$dir" ]; then
  check_c_relocs 7.3 gotfree-jumptables-none other per-cpu
  # What "none" costs against the relative tables of the default.
  [ -z "$gf73" ] ||
    echo "  figures: vmlinux .text: jump-tables=none $(elf_section_size "$dir/vmlinux" .text) bytes," \
      "relative tables (7.3+pie/gotfree-jumptables) $(elf_section_size "$gf73/vmlinux" .text) bytes;" \
      ".rodata $(elf_section_size "$dir/vmlinux" .rodata) and $(elf_section_size "$gf73/vmlinux" .rodata) bytes"
fi

echo "== Linux 7.3 linked as a PIE (utils/kernel/pie-patches/7.3)"
if [ -n "$gf73" ]; then
  # The same kernel with pie.config merged, from a copy of its build:
  # Kbuild rebuilds what the PIE options change and links it again.
  export GOTFREE_KERNEL_FROM=gotfree-jumptables
  run_config 7.3+pie gotfree-pie jumptables+pie "$plugin"
  unset GOTFREE_KERNEL_FROM
  pie=$dir
  if [ -n "$pie" ]; then
    check_pie 7.3+pie/gotfree-pie "$pie"
    check_relocated_boot 7.3+pie/gotfree-pie
    pie_figures 7.3+pie/base-jumptables "$base73" 7.3+pie/gotfree-jumptables "$gf73" \
                7.3+pie/gotfree-pie "$pie"
    got_control 7.3+pie "$pie"
    relr_control 7.3+pie "$pie"
  fi
else
  fail "7.3 PIE: not tried, the kernel it derives from did not build"
fi
if [ -n "$base73" ]; then
  nopie_control 7.3+pie
else
  fail "7.3 PIE control: not tried, the baseline did not build"
fi
finish
