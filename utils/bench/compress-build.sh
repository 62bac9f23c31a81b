#!/usr/bin/env bash
# Usage: compress-build.sh OUTDIR [PLUGIN]
# Builds two compressors from Debian source packages (fetched into the
# gotfree cache) at -O2 in every benchmark configuration (configs.sh), one
# configuration at a time, linked like sqlite-build.sh links speedtest1:
#   zlib      zlib 1.2.13 (zlib 1:1.2.13.dfsg-1): the library and
#             test/minigzip.c (what its configure would define: HAVE_UNISTD_H)
#   xz        xz-utils 5.4.1 (5.4.1-1+deb12u2): liblzma and the xz tool,
#             configured by its own configure, linked here (libtool would
#             drop -static)
#   OUTDIR/<program>/<config>/{minigzip|xz,cc.log,minigzip.link.log|xz.link.log}
#   OUTDIR/input   the workload's input: the xz sources' .c files in sorted
#                  order (887304 bytes)
# GOTFREE_BENCH_CONFIGS restricts the configurations.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
. "$here/configs.sh"
out=$(mkdir -p "$1" && cd "$1" && pwd)
plugin=${2:-$root/build/lib/GotFree.so}
[ -f "$plugin" ] || { echo "compress-build: error: no plugin at $plugin" >&2; exit 1; }
zsrc=$(bash "$root/utils/kernel/apt-source.sh" fetch zlib "${GOTFREE_ZLIB_VERSION:-1:1.2.13.dfsg-1}")
xsrc=$(bash "$root/utils/kernel/apt-source.sh" fetch xz-utils "${GOTFREE_XZ_VERSION:-5.4.1-1+deb12u2}")
hidden=$(bench_hidden_h "$out")
find "$xsrc/src" -name '*.c' | LC_ALL=C sort | xargs cat >"$out/input"

configs=${GOTFREE_BENCH_CONFIGS:-$BENCH_CONFIGS}
for c in $configs; do
  read -r -a flags <<<"$(bench_config_flags "$c" "$plugin" "$hidden")"
  read -r -a lflags <<<"$(bench_link_kind "$c")"

  d=$out/zlib/$c
  rm -rf "$d"
  mkdir -p "$d"
  objs=()
  for u in adler32 crc32 deflate infback inffast inflate inftrees trees zutil \
    compress uncompr gzclose gzlib gzread gzwrite test/minigzip; do
    o=$d/$(basename "$u").o
    nice -n 19 "$LLVM_BIN/clang" -O2 -g0 -DHAVE_UNISTD_H -I"$zsrc" "${flags[@]}" \
      -c "$zsrc/$u.c" -o "$o" 2>>"$d/cc.log"
    objs+=("$o")
  done
  bench_link compress-build "minigzip $c" "$c" "$d/minigzip" "${objs[@]}" || true

  d=$out/xz/$c
  rm -rf "$d"
  mkdir -p "$d"
  (cd "$d" && nice -n 19 "$xsrc/configure" CC="$LLVM_BIN/clang" \
     CFLAGS="-O2 -g0 ${flags[*]}" LDFLAGS="${lflags[*]} -fuse-ld=lld" \
     --disable-shared --enable-static --disable-nls --disable-threads \
     --disable-xzdec --disable-lzmadec --disable-lzmainfo \
     --disable-lzma-links --disable-scripts --disable-doc >configure.log 2>&1 &&
   nice -n 19 make -C src/liblzma >make.log 2>&1) ||
    { echo "compress-build: xz $c: liblzma failed, see $d/make.log" >&2; continue; }
  # Only the objects: libtool's own link of xz may fail or drop -static.
  (cd "$d" && nice -n 19 make -k -C src/xz >>make.log 2>&1) || true
  bench_link compress-build "xz $c" "$c" "$d/xz" "$d"/src/xz/*.o \
    "$d/src/liblzma/.libs/liblzma.a" || true
done
