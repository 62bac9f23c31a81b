# Sourced by the scripts that check compiled objects for the output
# contract: gotfree-check decides which relocations are GOT-forming or
# absolute (its one relocation-type table), these helpers only find it,
# copy it with the plugin, and count.
# shellcheck shell=bash

# gotfree_check_for PLUGIN: the gotfree-check built next to GotFree.so.
gotfree_check_for() {
  echo "$(cd "$(dirname "$1")/.." && pwd)/bin/gotfree-check"
}

# snapshot_plugin PLUGIN DIR: copies GotFree.so, the objects it loads from
# beside it and its gotfree-check into DIR/lib and DIR/bin, and prints the
# copy of the plugin: a long run tests one build even if it is redone.
snapshot_plugin() {
  local plugin=$1 dir=$2
  mkdir -p "$dir/lib" "$dir/bin"
  cp "$(dirname "$plugin")"/*.so "$dir/lib/" &&
    cp "$(gotfree_check_for "$plugin")" "$dir/bin/" &&
    echo "$dir/lib/$(basename "$plugin")"
}

# forbidden_relocs CHECK OBJ...: "TYPE xN ..." for every GOT-forming or
# absolute relocation gotfree-check finds in the objects (empty when there
# is none); fails when gotfree-check cannot read one of them (or is missing).
forbidden_relocs() {
  local check=$1 obj out rc all=""
  shift
  for obj in "$@"; do
    out=$("$check" --allow=jump-table "$obj" 2>&1) && rc=0 || rc=$?
    if [ "$rc" -gt 1 ]; then
      echo "$out" >&2
      return 2
    fi
    all+=$out$'\n'
  done
  printf '%s' "$all" |
    sed -nE -e 's/^got-ref: .*\[(R_X86_64_[A-Z0-9_]+) .*/\1/p' \
      -e 's/^abs-reloc: [^ ]+ <[^>]*>: (R_X86_64_[A-Z0-9_]+) .*/\1/p' |
    awk '{ if (!($1 in n)) order[k++] = $1; n[$1]++ }
      END { for (i = 0; i < k; i++) printf "%s x%d ", order[i], n[order[i]] }'
}
