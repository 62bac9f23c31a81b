#!/usr/bin/env bash
# Usage: build-run.sh MODE PLUGIN OUTDIR LINK...
#   MODE    baseline (plain -fpie), rewrite (-fno-pie + plugin mode=rewrite,
#           relro=on) or pie (-fpie + plugin mode=pie)
#   PLUGIN  path of GotFree.so (ignored for baseline)
#   LINK    static-pie (clang -static-pie -fuse-ld=lld) or static (non-PIE)
# Compiles SQLite's amalgamation and speedtest1 once in MODE, checks the
# objects' relocations (plugin modes: no GOT-forming and no absolute 32-bit
# relocation), then for each LINK links the program with ld.lld, runs a
# deterministic speedtest1 workload and writes OUTDIR/LINK.out with the
# timings stripped, so outputs of different builds compare byte for byte.
# Prints "LINK ok" or "LINK failed" per link kind on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
. "$here/../lib/object-relocs.sh"
mode=$1
plugin=$2
out=$3
shift 3
amalg=$(sqlite_amalgamation)
src=$(sqlite_source)
mkdir -p "$out"

cflags=(-O2 -g0 -DSQLITE_THREADSAFE=0 -DSQLITE_OMIT_LOAD_EXTENSION
        -DSQLITE_OMIT_DEPRECATED -I"$amalg")
case $mode in
  baseline) cflags+=(-fpie) ;;
  # relro=on: constants holding addresses go to .data.rel.ro, which a static
  # PIE relocates at start-up (.rodata is read-only by then).
  rewrite) cflags+=(-fno-pie -fplugin="$plugin" -fplugin-arg-gotfree-mode=rewrite
                    -fplugin-arg-gotfree-relro=on
                    -fplugin-arg-gotfree-jump-tables=relative) ;;
  pie) cflags+=(-fpie -fplugin="$plugin" -fplugin-arg-gotfree-mode=pie) ;;
  *) echo "sqlite: error: unknown mode '$mode'" >&2; exit 2 ;;
esac

"$LLVM_BIN/clang" "${cflags[@]}" -c "$amalg/sqlite3.c" -o "$out/sqlite3.o" 2>"$out/cc.log"
"$LLVM_BIN/clang" "${cflags[@]}" -c "$src/test/speedtest1.c" -o "$out/speedtest1.o" 2>>"$out/cc.log"
if grep -E '(error|warning|remark): gotfree' "$out/cc.log" >&2; then
  echo "sqlite: error: $mode: gotfree diagnostics (above)" >&2
  exit 1
fi

# Relocation census of the compiled objects.
"$LLVM_BIN/llvm-readelf" -r --wide "$out/sqlite3.o" "$out/speedtest1.o" |
  awk '$3 ~ /^R_X86_64_/ { n[$3]++ } END { for (t in n) print t, n[t] }' |
  sort >"$out/relocs.txt"
echo "sqlite: $mode: object relocations: $(tr '\n' ' ' <"$out/relocs.txt")" >&2
if [ "$mode" != baseline ]; then
  bad=$(forbidden_relocs "$(gotfree_check_for "$plugin")" "$out/sqlite3.o" \
    "$out/speedtest1.o") || bad="unreadable objects"
  if [ -n "$bad" ]; then
    echo "sqlite: error: $mode: GOT-forming or absolute relocations left: $bad" >&2
    exit 1
  fi
fi

status=0
for link in "$@"; do
  exe=$out/speedtest1-$link
  case $link in
    static-pie) ldflags=(-static-pie) ;;
    static) ldflags=(-static) ;;
    *) echo "sqlite: error: unknown link kind '$link'" >&2; exit 2 ;;
  esac
  if ! "$LLVM_BIN/clang" "${ldflags[@]}" -fuse-ld=lld -o "$exe" \
       "$out/speedtest1.o" "$out/sqlite3.o" -lm 2>"$out/link-$link.log"; then
    echo "sqlite: error: $mode: $link link failed:" >&2
    grep -v '^>>>' "$out/link-$link.log" | sort | uniq -c | head -5 >&2
    grep -m3 '^>>>' "$out/link-$link.log" >&2 || true
    echo "$link failed"; status=1; continue
  fi
  # A static PIE is ET_DYN; anything else means the link silently fell back.
  # (Header read into a variable first: grep -q under pipefail can SIGPIPE
  # the reader and fail the pipeline.)
  header=$("$LLVM_BIN/llvm-readelf" -h "$exe")
  if [ "$link" = static-pie ] && ! grep -q 'Type:.*DYN' <<<"$header"; then
    echo "sqlite: error: $mode: $exe is not a static PIE" >&2
    echo "$link failed"; status=1; continue
  fi
  # Deterministic workload: in-memory database, fixed size, result hashes on.
  : >"$out/$link.raw"
  ok=1
  for set in main cte; do
    "$exe" --memdb --verify --size "${GOTFREE_SQLITE_SIZE:-10}" --testset "$set" \
      >>"$out/$link.raw" 2>&1 || { echo "sqlite: error: $mode: $link: speedtest1 --testset $set exited $?" >&2; ok=0; }
  done
  sed -E 's/ +[0-9]+\.[0-9]+s$//' "$out/$link.raw" >"$out/$link.out"
  if [ "$(grep -cE '^Verification Hash: [0-9]+ [0-9a-f]+' "$out/$link.out")" != 2 ]; then
    echo "sqlite: error: $mode: $link: expected two verification hashes in the output" >&2
    ok=0
  fi
  if [ $ok = 1 ]; then echo "$link ok"; else echo "$link failed"; status=1; fi
done
exit $status
