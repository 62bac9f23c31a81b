#!/usr/bin/env bash
# Builds one C or C++ program as a plain non-PIE static baseline and in
# gotfree's configurations, links the plugin builds as static PIEs with lld,
# runs everything and compares stdout + exit code with the baseline. The
# plugin objects must carry no GOT-family and no R_X86_64_32/32S relocation,
# and the executables must really be PIEs (ET_DYN). The configurations
# (--modes, default "rewrite pie"):
#   rewrite  kernel code generation (-mcmodel=kernel -fno-pie) made
#            RIP-relative, with the options a static PIE needs (relro=on);
#   pie      -fpie;
#   user     rewrite mode as user space gets it: -fno-pie, no option at all
#            (the defaults of a non-kernel output).
# --lto full|thin compiles the plugin builds to bitcode (-flto, -flto=thin)
# and links them with the plugin loaded into ld.lld (--load-pass-plugin):
# code generation runs inside the linker. The relocations are then checked
# in what "ld.lld -r" makes of the same bitcode.
#
# usage: exec-diff.sh --plugin SO [--opts "O2 O0"] [--cflags "..."]
#                     [--modes "rewrite pie user"] [--lto full|thin]
#                     WORKDIR SRC...
# Prints the baseline output of the first -O level (for FileCheck), one line
# per compared configuration, and "exec-diff: N of M match" as the last line.
# Exits non-zero on any mismatch or build failure.
set -euo pipefail

plugin=""
opts="O2"
cflags=""
modes="rewrite pie"
lto=""
while [ $# -gt 0 ]; do
  case $1 in
  --plugin) plugin=$2; shift 2 ;;
  --opts) opts=$2; shift 2 ;;
  --cflags) cflags=$2; shift 2 ;;
  --modes) modes=$2; shift 2 ;;
  --lto)
    case $2 in
    full) lto="-flto" ;;
    thin) lto="-flto=thin" ;;
    *) echo "exec-diff: unknown LTO kind '$2'" >&2; exit 2 ;;
    esac
    shift 2 ;;
  -*) echo "exec-diff: unknown option '$1'" >&2; exit 2 ;;
  *) break ;;
  esac
done
[ $# -ge 2 ] || { echo "usage: exec-diff.sh --plugin SO [--opts L] WORKDIR SRC..." >&2; exit 2; }
work=$1
shift
srcs=("$@")
[ -f "$plugin" ] || { echo "exec-diff: plugin '$plugin' not found" >&2; exit 2; }
rm -rf "$work"
mkdir -p "$work"

bin=/usr/lib/llvm-22/bin
cc="$bin/clang"
for src in "${srcs[@]}"; do
  case $src in *.cpp) cc="$bin/clang++" ;; esac
done
. "$(dirname "${BASH_SOURCE[0]}")/../../../utils/lib/object-relocs.sh"
check=$(gotfree_check_for "$plugin")

# run_prog EXE OUT: stdout plus exit code, so a crash or a wrong status differs.
run_prog() {
  local rc=0
  timeout 20 "$1" >"$2" 2>/dev/null || rc=$?
  echo "exit: $rc" >>"$2"
}

# check_object OBJ: no GOT-forming or absolute relocation (gotfree-check).
check_object() {
  local hits
  hits=$(forbidden_relocs "$check" "$1") || return 1
  if [ -n "$hits" ]; then
    echo "exec-diff: forbidden relocations in $1: $hits"
    "$check" --allow=jump-table "$1" | grep -E '^(got-ref|abs-reloc):' | sed 's/^/  /'
    return 1
  fi
}

total=0
good=0
first=1
for o in $opts; do
  base="$work/base-$o"
  $cc -$o $cflags -fno-pie -static "${srcs[@]}" -o "$base"
  run_prog "$base" "$base.out"
  if [ $first -eq 1 ]; then
    echo "== baseline -$o output"
    cat "$base.out"
    first=0
  fi
  for mode in $modes; do
    total=$((total + 1))
    case $mode in
    rewrite)
      # A static PIE's start-up relocates writable data only: constants that
      # hold addresses, and the addresses of weak symbols, go to
      # .data.rel.ro, and jump tables become relative.
      mflags="-mcmodel=kernel -fno-pie -fplugin-arg-gotfree-relro=on"
      mflags+=" -fplugin-arg-gotfree-weak=relro"
      mflags+=" -fplugin-arg-gotfree-jump-tables=relative" ;;
    pie) mflags="-fpie" ;;
    user) mflags="-fno-pie" ;;
    *) echo "exec-diff: unknown mode '$mode'" >&2; exit 2 ;;
    esac
    exe="$work/$mode-$o"
    objs=()
    fail=""
    for src in "${srcs[@]}"; do
      obj="$exe.${#objs[@]}.o"
      compile="$cc -$o $cflags $mflags $lto -fplugin=$plugin -c $src -o $obj"
      # An "error:" with exit status 0 (a plugin part that failed to load)
      # is a failure too.
      if ! $compile 2>"$obj.log" || grep -q 'error:' "$obj.log"; then
        cat "$obj.log"
        fail="compile: $compile"
        break
      fi
      cat "$obj.log" >&2
      if [ -z "$lto" ]; then
        check_object "$obj" || { fail="relocations: $compile"; break; }
      fi
      objs+=("$obj")
    done
    [ -z "$fail" ] || { echo "FAIL $mode -$o: $fail"; continue; }
    link="$cc -static-pie -fuse-ld=lld ${objs[*]} -o $exe"
    if [ -n "$lto" ]; then
      # The level clang gives the linker for -$o (-Os and -Oz are 2).
      case $o in O[0-3]) lto_level=${o#O} ;; *) lto_level=2 ;; esac
      lto_link="$bin/ld.lld -r --lto-O$lto_level --load-pass-plugin=$plugin"
      lto_link+=" ${objs[*]} -o $exe.lto.o"
      if ! $lto_link; then
        echo "FAIL $mode -$o: link: $lto_link"
        continue
      fi
      check_object "$exe.lto.o" || { echo "FAIL $mode -$o: relocations: $lto_link"; continue; }
      link="$cc -$o $lto -static-pie -fuse-ld=lld -Wl,--load-pass-plugin=$plugin"
      link+=" ${objs[*]} -o $exe"
    fi
    if ! $link; then
      echo "FAIL $mode -$o: link: $link"
      continue
    fi
    # No grep -q here: an early exit would kill readelf and trip pipefail.
    if ! "$bin/llvm-readelf" -h "$exe" | grep 'Type:.*DYN' >/dev/null; then
      echo "FAIL $mode -$o: $exe is not a PIE"
      continue
    fi
    run_prog "$exe" "$exe.out"
    if diff -u "$base.out" "$exe.out" >"$exe.diff"; then
      echo "ok $mode -$o"
      good=$((good + 1))
    else
      echo "FAIL $mode -$o: output differs from baseline (objects: ${objs[*]})"
      cat "$exe.diff"
    fi
  done
done
echo "exec-diff: $good of $total match"
[ "$good" -eq "$total" ]
