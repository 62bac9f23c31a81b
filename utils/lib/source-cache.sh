# Sourced by the scripts that unpack a source package into the gotfree
# cache (utils/kernel/apt-source.sh, deb-source.sh): where the tree goes and
# how it is recorded, so that a tree is used only once it is complete.
# shellcheck shell=bash

# source_cache_lookup PKG VERSION: sets dest (the tree's cache directory)
# and stamp (the file that records the unpacked tree); when the stamp is
# there, prints the tree and exits the script.
source_cache_lookup() {
  local cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
  dest=$cache/src/$1-$2
  stamp=$dest/.gotfree-unpacked
  if [ -f "$stamp" ]; then
    cat "$stamp"
    exit 0
  fi
}

# source_cache_store SCRIPT TMP: moves the one directory unpacked in TMP to
# dest, deletes TMP, records the tree in stamp and prints it. SCRIPT names
# the caller in the error for an empty TMP.
source_cache_store() {
  local dir
  dir=$(find "$2" -mindepth 1 -maxdepth 1 -type d | head -1)
  [ -n "$dir" ] || { echo "$1: error: $2 holds no unpacked tree" >&2; exit 1; }
  rm -rf "$dest"
  mkdir -p "$dest"
  mv "$dir" "$dest/"
  rm -rf "$2"
  echo "$dest/$(basename "$dir")" >"$stamp"
  cat "$stamp"
}
