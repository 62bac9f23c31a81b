#!/usr/bin/env bash
# Usage: e2e.sh BUILD_DIR
# gotfree-shuffle end to end: the bundled example, SQLite's speedtest1 and a
# C++ program that throws across functions, each compiled GOT-free in rewrite
# and PIE mode with -ffunction-sections, linked with the patched lld and with
# GNU ld (--emit-relocs), run unshuffled, then shuffled with
# GOTFREE_SHUFFLE_SEEDS seeds (default 5). Every shuffled program must print
# what the unshuffled one prints, every seed must give a function order of
# its own (read from the symbol table), and gotfree-check must give the
# output the verdict it gave the input. Then the example's start-up shuffle
# (--embed) and the negative controls. Last line: "shuffle: N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:?usage: e2e.sh BUILD_DIR}" && pwd)
here=$root/utils/gotfree-shuffle
bin=/usr/lib/llvm-22/bin
plugin=$build/lib/GotFree.so
shuffle=$build/bin/gotfree-shuffle
check=$build/bin/gotfree-check
out=$build/e2e/shuffle
seeds=${GOTFREE_SHUFFLE_SEEDS:-5}
. "$root/utils/sqlite/common.sh"
stage=shuffle
. "$root/utils/lib/stage-counters.sh"
rm -rf "$out"
mkdir -p "$out"

if ! ld_patched=$(bash "$root/utils/build-lld.sh"); then
  fail "building the patched lld"
  finish
fi
command -v ld.bfd >/dev/null || { fail "GNU ld (ld.bfd) not installed"; finish; }

# Mode flags, as the example and the SQLite stage use them: a static PIE
# relocates writable data only, so rewrite mode puts address constants in
# .data.rel.ro and uses relative jump tables.
mode_flags() {
  case $1 in
    rewrite) echo "-mcmodel=kernel -fno-pie -fplugin=$plugin -fplugin-arg-gotfree-relro=on -fplugin-arg-gotfree-weak=relro -fplugin-arg-gotfree-jump-tables=relative" ;;
    pie) echo "-fpie -fplugin=$plugin" ;;
  esac
}

# function_order IMAGE: the names of the .text functions in address order.
function_order() {
  "$bin/llvm-nm" -n --defined-only "$1" | awk '$2 ~ /^[tTiW]$/ { print $3 }'
}

# verdict IMAGE [SCOPE]: gotfree-check's verdict line.
verdict() {
  local scope=()
  [ -n "${2:-}" ] && scope=(--scope "$2")
  "$check" "${scope[@]}" "$1" | tail -1 | sed "s|$1|IMAGE|"
}

# shuffle_runs NAME IMAGE SCOPE RUN...: RUN (with {} for the program) on
# IMAGE and on its shuffles; every output must match.
shuffle_runs() {
  local name=$1 image=$2 scope=$3
  shift 3
  local dir=${image%/*}/shuffled run=("$@")
  mkdir -p "$dir"
  local ref=$dir/ref.out
  if ! (eval "${run[*]//\{\}/$image}") >"$ref" 2>"$ref.err"; then
    fail "$name: the unshuffled program failed"
    sed 's/^/    /' "$ref.err" | head -5
    return
  fi
  local in_verdict orders=() seed ok=1 s
  in_verdict=$(verdict "$image" "$scope")
  function_order "$image" | md5sum | cut -c1-32 >"$dir/order.in"
  for seed in $(seq 1 "$seeds"); do
    s=$dir/seed-$seed
    if ! "$shuffle" --group-unrelocated --seed "$seed" "$image" -o "$s" >"$s.log" 2>&1; then
      fail "$name: seed $seed: gotfree-shuffle failed"
      sed 's/^/    /' "$s.log" | head -5
      ok=0
      continue
    fi
    if ! (eval "${run[*]//\{\}/$s}") >"$s.out" 2>"$s.err" ||
       ! cmp -s "$ref" "$s.out"; then
      fail "$name: seed $seed: output differs from the unshuffled program"
      diff "$ref" "$s.out" | head -5
      ok=0
      continue
    fi
    local v
    v=$(verdict "$s" "$scope")
    if [ "$v" != "$in_verdict" ]; then
      fail "$name: seed $seed: gotfree-check says '$v', on the input '$in_verdict'"
      ok=0
    fi
    orders+=("$(function_order "$s" | md5sum | cut -c1-32)")
  done
  [ $ok = 1 ] || return
  local distinct
  distinct=$(printf '%s\n' "${orders[@]}" "$(cat "$dir/order.in")" | sort -u | wc -l)
  if [ "$distinct" -eq $((seeds + 1)) ]; then
    pass "$name: $seeds seeds, output identical, $distinct distinct function orders (input included), gotfree-check '$in_verdict' on each; $(sed -n 1p "$dir/seed-1.log" | sed -E 's/.*seed 1, //')"
  else
    fail "$name: only $distinct distinct function orders for $seeds seeds and the input"
  fi
}

# link LINKER OUT OBJS... (C programs with a C library, and C++): clang
# driver links a static PIE with --emit-relocs.
link_libc() {
  local linker=$1 exe=$2 driver=$bin/clang
  shift 2
  [ "${1##*.}" = cpp-o ] && driver=$bin/clang++
  local fuse=-fuse-ld=$ld_patched
  [ "$linker" = gnu-ld ] && fuse=-fuse-ld=bfd
  "$driver" -static-pie "$fuse" -Wl,--emit-relocs -o "$exe" "$@" -lm 2>"$exe.link.log"
}

## 1. The bundled example (freestanding, no C library).
ex_src=$root/utils/example
for mode in rewrite pie; do
  d=$out/example-$mode
  mkdir -p "$d"
  read -r -a mf <<<"$(mode_flags $mode)"
  okc=1
  for s in start shuffle sys workload ops; do
    extra=()
    case $s in start | shuffle) extra=(-fno-jump-tables) ;; esac
    "$bin/clang" -O2 -g -ffreestanding -nostdlib -fno-stack-protector -Wall -Werror \
      -ffunction-sections "${extra[@]}" "${mf[@]}" -c "$ex_src/$s.c" -o "$d/$s.o" \
      2>>"$d/cc.log" || okc=0
  done
  [ $okc = 1 ] || { fail "example: $mode: compile"; continue; }
  for linker in lld gnu-ld; do
    exe=$d/image-$linker
    lflags=(-static -pie --no-dynamic-linker -z text -e _start --emit-relocs)
    ld=$ld_patched
    [ $linker = gnu-ld ] && ld=ld.bfd
    if ! "$ld" "${lflags[@]}" "$d"/*.o -o "$exe" 2>"$exe.link.log"; then
      fail "example: $mode: $linker: link"
      continue
    fi
    shuffle_runs "example/$mode/$linker" "$exe" "" '{}; echo "exit $?"'
  done
done

## 2. The example shuffles itself at start-up (--embed).
for mode in rewrite pie; do
  d=$out/example-$mode
  img=$d/image-lld
  [ -x "$img" ] || continue
  emb=$d/image-embedded
  if ! "$shuffle" --embed "$img" -o "$emb" >"$emb.log" 2>&1; then
    fail "example: $mode: --embed"
    sed 's/^/    /' "$emb.log"
    continue
  fi
  for r in 1 2; do
    { "$emb"; echo "exit $?"; } >"$emb.out$r" 2>"$emb.err$r"
    { "$img"; echo "exit $?"; } >"$img.out$r" 2>"$img.err$r"
  done
  where() { grep '^example: workload at' "$1"; }
  if ! cmp -s "$emb.out1" "$d/shuffled/ref.out" || ! cmp -s "$emb.out2" "$d/shuffled/ref.out"; then
    fail "example: $mode: start-up shuffle: output differs from the unshuffled image"
  elif ! grep -q 'start-up shuffle: blocks moved: [1-9]' "$emb.err1"; then
    fail "example: $mode: start-up shuffle did not run: $(grep shuffle "$emb.err1")"
  elif [ "$(where "$emb.err1")" = "$(where "$emb.err2")" ]; then
    fail "example: $mode: start-up shuffle: two runs put the functions at the same offsets"
  elif [ "$(where "$img.err1")" != "$(where "$img.err2")" ]; then
    fail "example: $mode: control: the image without a map moved its functions"
  else
    pass "example: $mode: start-up shuffle: same output, offsets differ between runs ('$(where "$emb.err1" | cut -d' ' -f3-)' vs '$(where "$emb.err2" | cut -d' ' -f3-)'); without the map they stay ('$(where "$img.err1" | cut -d' ' -f3-)'); $(grep -o 'embedded.*' "$emb.log")"
  fi
done

## 3. Negative controls on the example: one relocation removed.
img=$out/example-pie/image-lld
if [ -x "$img" ]; then
  for kind in data call; do
    bad=$out/example-pie/dropped-$kind
    what=$(python3 "$here/drop-reloc.py" "$img" "$img.$kind" workload $kind) || {
      fail "control: no $kind relocation to drop"; continue; }
    "$shuffle" --seed 1 "$img.$kind" -o "$bad" >"$bad.log" 2>&1
    rc=$?
    if [ $rc -eq 1 ] && grep -q 'without a relocation' "$bad.log" && [ ! -e "$bad" ]; then
      pass "control: $what: refused (exit 1): $(grep -m1 error "$bad.log" | sed 's/.*: error: [^:]*: //' | cut -c1-160)"
    else
      fail "control: $what: exit $rc, expected a refusal"
      sed 's/^/    /' "$bad.log" | head -5
    fi
  done
fi

## 4. SQLite's speedtest1 and 5. the C++ program, with glibc.
amalg=$(sqlite_amalgamation) && sqsrc=$(sqlite_source) || { fail "sqlite sources"; finish; }
sqflags=(-O2 -g0 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION -DSQLITE_OMIT_DEPRECATED -I"$amalg")
st_run='for t in main cte; do {} --memdb --verify --size 5 --testset $t | sed -E "s/ +[0-9]+\.[0-9]+s\$//"; done'
for mode in rewrite pie; do
  d=$out/speedtest1-$mode
  mkdir -p "$d"
  read -r -a mf <<<"$(mode_flags $mode)"
  if ! "$bin/clang" "${sqflags[@]}" -ffunction-sections "${mf[@]}" -c "$amalg/sqlite3.c" -o "$d/sqlite3.o" 2>"$d/cc.log" ||
     ! "$bin/clang" "${sqflags[@]}" -ffunction-sections "${mf[@]}" -c "$sqsrc/test/speedtest1.c" -o "$d/speedtest1.o" 2>>"$d/cc.log"; then
    fail "speedtest1: $mode: compile"
    continue
  fi
  for linker in lld gnu-ld; do
    exe=$d/speedtest1-$linker
    if ! link_libc $linker "$exe" "$d/speedtest1.o" "$d/sqlite3.o"; then
      fail "speedtest1: $mode: $linker: link"
      head -3 "$exe.link.log"
      continue
    fi
    shuffle_runs "speedtest1/$mode/$linker" "$exe" "$d/speedtest1.o,$d/sqlite3.o" "$st_run"
  done
done

for mode in rewrite pie; do
  d=$out/exceptions-$mode
  mkdir -p "$d"
  read -r -a mf <<<"$(mode_flags $mode)"
  if ! "$bin/clang++" -O2 -ffunction-sections "${mf[@]}" -c "$here/tests/exceptions.cpp" \
       -o "$d/exceptions.cpp-o" 2>"$d/cc.log"; then
    fail "exceptions: $mode: compile"
    sed 's/^/    /' "$d/cc.log" | head -5
    continue
  fi
  for linker in lld gnu-ld; do
    exe=$d/exceptions-$linker
    if ! link_libc $linker "$exe" "$d/exceptions.cpp-o"; then
      fail "exceptions: $mode: $linker: link"
      head -3 "$exe.link.log"
      continue
    fi
    shuffle_runs "exceptions/$mode/$linker" "$exe" "$d/exceptions.cpp-o" '{}; echo "exit $?"'
  done
done

## 6. Negative control: a stock lld link keeps stale GOTPCRELX records (in
## glibc's objects) and is refused until gotfree-check --fix-emit-relocs.
d=$out/exceptions-pie
if [ -f "$d/exceptions.cpp-o" ]; then
  stock=$d/exceptions-stock-lld
  "$bin/clang++" -static-pie -fuse-ld=lld -Wl,--emit-relocs -o "$stock" "$d/exceptions.cpp-o" 2>/dev/null
  "$shuffle" --group-unrelocated --seed 1 "$stock" -o "$stock.shuf" >"$stock.log" 2>&1
  rc=$?
  n=$(grep -c 'stale --emit-relocs record' "$stock.log")
  if [ $rc -ne 1 ] || [ "$n" -eq 0 ] || [ -e "$stock.shuf" ] ||
     ! grep -q 'gotfree-check --fix-emit-relocs' "$stock.log"; then
    fail "control: stock lld: exit $rc, $n stale records reported; expected a refusal"
  else
    "$check" --fix-emit-relocs "$stock" -o "$stock.fixed" >/dev/null
    if "$shuffle" --group-unrelocated --seed 1 "$stock.fixed" -o "$stock.shuf" >"$stock.log2" 2>&1 &&
       [ "$("$stock.shuf")" = "$("$stock")" ]; then
      pass "control: stock lld: refused ($n stale records); after --fix-emit-relocs shuffled and runs the same"
    else
      fail "control: stock lld: after --fix-emit-relocs: shuffle or run failed"
      sed 's/^/    /' "$stock.log2" | head -5
    fi
  fi
fi
finish
