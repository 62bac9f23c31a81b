#!/usr/bin/env bash
# Builds llc 22.1.8 with the gotfree X86 series (llvm-pass/upstream/*.patch)
# without building LLVM, and prints the path of the patched llc last.
#
# Only what the series changes is compiled: every .cpp file under llvm/lib
# that a patch touches (against the installed LLVM 22 headers, the X86
# sources and the llvm-tblgen outputs those files include), and llc's own
# sources. They are linked before Debian's static archives
# (/usr/lib/llvm-22/lib/libLLVM*.a), so the patched objects take the place
# of the archive members of the same name, which are never pulled in. This
# needs the series to keep every header change ABI-neutral (declarations
# only, no class layout, inline function or TableGen change), which
# llvm-pass/upstream/README.md states; the script refuses a series that
# touches a .td file.
#
# The result is cached under $GOTFREE_CACHE/llvm-upstream/<hash>, the hash
# being that of the series and of this script, so an unchanged series costs
# nothing. One work tree ($GOTFREE_CACHE/llvm-upstream/work) is shared by
# all series: its sources are synced file by file from a freshly patched
# copy of the pristine source, so make rebuilds only what a changed patch
# touched. $out also holds the series' own tests (the files it adds under
# llvm/test), for utils/test-stages/llvm-upstream.sh.
#
# --cached: print the patched llc only if it is cached; exit 3 (without
# building) if it is not.
#
# Environment: GOTFREE_CACHE, GOTFREE_LLVM_JOBS (default 2).
set -euo pipefail
cached_only=false
[ "${1:-}" = --cached ] && cached_only=true

root=$(cd "$(dirname "$0")/.." && pwd)
cache=${GOTFREE_CACHE:-$HOME/.cache/gotfree}
jobs=${GOTFREE_LLVM_JOBS:-2}
llvm_dir=/usr/lib/llvm-22
version=22.1.8
log() { echo "build-llvm-upstream: $*" >&2; }

# The parts of the source tree the series applies to and the build reads.
parts=(llvm/lib/Target/X86 llvm/lib/Target/TargetMachine.cpp
       llvm/include/llvm/IR/Module.h llvm/lib/IR/Module.cpp
       llvm/lib/IR/SymbolTableListTraitsImpl.h llvm/tools/llc
       llvm/test/CodeGen/X86)

shopt -s nullglob
patches=()
for p in "$root"/llvm-pass/upstream/*.patch; do
  case $(basename "$p") in 0000-*) continue ;; esac # the cover letter
  patches+=("$p")
done
shopt -u nullglob
[ ${#patches[@]} -gt 0 ] || { log "no patches in llvm-pass/upstream"; exit 1; }

hash=$({
  echo "$version ${parts[*]}"
  cat "${BASH_SOURCE[0]}" "$root/utils/lib/sync-tree.py"
  for p in "${patches[@]}"; do
    basename "$p"
    cat "$p"
  done
} | sha256sum | cut -c1-16)
base=$cache/llvm-upstream
out=$base/$hash
work=$base/work

# One build at a time: the work tree is shared.
mkdir -p "$base"
exec 9>"$base/.lock"
flock 9

if [ -x "$out/bin/llc" ]; then
  echo "$out/bin/llc"
  exit 0
fi
if $cached_only; then
  log "no patched llc cached for this series ($out)"
  exit 3
fi
start=$(date +%s)

# 1. The pristine parts of the llvm-project tree, named after the list.
. "$root/utils/lib/llvm-source.sh"
pristine=$base/src-$version-$(echo "${parts[*]}" | sha256sum | cut -c1-8)
if [ ! -e "$pristine/.ok" ]; then
  rm -rf "$base"/src-"$version"-* # trees of other part lists
  llvm_source_tree "$pristine" "${parts[@]}"
fi

# 2. A patched copy, then synced into the work tree by content.
stage=$base/stage
rm -rf "$stage"
cp -a "$pristine" "$stage"
rm -f "$stage/.ok"
for p in "${patches[@]}"; do
  log "applying $(basename "$p")"
  git -C "$stage" apply --whitespace=nowarn "$p" ||
    { log "patch $(basename "$p") does not apply"; exit 1; }
done
changed=$(for p in "${patches[@]}"; do git apply --numstat "$p"; done |
  cut -f3 | sort -u)
if grep -q '\.td$' <<<"$changed"; then
  log "the series changes TableGen files, which this build cannot take:"
  grep '\.td$' <<<"$changed" >&2
  exit 1
fi
mkdir -p "$work/src"
python3 "$root/utils/lib/sync-tree.py" "$stage" "$work/src"
rm -rf "$stage"
src=$work/src
sources=$(grep -E '^llvm/lib/.*\.cpp$' <<<"$changed" || true)
sources+=$'\n'"llvm/tools/llc/llc.cpp"$'\n'"llvm/tools/llc/NewPMDriver.cpp"
sources=$(sed '/^$/d' <<<"$sources")
log "compiling: $(tr '\n' ' ' <<<"$sources")"

# 3. The llvm-tblgen outputs these sources include, directly or through the
# X86 headers, made by the tablegen() lines of X86/CMakeLists.txt.
x86=$src/llvm/lib/Target/X86
gen=$work/gen
mkdir -p "$gen"
python3 - "$x86" "$gen" "$llvm_dir" $(sed "s|^|$src/|" <<<"$sources") <<'PY'
import os, re, shlex, subprocess, sys
x86, gen, llvm = sys.argv[1:4]
files = sys.argv[4:]
# Output name -> tablegen arguments, from X86/CMakeLists.txt.
cmake = open(os.path.join(x86, "CMakeLists.txt")).read()
rules = {}
for m in re.finditer(r"tablegen\(LLVM\s+(\S+)\s+([^)]*)\)", cmake):
    rules[m.group(1)] = shlex.split(m.group(2).replace("\n", " "))
# The include closure over the X86 sources (installed headers hold none).
needed, seen, work = set(), set(), list(files)
while work:
    f = work.pop()
    if f in seen or not os.path.exists(f):
        continue
    seen.add(f)
    for inc in re.findall(r'#include\s+"([^"]+)"', open(f, errors="replace").read()):
        if os.path.basename(inc) in rules:
            needed.add(os.path.basename(inc))
            continue
        for d in (os.path.dirname(f), x86):
            p = os.path.normpath(os.path.join(d, inc))
            if os.path.exists(p):
                work.append(p)
                break
tds = [os.path.join(dp, n) for dp, _, ns in os.walk(x86) for n in ns if n.endswith(".td")]
newest_td = max(os.path.getmtime(t) for t in tds)
for name in sorted(needed):
    out = os.path.join(gen, name)
    if os.path.exists(out) and os.path.getmtime(out) >= newest_td:
        continue
    print(f"build-llvm-upstream: llvm-tblgen {' '.join(rules[name])} -> {name}",
          file=sys.stderr)
    subprocess.run(["nice", "-n", "19", f"{llvm}/bin/llvm-tblgen", *rules[name],
                    "-I", x86, "-I", f"{llvm}/include",
                    os.path.join(x86, "X86.td"), "-o", out], check=True)
PY

# 4. Compile (make, with dependency files) and link before the archives.
# Headers of llvm/include that the series changes are found before the
# installed ones (an overlay synced by content, so unchanged ones keep their
# mtimes).
overlay_stage=$base/overlay-stage
rm -rf "$overlay_stage"
mkdir -p "$overlay_stage" "$work/overlay"
{ grep -E '^llvm/include/' <<<"$changed" || true; } | while read -r h; do
  [ -f "$src/$h" ] || continue
  mkdir -p "$overlay_stage/$(dirname "${h#llvm/include/}")"
  cp "$src/$h" "$overlay_stage/${h#llvm/include/}"
done
python3 "$root/utils/lib/sync-tree.py" "$overlay_stage" "$work/overlay"
rm -rf "$overlay_stage"
obj=$work/obj
mkdir -p "$obj"
cxxflags="-O2 -DNDEBUG -fPIC -fno-exceptions -w -I$work/overlay"
cxxflags+=" $("$llvm_dir/bin/llvm-config" --cxxflags) -I$x86 -I$gen"
libs="$("$llvm_dir/bin/llvm-config" --link-static --libs all-targets analysis \
  asmprinter codegen codegentypes core irprinter irreader mc mirparser passes \
  plugins remarks scalaropts selectiondag support target targetparser \
  transformutils vectorize) $("$llvm_dir/bin/llvm-config" --link-static --system-libs)"
objs=()
{
  echo "CXX := nice -n 19 $llvm_dir/bin/clang++"
  echo "CXXFLAGS := $cxxflags"
  echo ".PHONY: all"
  while read -r s; do
    o=$obj/${s%.cpp}.o
    objs+=("$o")
    echo "all: $o"
    echo "$o: $src/$s"
    printf '\t@mkdir -p $(dir $@)\n\t@echo "build-llvm-upstream: compiling %s" >&2\n' "$s"
    printf '\t$(CXX) $(CXXFLAGS) -MMD -MP -c $< -o $@\n'
    echo "-include ${o%.o}.d"
  done <<<"$sources"
} >"$work/Makefile"
log "building (make -j$jobs, log in $work/make.log)"
make -C "$work" -j "$jobs" all >"$work/make.log" 2>&1 ||
  { grep -E 'error|Error' "$work/make.log" | head -40 >&2; log "build failed"; exit 1; }
log "linking llc"
# shellcheck disable=SC2086
nice -n 19 "$llvm_dir/bin/clang++" -fuse-ld=lld -o "$work/llc" "${objs[@]}" \
  -L"$llvm_dir/lib" $libs >"$work/link.log" 2>&1 ||
  { head -40 "$work/link.log" >&2; log "link failed"; exit 1; }

# 5. Publish the binary and the series' tests under the series hash.
rm -rf "$out.tmp"
mkdir -p "$out.tmp/bin"
cp "$work/llc" "$out.tmp/bin/llc"
for p in "${patches[@]}"; do cp "$p" "$out.tmp/"; done
{ grep -E '^llvm/test/' <<<"$changed" || true; } | while read -r t; do
  [ -f "$src/$t" ] || continue
  mkdir -p "$out.tmp/$(dirname "$t")"
  cp "$src/$t" "$out.tmp/$t"
done
rm -rf "$out"
mv "$out.tmp" "$out"
# Keep the three most recent series (each holds a ~150 MB llc).
ls -dt "$base"/????????????????/ 2>/dev/null | tail -n +4 | xargs -r rm -rf
log "built in $(($(date +%s) - start))s"
echo "$out/bin/llc"
