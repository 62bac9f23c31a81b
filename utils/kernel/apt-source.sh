#!/usr/bin/env bash
# Usage: apt-source.sh version PACKAGE PIN
#        apt-source.sh tree PACKAGE VERSION
#        apt-source.sh fetch PACKAGE PIN    (tree of the version "version" picks)
# Debian source packages (Linux 6.1: `linux`), read through a private apt
# state whose deb-src entries derive from the machine's own Debian entries
# (utils/lib/apt-state.sh): no mirror is named here and the system's apt
# setup is left alone.
#
# "version" prints the version to build: PIN when its tree is in the cache
# or the archive still has it; otherwise (the archive drops old versions)
# the newest version with PIN's upstream series (6.1.x), with a warning.
# "tree" fetches and unpacks PACKAGE=VERSION (apt-get source checks every
# file against the authenticated Sources index) and prints the tree.
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: apt-source.sh version|tree|fetch PACKAGE VERSION" >&2
  exit 2
fi
cmd=$1
pkg=$2
want=$3
here=$(cd "$(dirname "$0")" && pwd)
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
. "$here/../lib/source-cache.sh"
. "$here/../lib/apt-state.sh"

case $cmd in
  version)
    if [ -f "$cache/src/$pkg-$want/.gotfree-unpacked" ]; then
      echo "$want"
      exit 0
    fi
    apt_state_init --src
    versions=$(apt_state_run apt-cache showsrc "$pkg" | sed -n 's/^Version: //p')
    if grep -qxF "$want" <<<"$versions"; then
      echo "$want"
      exit 0
    fi
    # The series: the upstream version's first two numbers (6.1 of 6.1.176-1).
    series=$(sed -E 's/^([0-9]+\.[0-9]+)\..*/\1/' <<<"$want")
    newest=$(grep -E "^${series//./\\.}\.[0-9]" <<<"$versions" | sort -V | tail -1 || true)
    if [ -z "$newest" ]; then
      echo "apt-source: error: no $pkg $series.x source in the archive (pinned $want)" >&2
      exit 1
    fi
    echo "apt-source: warning: $pkg $want (the pinned version) is no longer in the archive;" \
      "using $newest, the newest of the $series series" >&2
    echo "$newest"
    ;;
  tree)
    source_cache_lookup "$pkg" "$want"
    apt_state_init --src
    rm -rf "$dest.tmp"
    mkdir -p "$dest.tmp"
    echo "apt-source: fetching $pkg=$want" >&2
    (cd "$dest.tmp" && apt_state_run apt-get -qq source "$pkg=$want" >&2)
    # Keep only the unpacked tree; the tarballs are not needed again.
    source_cache_store apt-source "$dest.tmp"
    ;;
  fetch)
    exec bash "$0" tree "$pkg" "$(bash "$0" version "$pkg" "$want")"
    ;;
  *)
    echo "apt-source: error: unknown command '$cmd' (version, tree or fetch)" >&2
    exit 2
    ;;
esac
