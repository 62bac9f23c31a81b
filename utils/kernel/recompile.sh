#!/usr/bin/env bash
# Usage: recompile.sh BUILD OBJ OUT [EXTRA_CFLAGS...]
# (environment: GOTFREE_RECOMPILE_SRC, below)
# Compiles object OBJ of kernel build directory BUILD again, with the command
# Kbuild recorded in its .cmd file (plus EXTRA_CFLAGS), into OUT, without the
# objtool run that follows it there; prints the objtool arguments Kbuild used
# for it (empty when it ran none). For controls that run another objtool on
# exactly the code a build compiled.
set -euo pipefail
build=$1
obj=$2
out=$3
shift 3
cmdfile=$build/$(dirname "$obj")/.$(basename "$obj").cmd
[ -f "$cmdfile" ] || { echo "recompile: error: no $cmdfile (was $obj built?)" >&2; exit 1; }
line=$(sed -n 's/^savedcmd_[^ ]* := //p' "$cmdfile" | head -1)
[ -n "$line" ] || { echo "recompile: error: $cmdfile has no saved command" >&2; exit 1; }
compile=${line%%;*}
objtool_part=
[[ $line != *";"* ]] || objtool_part=${line#*;}
case $compile in
  */clang\ *) ;;
  *) echo "recompile: error: $obj was not compiled by clang: ${compile:0:80}" >&2; exit 1 ;;
esac
# The recorded command writes -o OBJ (relative to BUILD) and a dependency
# file next to it; write OUT and a throw-away dependency file instead.
compile=${compile/ -o $obj / -o $out }
# GOTFREE_RECOMPILE_SRC=FROM=TO: compile the sources of tree TO where the
# build used tree FROM (the same object from another copy of the kernel).
if [ -n "${GOTFREE_RECOMPILE_SRC:-}" ]; then
  compile=${compile//"${GOTFREE_RECOMPILE_SRC%%=*}"/"${GOTFREE_RECOMPILE_SRC#*=}"}
fi
compile=$(sed -E 's/(^| )-Wp,-MMD,[^ ]+/ /' <<<"$compile")
(cd "$build" && eval "$compile $*") ||
  { echo "recompile: error: compiling $obj failed" >&2; exit 1; }
if [[ $objtool_part == *objtool* ]]; then
  args=${objtool_part#*objtool/objtool }
  echo "${args% $obj}"
fi
