# Sourced by the kernel test stages (utils/test-stages/kernel*.sh): counters,
# building and booting one configuration, and the checks on a build.
# The sourcing script sets root, kdir, plugin and out, and sources
# utils/kernel/common.sh first.
# shellcheck shell=bash
. "$(dirname "${BASH_SOURCE[0]}")/../lib/stage-counters.sh"
. "$(dirname "${BASH_SOURCE[0]}")/../lib/elf.sh"

# stage_setup NAME: the common start of a kernel stage: the skip switch,
# the tools, a fresh output directory and the init program.
stage_setup() {
  stage_start=$(date +%s)
  if [ "${GOTFREE_SKIP_KERNEL:-0}" = 1 ]; then
    echo "$1: skipped (GOTFREE_SKIP_KERNEL=1)"
    finish
  fi
  local tool
  for tool in qemu-system-x86_64 flex bison bc cpio dpkg-source dpkg-deb patch; do
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
}
# jump_table_dispatches BUILD: the jump-table dispatches of a kernel: the
# annotated ones ({jmp, table} pairs of 16 bytes in vmlinux.o's
# .discard.tablejump_annotate, which the final link discards) for relative
# tables, else the indirect jumps through an 8-byte entry in vmlinux (both
# the -mcmodel=kernel form jmp *tbl(,%i,8) and lea tbl(%rip),%t;
# jmp *(%t,%i,8)).
jump_table_dispatches() {
  local size
  size=$(/usr/lib/llvm-22/bin/llvm-readelf -S --wide "$1/vmlinux.o" |
           sed -n -E 's/.* \.discard\.tablejump_annotate +PROGBITS +[0-9a-f]+ +[0-9a-f]+ +([0-9a-f]+) .*/\1/p')
  if [ -n "$size" ]; then
    echo $((16#$size / 16))
  else
    /usr/lib/llvm-22/bin/llvm-objdump -d --no-show-raw-insn "$1/vmlinux" |
      grep -cE 'jmpq?[[:space:]]+\*(-?0x[0-9a-f]+)?\((%r[a-z0-9]+)?,%r[a-z0-9]+,8\)'
  fi
}

# run_config LINUX NAME CONFIG PLUGIN [EXTRA_KCFLAGS]: build, count, boot.
# Sets dir to the build directory ("" when the build failed).
run_config() {
  local linux=$1 name=$2 config=$3 so=$4 extra=${5:-} t0 tag=$1/$2
  local log=$out/${tag//\//-}
  t0=$(date +%s)
  dir=
  if dir=$(bash "$kdir/build-kernel.sh" "$linux" "$name" "$config" "$so" "$extra" 2>"$log.build.log" | tail -1) &&
     [ -n "$dir" ]; then
    pass "$tag: builds with no objtool warning, relocs error or plugin diagnostic ($(cat "$dir/build-seconds" 2>/dev/null || echo '?')s build)"
  else
    dir=
    fail "$tag: build failed:"
    sed 's/^/  /' "$log.build.log" | tail -25
    return
  fi
  grep -q 'reusing cached build' "$log.build.log" && echo "  ($tag: reused cached build)"
  local census=(--json "$log.relocs.json")
  [ "$so" = none ] || census+=(--plugin-build)
  python3 "$kdir/count-relocs.py" "$dir" "$(kernel_source "$linux" 2>/dev/null)" "${census[@]}" | sed 's/^/  /'
  echo "  jump-table dispatches: $(jump_table_dispatches "$dir")"
  echo "  vmlinux.relocs: $(stat -c %s "$dir/arch/x86/boot/compressed/vmlinux.relocs" 2>/dev/null || echo '?') bytes"
  for mode in nokaslr kaslr; do
    local line
    if line=$(bash "$kdir/boot.sh" "$dir/arch/x86/boot/bzImage" "$out/init.cpio" "$mode" \
                "$log.$mode.serial.log" 2>"$log.$mode.log"); then
      pass "$tag: boots to the init marker with $mode ($line)"
    else
      fail "$tag: $mode boot:"
      sed 's/^/  /' "$log.$mode.log" | tail -15
    fi
  done
  echo "  $tag: $(($(date +%s) - t0))s including boots"
}

# check_c_relocs LINUX NAME [REASON...]: no R_X86_64_32S left in objects
# compiled from C for any of the REASONs of count-relocs.py (default
# "other": everything but the per-CPU, asm-label and link-time ones).
check_c_relocs() {
  local tag=$1/$2 json n what
  shift 2
  [ $# -gt 0 ] || set -- other
  json=$out/${tag//\//-}.relocs.json
  what="$*"
  n=$(python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))["c_by_reason"]
print(sum(r.get(k, 0) for k in sys.argv[2:]))' "$json" "$@")
  if [ "$n" = 0 ]; then
    pass "$tag: no R_X86_64_32S left in objects compiled from C (reasons: ${what// /, })"
  else
    fail "$tag: $n R_X86_64_32S (${what// /, }) left in objects compiled from C:"
    python3 -c 'import json,sys
for o in json.load(open(sys.argv[1]))["objects"]:
    n = sum(o["categories"].get(k, 0) for k in sys.argv[2:])
    if o["kind"] == "c" and n: print("  ", n, o["object"])' "$json" "$@" | head -20
  fi
}

# check_dispatches TAG DIR: the jump-table configuration has jump tables.
check_dispatches() {
  local n
  n=$(jump_table_dispatches "$2")
  if [ "$n" -gt 0 ]; then
    pass "$1: $n jump-table dispatches, all followed by objtool (no warning)"
  else
    fail "$1: no jump tables generated, the configuration tests nothing"
  fi
}

# objtool_warnings BUILD OBJ CFLAGS OBJTOOL...: compiles OBJ of BUILD again,
# once (Kbuild's own command plus the words of CFLAGS), and prints on one
# line, for each OBJTOOL in turn, the number of warnings it gives on a fresh
# copy of the result with Kbuild's objtool arguments ("error" for an
# OBJTOOL that is missing, or for all when the compile fails).
objtool_warnings() {
  local b=$1 obj=$2 cflags=$3 args tmp tool i=0 counts=()
  shift 3
  tmp=$out/control-$(basename "$obj" .o)${cflags:+-flags}
  # shellcheck disable=SC2086
  if ! args=$(bash "$kdir/recompile.sh" "$b" "$obj" "$tmp.o" $cflags); then
    for tool; do counts+=(error); done
    echo "${counts[*]}"
    return
  fi
  for tool; do
    i=$((i + 1))
    if [ ! -x "$tool" ]; then
      counts+=(error)
      continue
    fi
    # objtool rewrites the object it checks: each gets its own copy.
    cp "$tmp.o" "$tmp.$i.o"
    # shellcheck disable=SC2086
    counts+=("$("$tool" $args "$tmp.$i.o" 2>&1 | tee "$tmp.$i.objtool.log" |
                grep -cE '(warning|error): objtool' || true)")
  done
  echo "${counts[*]}"
}

# check_orc TAG BASE BUILD: no object with code and ORC in BASE lacks ORC in
# BUILD, and no function gains an undefined ORC range (orc-coverage.py, with
# BUILD's own objtool).
check_orc() {
  local log=$out/${1//\//-}.orc-coverage
  if python3 "$kdir/orc-coverage.py" "$2" "$3" "$3/tools/objtool/objtool" \
       --json "$log.json" >"$log.log" 2>&1; then
    pass "$1: no ORC lost against $(basename "$(dirname "$2")")/$(basename "$2") ($(head -1 "$log.log" | cut -d' ' -f2-))"
  else
    fail "$1: ORC lost:"
    sed 's/^/  /' "$log.log" | head -25
  fi
}

# check_pie TAG BUILD: vmlinux of BUILD is a PIE that carries its own
# run-time relocations and nothing a GOT-free image must not have: ET_DYN,
# no .got/.got.plt contents, a .relr.dyn, no vmlinux.relocs (the relocs
# tool did not run), and gotfree-check passes on it. Prints the sizes.
check_pie() {
  local tag=$1 b=$2 v=$2/vmlinux readelf=/usr/lib/llvm-22/bin/llvm-readelf type
  type=$($readelf -h "$v" | sed -n 's/^ *Type: *\([A-Z]*\).*/\1/p')
  local got relr rela words
  got=$(($(elf_section_size "$v" .got) + $(elf_section_size "$v" .got.plt)))
  relr=$(elf_section_size "$v" .relr.dyn)
  rela=$(elf_section_size "$v" .rela.dyn)
  # The words the boot code relocates: llvm-readelf counts a RELR section's
  # entries as the addresses they decode to.
  words=$($readelf -r "$v" | awk '/^Relocation section .*\.rel[ar]\.dyn/ { n += $(NF - 1) } END { print n + 0 }')
  if [ "$type" = DYN ] && [ "$got" = 0 ] && [ "$relr" -gt 0 ] &&
     [ ! -e "$b/arch/x86/boot/compressed/vmlinux.relocs" ]; then
    pass "$tag: vmlinux is ET_DYN, no GOT, .relr.dyn $relr bytes (.rela.dyn $rela bytes), $words relocated words, no vmlinux.relocs"
  else
    fail "$tag: vmlinux type $type, .got+.got.plt $got bytes, .relr.dyn $relr bytes, vmlinux.relocs $([ -e "$b/arch/x86/boot/compressed/vmlinux.relocs" ] && echo present || echo absent)"
  fi
  if "$build/bin/gotfree-check" "$v" >"$out/${tag//\//-}.gotfree-check.log" 2>&1; then
    pass "$tag: gotfree-check vmlinux passes ($(tail -1 "$out/${tag//\//-}.gotfree-check.log"))"
  else
    fail "$tag: gotfree-check vmlinux:"
    sed 's/^/  /' "$out/${tag//\//-}.gotfree-check.log" | head -20
  fi
}

# stock_objtool LINUX: prints the path of the objtool of kernel LINUX's
# pristine tree (no patch series), built once per stage run into $out:
# the negative controls' objtool where every build of the kernel is on a
# patched tree.
stock_objtool() {
  local base src dir
  base=$(kernel_base "$1")
  dir=$out/objtool-$base
  if [ ! -x "$dir/objtool" ]; then
    src=$(kernel_source "$base") || return 1
    mkdir -p "$dir"
    make -s -C "$src/tools/objtool" O="$dir" -j"${GOTFREE_KERNEL_JOBS:-2}" \
      >"$dir.log" 2>&1 || { echo "stock_objtool: build failed, see $dir.log" >&2; return 1; }
  fi
  echo "$dir/objtool"
}

# check_relocated_boot TAG: the boots of TAG (run_config) show that the
# kernel's run-time relocations were applied: the PIE series' early check
# ("x86/pie: run-time relocations applied, offset ...") reports the offset
# that the panic notifier's "Kernel Offset" line gives, with and without
# KASLR.
check_relocated_boot() {
  local tag=$1 mode log line want got
  for mode in nokaslr kaslr; do
    log=$out/${tag//\//-}.$mode.serial.log
    [ -f "$log" ] || { fail "$tag: $mode: no serial log"; continue; }
    line=$(grep -ao 'x86/pie: run-time relocations applied, offset 0x[0-9a-f]*' "$log" | tail -1)
    got=${line##* }
    want=$(grep -ao 'Kernel Offset: [^ ]*' "$log" | tail -1 | tr -d '\r')
    want=${want#Kernel Offset: }
    [ "$want" != disabled ] || want=0x0
    if [ -n "$line" ] && [ "$got" = "$want" ]; then
      pass "$tag: $mode: the kernel checked its relocated pointer ('$line')"
    else
      fail "$tag: $mode: no matching relocation check in the boot log (got '${line:-nothing}', Kernel Offset $want)"
    fi
  done
}

# boot_seconds TAG MODE: the time to the init marker of TAG's MODE boot.
boot_seconds() {
  sed -n 's/.*marker reached after \([0-9.]*\)s.*/\1/p' "$out/${1//\//-}.$2.log" | tail -1
}

# pie_figures BASE_TAG BASE GOTFREE_TAG GOTFREE PIE_TAG PIE: the relocation
# data, sizes and boot times of a baseline, the gotfree kernel linked as
# before and the same kernel linked as a PIE (informational).
pie_figures() {
  local bt=$1 b=$2 gt=$3 g=$4 pt=$5 p=$6 relr rela relocs_b relocs_g
  relr=$(elf_section_size "$p/vmlinux" .relr.dyn)
  rela=$(elf_section_size "$p/vmlinux" .rela.dyn)
  relocs_b=$(stat -c %s "$b/arch/x86/boot/compressed/vmlinux.relocs" 2>/dev/null || echo 0)
  relocs_g=$(stat -c %s "$g/arch/x86/boot/compressed/vmlinux.relocs" 2>/dev/null || echo 0)
  echo "  figures: run-time relocation data: PIE .relr.dyn $relr + .rela.dyn $rela bytes;" \
       "vmlinux.relocs $relocs_g bytes (gotfree, same configuration), $relocs_b (baseline)"
  local k
  for k in "$bt $b" "$gt $g" "$pt $p"; do
    set -- $k
    echo "  figures: $1: bzImage $(stat -c %s "$2/arch/x86/boot/bzImage") bytes," \
         "vmlinux .text $(elf_section_size "$2/vmlinux" .text) bytes," \
         "init after $(boot_seconds "$1" nokaslr)s (nokaslr), $(boot_seconds "$1" kaslr)s (kaslr)"
  done
}
