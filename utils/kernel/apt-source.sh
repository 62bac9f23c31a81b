#!/usr/bin/env bash
# Usage: apt-source.sh PACKAGE VERSION
# Fetches and unpacks a Debian source package into the gotfree cache and prints
# the unpacked directory. Uses a private apt state whose deb-src entries are
# derived at run time from the machine's own apt sources, so no mirror host is
# ever written into the repository and the system apt setup is left alone.
set -euo pipefail
pkg=$1
version=$2
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
. "$(dirname "$0")/../lib/source-cache.sh"
source_cache_lookup "$pkg" "$version"

aptdir=$cache/apt
mkdir -p "$aptdir/sources.list.d" "$aptdir/lists/partial" "$aptdir/cache/archives/partial"
srcfile=$aptdir/sources.list.d/gotfree-src.sources
: >"$srcfile"
# deb822 files: copy every stanza that serves binaries as a deb-src stanza.
for f in /etc/apt/sources.list.d/*.sources; do
  [ -e "$f" ] || continue
  awk 'BEGIN { RS = ""; ORS = "\n\n" }
       /(^|\n)Types:[^\n]*deb([ \t\n]|$)/ {
         sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f" >>"$srcfile"
done
# One-line format files: turn every "deb" line into a "deb-src" line.
listfile=$aptdir/sources.list.d/gotfree-src.list
: >"$listfile"
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -e "$f" ] || continue
  sed -n -E 's/^[[:space:]]*deb([[:space:]])/deb-src\1/p' "$f" >>"$listfile"
done
if [ ! -s "$srcfile" ] && [ ! -s "$listfile" ]; then
  echo "apt-source: error: no deb entries found in /etc/apt to derive deb-src from" >&2
  exit 1
fi

apt_opts=(
  -o "Dir::Etc::SourceList=/dev/null"
  -o "Dir::Etc::SourceParts=$aptdir/sources.list.d"
  -o "Dir::State::Lists=$aptdir/lists"
  -o "Dir::Cache=$aptdir/cache"
  -o "Dir::Cache::pkgcache="
  -o "Dir::Cache::srcpkgcache="
  -o "Debug::NoLocking=1"
  -o "APT::Sandbox::User=root"
)
# Refresh the private index only when it does not know the version yet.
if ! apt-get "${apt_opts[@]}" -qq --print-uris source "$pkg=$version" >/dev/null 2>&1; then
  echo "apt-source: updating private deb-src index in $aptdir" >&2
  apt-get "${apt_opts[@]}" -qq update >&2
fi

rm -rf "$dest.tmp"
mkdir -p "$dest.tmp"
echo "apt-source: fetching $pkg=$version" >&2
(cd "$dest.tmp" && apt-get "${apt_opts[@]}" -qq source "$pkg=$version" >&2)
# Keep only the unpacked tree; the tarballs are not needed again.
source_cache_store apt-source "$dest.tmp"
