#!/usr/bin/env bash
# Fetches the Debian llvm-toolchain-22 orig tarball (the source lld is built
# from) into the gotfree cache and prints its path, through a private apt
# state derived from the machine's own apt sources (utils/lib/apt-state.sh).
set -euo pipefail

version=${GOTFREE_LLVM_VERSION:-22.1.8}
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
dest=$cache/llvm-src
tarball=$dest/llvm-toolchain-22_$version.orig.tar.xz

if [ -s "$tarball" ] && [ -e "$tarball.ok" ]; then
  echo "$tarball"
  exit 0
fi
mkdir -p "$dest"

. "$(dirname "$0")/lib/apt-state.sh"
apt_state_init --src

# Lines look like: 'URI' NAME SIZE SHA256:HEX
line=$(apt_state_run apt-get -qq source --print-uris llvm-toolchain-22 |
  grep -E "llvm-toolchain-22_${version//./\\.}\.orig\.tar\.[a-z]+'" | head -1) || true
if [ -z "$line" ]; then
  echo "fetch-llvm-source: no llvm-toolchain-22 $version orig tarball in the apt sources" >&2
  exit 1
fi
uri=$(awk '{print $1}' <<<"$line" | tr -d "'")
name=$(awk '{print $2}' <<<"$line")
hash=$(awk '{print $4}' <<<"$line")
case $hash in
  SHA256:*) ;;
  *) echo "fetch-llvm-source: no SHA256 for $name: $line" >&2; exit 1 ;;
esac
tarball=$dest/$name
# The security archive lists the source under pool/updates/main while the
# file lives in pool/main of the mirrors, so try the listed URI first and
# then the same pool/main path on every mirror the machine is configured with.
rel=${uri#*/pool/}
rel=${rel#updates/}
candidates=("$uri")
while read -r base; do
  [ -n "$base" ] && candidates+=("${base%/}/pool/$rel")
done < <(sed -n 's/^URIs: //p' "$apt_state_dir"/sources.list.d/*.sources | awk '!seen[$0]++')
ok=0
for u in "${candidates[@]}"; do
  echo "fetch-llvm-source: trying $u" >&2
  if /usr/lib/apt/apt-helper download-file "$u" "$tarball.part" "$hash" >&2; then
    ok=1
    break
  fi
done
if [ "$ok" != 1 ]; then
  echo "fetch-llvm-source: could not download $name" >&2
  exit 1
fi
mv "$tarball.part" "$tarball"
echo "$hash" > "$tarball.ok"
echo "$tarball"
