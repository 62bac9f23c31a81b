#!/usr/bin/env python3
"""Checks that a kernel build lost no ORC unwind data against a baseline.

Usage: orc-coverage.py BASE_BUILD BUILD OBJTOOL [--json OUT]

objtool gives up on an object it cannot follow (a jump table it cannot find
is fatal to it) and writes no .orc_unwind for it; the build still succeeds.
Where it only loses a path, the instructions it never reached get an
ORC_TYPE_UNDEFINED entry inside their function. For every object of vmlinux
(vmlinux.a, lib/lib.a) present in both builds, and for vmlinux.o (the only
object with code in an LTO build), the script reports
  * "lost": the baseline object has ORC data and this one has none;
  * "undefined": a function with an ORC_TYPE_UNDEFINED range strictly inside
    it, where the baseline's same function has none.
It reads ORC with the build's own `objtool --dump=orc`. Exit status 1 when
anything is reported, 2 when an input cannot be read.
"""
import json
import os
import re
import subprocess
import sys

from kobjects import kernel_objects, readelf, section_names


def functions(path):
    """{(section name, function name): (start, end)} of the sized STT_FUNC
    symbols of object PATH."""
    secs = section_names(path)
    result = {}
    for line in readelf("-s", path).splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[0].endswith(":") and parts[3] == "FUNC":
            size = int(parts[2], 0) if parts[2].startswith("0x") else int(parts[2])
            if size and parts[6] in secs:
                start = int(parts[1], 16)
                result[(secs[parts[6]], parts[7])] = (start, start + size)
    return result


ORC_LINE = re.compile(r"^(\S+)\+([0-9a-f]+):type:(\S+)")


def undefined_inside(objtool, path):
    """Names of the functions of PATH with an undefined ORC entry inside."""
    out = subprocess.run([objtool, "--dump=orc", path], capture_output=True,
                         text=True)
    if out.returncode:
        raise RuntimeError(f"{objtool} --dump=orc {path}: {out.stderr.strip()}")
    funcs = functions(path)
    by_section = {}
    for (sec, name), (start, end) in funcs.items():
        by_section.setdefault(sec, []).append((start, end, name))
    found = set()
    for line in out.stdout.splitlines():
        m = ORC_LINE.match(line)
        if not m or m.group(3) != "(und)":
            continue
        sec, off = m.group(1), int(m.group(2), 16)
        for start, end, name in by_section.get(sec, []):
            if start < off < end:
                found.add((sec, name))
    return found


def has_orc(path):
    return ".orc_unwind" in section_names(path).values()


def has_text(path):
    for line in readelf("-S", path).splitlines():
        m = re.match(r"\s*\[\s*\d+\]\s+(\S+)\s+PROGBITS\s+\S+\s+\S+\s+(\S+)\s+\S+\s+(\S*X\S*)", line)
        if m and int(m.group(2), 16):
            return True
    return False


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    base, build, objtool = sys.argv[1:4]
    json_out = sys.argv[sys.argv.index("--json") + 1] if "--json" in sys.argv else None
    lost, undefined = [], []
    checked = 0
    base_objects = set(kernel_objects(base))
    try:
        for rel in kernel_objects(build) + ["vmlinux.o"]:
            if rel != "vmlinux.o" and rel not in base_objects:
                continue
            b, g = os.path.join(base, rel), os.path.join(build, rel)
            if not has_text(b) or not has_orc(b):
                continue
            checked += 1
            if not has_orc(g):
                lost.append(rel)
                continue
            new = undefined_inside(objtool, g) - undefined_inside(objtool, b)
            undefined += [f"{rel}: {name} ({sec})" for sec, name in sorted(new)]
    except (RuntimeError, subprocess.CalledProcessError) as e:
        print(f"orc-coverage: error: {e}", file=sys.stderr)
        return 2
    print(f"orc-coverage: {checked} objects with code and ORC in the baseline; "
          f"{len(lost)} without ORC here, {len(undefined)} functions with a new "
          f"undefined ORC range")
    for rel in lost[:20]:
        print(f"  lost ORC: {rel}")
    for line in undefined[:20]:
        print(f"  undefined ORC inside: {line}")
    if json_out:
        with open(json_out, "w") as f:
            json.dump({"checked": checked, "lost": lost, "undefined": undefined}, f,
                      indent=1)
    return 1 if lost or undefined else 0


if __name__ == "__main__":
    sys.exit(main())
