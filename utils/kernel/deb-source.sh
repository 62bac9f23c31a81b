#!/usr/bin/env bash
# Usage: deb-source.sh version PACKAGE SUITE PIN
#        deb-source.sh tree PACKAGE SUITE VERSION
# Debian's linux-source-X.Y binary packages carry a kernel source tarball.
#
# "version" prints the version to build: PIN when its .deb is in the cache
# or still in SUITE's archive; otherwise (the archive drops old versions)
# the newest version of PACKAGE in SUITE, the same kernel series, with a
# warning on stderr. The version goes into every cache key and figure.
#
# "tree" fetches PACKAGE=VERSION with `apt-get download` into the gotfree
# cache, checks its sha256, unpacks the tarball with dpkg-deb and tar, and
# prints the unpacked tree. The hash comes from utils/kernel/
# source-hashes.txt; a version that list does not know (a fallback) is
# checked against the archive's own index, which apt authenticates, and its
# hash is recorded in the cache and printed so that it can be added to the
# list. A package whose hash differs is deleted, never used.
#
# SUITE's index is read through a private apt state (apt-state.sh): nothing
# is installed and the system's apt lists are left alone.
set -euo pipefail
cmd=$1
pkg=$2
suite=$3
want=$4
here=$(cd "$(dirname "$0")" && pwd)
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
debdir=$cache/deb
hashes=$here/source-hashes.txt
. "$here/../lib/apt-state.sh"

deb_path() { echo "$debdir/${pkg}_$1_all.deb"; }

# known_hash VERSION: the sha256 source-hashes.txt or the cache records.
known_hash() {
  awk -v p="$pkg" -v v="$1" '!/^#/ && $1 == p && $2 == v { print $3 }' "$hashes"
  cat "$(deb_path "$1").sha256" 2>/dev/null || true
}

# cached_ok VERSION: the .deb of VERSION is in the cache with its hash.
cached_ok() {
  local h
  h=$(known_hash "$1" | head -1)
  [ -n "$h" ] && [ -f "$(deb_path "$1")" ] &&
    echo "$h  $(deb_path "$1")" | sha256sum -c --status
}

case $cmd in
  version)
    if cached_ok "$want"; then
      echo "$want"
      exit 0
    fi
    apt_state_init "$suite"
    versions=$(apt_state_run apt-cache madison "$pkg" | awk -F' [|] ' '{ print $2 }')
    if grep -qxF "$want" <<<"$versions"; then
      echo "$want"
      exit 0
    fi
    newest=$(sort -V <<<"$versions" | grep . | tail -1 || true)
    if [ -z "$newest" ]; then
      echo "deb-source: error: $suite has no $pkg at all (pinned $want)" >&2
      exit 1
    fi
    echo "deb-source: warning: $pkg $want (the pinned version) is no longer in $suite;" \
      "using $newest, the newest of the series" >&2
    echo "$newest"
    ;;
  tree)
    . "$here/../lib/source-cache.sh"
    source_cache_lookup "$pkg" "$want"
    mkdir -p "$debdir"
    deb=$(deb_path "$want")
    sha256=$(known_hash "$want" | head -1)
    if [ -z "$sha256" ]; then
      apt_state_init "$suite"
      sha256=$(apt_state_run apt-cache show "$pkg=$want" | sed -n 's/^SHA256: //p' | head -1)
      [ -n "$sha256" ] || { echo "deb-source: error: no SHA256 for $pkg=$want in $suite's index" >&2; exit 1; }
      echo "deb-source: $pkg $want is not in $(basename "$hashes"); the archive's index gives" \
        "sha256 $sha256 (add it to the list: $pkg $want $sha256)" >&2
    fi
    if [ ! -f "$deb" ] || ! echo "$sha256  $deb" | sha256sum -c --status; then
      rm -f "$deb"
      echo "deb-source: fetching $pkg=$want from $suite" >&2
      apt_state_init "$suite"
      (cd "$debdir" && apt_state_run apt-get -qq download "$pkg=$want" >&2) || {
        echo "deb-source: error: apt-get download $pkg=$want failed" >&2
        exit 1
      }
    fi
    if ! echo "$sha256  $deb" | sha256sum -c --status; then
      echo "deb-source: error: $deb: sha256 $(sha256sum <"$deb" | cut -d' ' -f1), expected $sha256" >&2
      rm -f "$deb"
      exit 1
    fi
    echo "$sha256" >"$deb.sha256"

    rm -rf "$dest.tmp"
    mkdir -p "$dest.tmp"
    echo "deb-source: unpacking $(basename "$deb")" >&2
    tarball=$(dpkg-deb -c "$deb" | awk '{ print $NF }' | grep -E '^\./usr/src/[^/]+\.tar\.(xz|gz|bz2)$' | head -1)
    [ -n "$tarball" ] || { echo "deb-source: error: $deb carries no source tarball in /usr/src" >&2; exit 1; }
    dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$dest.tmp" "$tarball"
    tar -xf "$dest.tmp/$tarball" -C "$dest.tmp"
    rm -rf "$dest.tmp/usr"
    source_cache_store deb-source "$dest.tmp"
    ;;
  *)
    echo "deb-source: error: unknown command '$cmd' (version or tree)" >&2
    exit 2
    ;;
esac
