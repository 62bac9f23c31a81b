#!/usr/bin/env bash
# Builds the bundled example image (a freestanding, self-relocating static
# PIE) as a plain non-PIE baseline and with gotfree in rewrite mode
# (-mcmodel=kernel -fno-pie) and PIE mode (-fpie), each linked with RELA and
# with RELR (-z pack-relative-relocs); runs every image, compares it with the
# baseline and verifies the GOT-free contract on objects and executables.
# Two controls (the same sources without the plugin) must fail the checks.
#
# usage: utils/example/run.sh BUILD_DIR [OUT_DIR]
# Uses BUILD_DIR/lib/GotFree.so and writes into OUT_DIR (BUILD_DIR/example).
# Prints a verification report; the last line is "example: N passed, N failed".
# Exits non-zero if any check failed.
set -euo pipefail

[ $# -eq 1 ] || [ $# -eq 2 ] || { echo "usage: $0 BUILD_DIR [OUT_DIR]" >&2; exit 2; }
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")" && pwd)
plugin=$build/lib/GotFree.so
. "$(dirname "$0")/../lib/object-relocs.sh"
check=$(gotfree_check_for "$plugin")
bin=/usr/lib/llvm-22/bin
work=${2:-$build/example}
[ -f "$plugin" ] || { echo "example: plugin $plugin not found (run utils/build.sh)" >&2; exit 2; }
rm -rf "$work"
mkdir -p "$work"

sources=(start.c shuffle.c sys.c workload.c ops.c)
cflags=(-O2 -g -ffreestanding -nostdlib -fno-stack-protector -Wall -Werror)
# start.c runs before its own relocation: an absolute jump table (rewrite
# mode's table format) would be read unrelocated, so it has none.
start_cflags=(-fno-jump-tables)

passed=0
failed=0
pass() { echo "  [PASS] $*"; passed=$((passed + 1)); }
fail() { echo "  [FAIL] $*"; failed=$((failed + 1)); }

# compile OUTDIR FLAGS...: every source to OUTDIR/*.o; prints failures.
compile() {
  local out=$1 s
  shift
  mkdir -p "$out"
  for s in "${sources[@]}"; do
    local extra=()
    case $s in start.c | shuffle.c) extra=("${start_cflags[@]}") ;; esac
    if ! "$bin/clang" "${cflags[@]}" "${extra[@]}" "$@" -c "$src/$s" \
      -o "$out/${s%.c}.o" 2>"$out/${s%.c}.log"; then
      echo "    compile failed: clang ${cflags[*]} ${extra[*]} $* -c $s"
      sed 's/^/    /' "$out/${s%.c}.log"
      return 1
    fi
  done
}

# bad_reloc_count DIR: GOT-forming and absolute relocations in DIR/*.o, as
# gotfree-check counts them (debug info's own offsets are not allocated).
bad_reloc_count() {
  local found
  found=$(forbidden_relocs "$check" "$1"/*.o) || { echo "unreadable"; return; }
  awk '{ for (i = 2; i <= NF; i += 2) n += substr($i, 2) } END { print n + 0 }' \
    <<<"$found"
}

# run_image EXE OUT: stdout, then the exit code; stderr to OUT.err.
run_image() {
  local rc=0
  timeout 10 "$1" >"$2" 2>"$2.err" || rc=$?
  echo "exit: $rc" >>"$2"
}

echo "gotfree example: verification report"
echo "  plugin: $plugin"
echo "  output: $work"

# Baseline: ordinary static non-PIE kernel-style build, no plugin.
if compile "$work/base" -fno-pie &&
  "$bin/ld.lld" -static -e _start "$work"/base/*.o -o "$work/base/image"; then
  run_image "$work/base/image" "$work/base/out"
  pass "baseline (non-PIE static) built and ran: $(tail -1 "$work/base/out"), $(($(wc -l <"$work/base/out") - 1)) lines of output"
else
  fail "baseline build"
  echo "example: $passed passed, $failed failed"
  exit 1
fi

for mode in rewrite pie; do
  case $mode in
  # A static PIE relocates writable data only: in rewrite mode, constants
  # holding addresses and the addresses of weak symbols go to .data.rel.ro
  # and jump tables are relative (the defaults of -mcmodel=kernel keep a
  # kernel's layout, see test/exec/rodata-relocs.c).
  rewrite) mflags=(-mcmodel=kernel -fno-pie -fplugin-arg-gotfree-relro=on
    -fplugin-arg-gotfree-weak=relro -fplugin-arg-gotfree-jump-tables=relative) ;;
  pie) mflags=(-fpie) ;;
  esac
  dir=$work/$mode
  if ! compile "$dir" "${mflags[@]}" -fplugin="$plugin"; then
    fail "$mode: compile with the plugin"
    continue
  fi
  n=$(bad_reloc_count "$dir")
  if [ "$n" -eq 0 ]; then
    pass "$mode: ${#sources[@]} objects, no GOT-forming or absolute relocation (gotfree-check)"
  else
    fail "$mode: $n GOT-forming or absolute relocations in the objects (gotfree-check)"
  fi
  for pack in rela relr; do
    name="$mode/$pack"
    exe=$dir/image-$pack
    lflags=(-static -pie --no-dynamic-linker -z text -e _start)
    [ $pack = relr ] && lflags+=(-z pack-relative-relocs)
    if ! "$bin/ld.lld" "${lflags[@]}" "$dir"/*.o -o "$exe" 2>"$exe.log"; then
      fail "$name: link: ld.lld ${lflags[*]}"
      sed 's/^/    /' "$exe.log"
      continue
    fi
    headers=$("$bin/llvm-readelf" -h -l -S -d "$exe")
    problems=()
    grep -q 'Type: *DYN' <<<"$headers" || problems+=("not ET_DYN")
    grep -q 'INTERP' <<<"$headers" && problems+=("has PT_INTERP")
    grep -q 'TEXTREL' <<<"$headers" && problems+=("has TEXTREL")
    # Section rows: "[Nr] Name Type Address Off Size ..."; a .got may exist
    # only if it is empty.
    while read -r sec size; do
      [ $((16#$size)) -eq 0 ] || problems+=("non-empty $sec (0x$size bytes)")
    done < <(sed -nE 's/^ *\[ *[0-9]+\] +(\.got(\.plt)?) +[A-Z_]+ +[0-9a-f]+ +[0-9a-f]+ +([0-9a-f]+) .*/\1 \3/p' <<<"$headers")
    # RELA rows carry a type; every RELR row (one per relocated address) is
    # implicitly R_X86_64_RELATIVE.
    read -r nrel other < <("$bin/llvm-readelf" -r "$exe" | awk '
      /^Relocation section/ { relr = ($3 ~ /relr/); next }
      relr && NF > 0 && $1 != "Index:" { n++; next }
      !relr && $3 ~ /^R_X86_64_/ { if ($3 == "R_X86_64_RELATIVE") n++; else o = o $3 "," }
      END { print n + 0, (o == "" ? "-" : o) }')
    [ "$other" = - ] || problems+=("dynamic relocations other than RELATIVE: $other")
    if [ ${#problems[@]} -eq 0 ]; then
      pass "$name: static PIE, no .got/.got.plt, no TEXTREL, no PT_INTERP, $nrel R_X86_64_RELATIVE only"
    else
      fail "$name: ${problems[*]}"
    fi
    run_image "$exe" "$exe.out"
    applied=$(sed -nE 's/^example: applied ([0-9]+) run-time relocations$/\1/p' "$exe.out.err")
    if ! diff -u "$work/base/out" "$exe.out" >"$exe.diff"; then
      fail "$name: output differs from the baseline"
      sed 's/^/    /' "$exe.diff" "$exe.out.err" | head -40
    elif [ -z "$applied" ] || [ "$applied" -eq 0 ]; then
      fail "$name: ran, but did not report applying any relocation"
    else
      pass "$name: output and exit code identical to the baseline; self-relocated $applied entries"
    fi
  done
done

# Controls: without the plugin the same checks must fail.
ctl=$work/control
if compile "$ctl/rewrite" -mcmodel=kernel -fno-pie &&
  ! "$bin/ld.lld" -static -pie --no-dynamic-linker -z text -e _start \
    "$ctl"/rewrite/*.o -o "$ctl/rewrite/image" 2>"$ctl/rewrite/link.log" &&
  grep -q 'R_X86_64_32S\?' "$ctl/rewrite/link.log"; then
  pass "control: kernel-model objects without the plugin do not link as PIE ($(bad_reloc_count "$ctl/rewrite") absolute relocations)"
else
  fail "control: kernel-model objects without the plugin unexpectedly linked as PIE"
fi
if compile "$ctl/pie" -fpie && [ "$(bad_reloc_count "$ctl/pie")" -gt 0 ]; then
  pass "control: -fpie objects without the plugin carry $(bad_reloc_count "$ctl/pie") GOT-forming relocations"
else
  fail "control: -fpie objects without the plugin unexpectedly GOT-free"
fi

echo "example: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
