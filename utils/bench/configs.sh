# Sourced by the user-space benchmark builds (sqlite-build.sh, lua-build.sh):
# the configurations compared, their compiler flags and how each is linked.
# One place, so that every benchmark measures the same six builds.
# shellcheck shell=bash

# The LLVM 22 tools every benchmark build uses.
LLVM_BIN=/usr/lib/llvm-22/bin

# All configurations, baseline first (GOTFREE_BENCH_CONFIGS restricts them).
BENCH_CONFIGS="1-base 2-rewrite 2a-rewrite-absjt 2b-rewrite-small 3-gfpie 4-hidden 5-pie"

# bench_config_flags CONFIG PLUGIN HIDDEN_H: the compiler flags of CONFIG.
#   1-base     -mcmodel=kernel -fno-pie (today's kernel)
#   2-rewrite  1 + -fplugin=GotFree.so (mode=auto -> rewrite)
#   2a-rewrite-absjt  2 with -fplugin-arg-gotfree-jump-tables=absolute-rip
#   2b-rewrite-small  -mcmodel=small -fno-pie + -fplugin=GotFree.so: rewrite
#              mode for code that is not a kernel (its output-kind defaults)
#   3-gfpie    -fpie -mcmodel=small + -fplugin=GotFree.so (mode=auto -> pie)
#   4-hidden   -fpie -mcmodel=small -fdirect-access-external-data
#              -include HIDDEN_H -fno-jump-tables (stock clang, no plugin)
#   5-pie      -fpie (GOT, left to linker relaxation)
bench_config_flags() {
  local plugin=$2 hidden=$3
  case $1 in
    1-base) echo "-mcmodel=kernel -fno-pie" ;;
    2-rewrite) echo "-mcmodel=kernel -fno-pie -fplugin=$plugin" ;;
    2a-rewrite-absjt) echo "-mcmodel=kernel -fno-pie -fplugin=$plugin -fplugin-arg-gotfree-jump-tables=absolute-rip" ;;
    2b-rewrite-small) echo "-mcmodel=small -fno-pie -fplugin=$plugin" ;;
    3-gfpie) echo "-fpie -mcmodel=small -fplugin=$plugin" ;;
    4-hidden) echo "-fpie -mcmodel=small -fdirect-access-external-data -include $hidden -fno-jump-tables" ;;
    5-pie) echo "-fpie" ;;
    *) echo "bench: error: unknown configuration '$1'" >&2; return 1 ;;
  esac
}

# bench_link_kind CONFIG: the baseline and rewrite mode of -mcmodel=kernel
# code link static non-PIE (their code assumes addresses below 2 GiB and
# their data may hold absolute addresses in .rodata), the PIE
# configurations and 2b (whose output kind is a static PIE) as static PIEs.
bench_link_kind() {
  case $1 in
    1-base | 2-rewrite | 2a-rewrite-absjt) echo "-static -no-pie" ;;
    *) echo "-static-pie" ;;
  esac
}

# bench_link TOOL WHAT CONFIG EXE ARG...: links EXE from the objects (and
# any link flags) in ARG... and -lm with ld.lld as CONFIG's kind of image,
# the log in EXE.link.log. Says "TOOL: WHAT: linked (flags)" or "link
# failed" on stderr; a failed link removes EXE and returns 1.
bench_link() {
  local tool=$1 what=$2 c=$3 exe=$4 log=$4.link.log lflags
  shift 4
  read -r -a lflags <<<"$(bench_link_kind "$c")"
  if nice -n 19 "$LLVM_BIN/clang" "${lflags[@]}" -fuse-ld=lld \
       -o "$exe" "$@" -lm 2>"$log"; then
    echo "$tool: $what: linked (${lflags[*]})" >&2
  else
    rm -f "$exe"
    echo "$tool: $what: link failed: $(head -1 "$log")" >&2
    return 1
  fi
}

# bench_hidden_h DIR: writes DIR/hidden.h (configuration 4's visibility
# pragma) and prints its path.
bench_hidden_h() {
  mkdir -p "$1"
  printf '#pragma GCC visibility push(hidden)\n' >"$1/hidden.h"
  echo "$1/hidden.h"
}
