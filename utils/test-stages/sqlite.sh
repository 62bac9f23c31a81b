#!/usr/bin/env bash
# Usage: sqlite.sh BUILD_DIR
# SQLite end to end: speedtest1 from the Debian sqlite3 source, compiled in
# baseline (-fpie), rewrite (-fno-pie + GotFree.so) and pie (-fpie +
# GotFree.so) modes, linked -static-pie with ld.lld and run on a deterministic
# workload; every plugin build must print exactly what the baseline prints
# (including speedtest1's result hashes). Rewrite mode is also linked as a
# plain static executable, which separates "the rewritten code runs" from
# "its data can be relocated at start-up".
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
plugin=$build/lib/GotFree.so
out=$build/e2e/sqlite
stage=sqlite
. "$root/utils/lib/stage-counters.sh"

if [ ! -f "$plugin" ]; then
  fail "no plugin at $plugin"
  finish
fi

rm -rf "$out"
mkdir -p "$out"
stage_start=$(date +%s)
for mode in baseline rewrite pie; do
  links=(static-pie)
  [ "$mode" = rewrite ] && links+=(static)
  results=$(bash "$root/utils/sqlite/build-run.sh" "$mode" "$plugin" "$out/$mode" "${links[@]}" \
              2>"$out/$mode.log")
  sed 's/^/  /' "$out/$mode.log" | head -12
  for link in "${links[@]}"; do
    if ! grep -qx "$link ok" <<<"$results"; then
      fail "$mode: $link: build, link or run failed"
      continue
    fi
    pass "$mode: $link: builds with ld.lld and runs"
    [ "$mode" = baseline ] && continue
    if [ -f "$out/baseline/static-pie.out" ] &&
       diff -u "$out/baseline/static-pie.out" "$out/$mode/$link.out" >"$out/$mode-$link.diff"; then
      pass "$mode: $link: output identical to baseline"
    else
      fail "$mode: $link: output differs from baseline (see $out/$mode-$link.diff)"
      head -20 "$out/$mode-$link.diff"
    fi
  done
done
finish
