#!/usr/bin/env bash
# Usage: deb-source.sh PACKAGE VERSION SHA256
# Fetches a binary package that carries a kernel source tarball (Debian's
# linux-source-X.Y) with `apt-get download` into the gotfree cache, checks the
# .deb against SHA256, unpacks the tarball with dpkg-deb and tar, and prints
# the unpacked tree. Nothing is installed into /usr/src. A package whose hash
# differs from the pinned one is an error (and is deleted), never used.
set -euo pipefail
pkg=$1
version=$2
sha256=$3
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
. "$(dirname "$0")/../lib/source-cache.sh"
source_cache_lookup "$pkg" "$version"

debdir=$cache/deb
mkdir -p "$debdir"
deb=$debdir/${pkg}_${version}_all.deb
if [ ! -f "$deb" ] || ! echo "$sha256  $deb" | sha256sum -c --status; then
  rm -f "$deb"
  echo "deb-source: fetching $pkg=$version" >&2
  (cd "$debdir" && apt-get -qq -o APT::Sandbox::User=root download "$pkg=$version" >&2) || {
    echo "deb-source: error: apt-get download $pkg=$version failed (is the version still in the archive?)" >&2
    exit 1
  }
fi
if ! echo "$sha256  $deb" | sha256sum -c --status; then
  echo "deb-source: error: $deb: sha256 $(sha256sum <"$deb" | cut -d' ' -f1), expected $sha256" >&2
  rm -f "$deb"
  exit 1
fi

rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
echo "deb-source: unpacking $(basename "$deb")" >&2
tarball=$(dpkg-deb -c "$deb" | awk '{ print $NF }' | grep -E '^\./usr/src/[^/]+\.tar\.(xz|gz|bz2)$' | head -1)
[ -n "$tarball" ] || { echo "deb-source: error: $deb carries no source tarball in /usr/src" >&2; exit 1; }
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dest.tmp" "$tarball"
tar -xf "$dest.tmp/$tarball" -C "$dest.tmp"
rm -rf "$dest.tmp/usr"
source_cache_store deb-source "$dest.tmp"
