#!/usr/bin/env python3
"""Counts absolute R_X86_64_32S relocations in a kernel build.

Usage: count-relocs.py BUILD_DIR SOURCE_DIR [--json OUT] [--plugin-build]

vmlinux is linked with --emit-relocs (CONFIG_RELOCATABLE), so its .rela.*
sections list every absolute reference; Linux 6.12 strips them after the
relocs tool has run (arch/x86/Makefile.postlink), and then vmlinux.o, the
input of that link, is counted instead. The script reports:
  * the total, split by the section the target symbol lives in
    (".data..percpu" targets are the zero-based per-CPU references that the
    relocs tool leaves alone);
  * per object of vmlinux.a (and lib/lib.a): counts split by whether the
    object was compiled from C or assembled from a .S file, and for C objects
    by reason (see classify()).
"""
import json
import os
import re
import subprocess
import sys

from kobjects import archive_members, kernel_objects, readelf, section_names

RELOC = "R_X86_64_32S"


def symbol_sections(path):
    """Maps symbol name -> name of the section it is defined in."""
    secs = section_names(path)
    result = {}
    for line in readelf("-s", path).splitlines():
        parts = line.split()
        if len(parts) >= 8 and parts[0].endswith(":"):
            ndx, name = parts[6], parts[7]
            result.setdefault(name, secs.get(ndx, ndx))
    return result


def relocs(path, rtype):
    """Yields (applied-to section, symbol name) for each relocation of rtype."""
    current = None
    for line in readelf("-r", path).splitlines():
        m = re.match(r"Relocation section '([^']+)'", line)
        if m:
            current = m.group(1)
            continue
        parts = line.split()
        if len(parts) >= 3 and parts[2] == rtype:
            sym = parts[4] if len(parts) >= 5 else ""
            yield current, sym


def classify(site, sym, local, where, plugin_build):
    """Why an object's R_X86_64_32S is there: "link-time" (in a function of
    .head.text, which rewrite mode keeps by its link-time-sections option),
    "per-cpu" (a %gs:-relative
    reference to zero-based per-CPU data, which stays absolute by policy and
    which the relocs tool leaves alone), "asm-label" (a code section symbol
    plus offset: a local label that inline asm text names, such as
    sync_core()'s "pushq $1f", which no compiler pass sees) or "other"."""
    if plugin_build and site == ".rela.head.text":
        return "link-time"
    tsec = local.get(sym, "UND")
    if tsec in ("UND", "0"):
        tsec = where.get(sym, "?")
    if sym.startswith(".data..percpu") or tsec.startswith(".data..percpu"):
        return "per-cpu"
    # Only meaningful after gotfree: plain -mcmodel=kernel code also names
    # local code through section symbols.
    if plugin_build and re.match(r"\.(\w+\.)*text$", sym):
        return "asm-label"
    return "other"


def main():
    build, src = sys.argv[1], sys.argv[2]
    json_out = None
    if "--json" in sys.argv:
        json_out = sys.argv[sys.argv.index("--json") + 1]
    plugin_build = "--plugin-build" in sys.argv
    vmlinux = os.path.join(build, "vmlinux")
    image = vmlinux
    if ".rela.text" not in section_names(vmlinux).values():
        image = os.path.join(build, "vmlinux.o")
    where = symbol_sections(image)
    by_target, by_site = {}, {}
    total = 0
    for site, sym in relocs(image, RELOC):
        total += 1
        tsec = where.get(sym, "?")
        key = "per-cpu" if tsec == ".data..percpu" else tsec
        by_target[key] = by_target.get(key, 0) + 1
        by_site[site] = by_site.get(site, 0) + 1

    objects = []
    for rel in kernel_objects(build):
        obj = os.path.join(build, rel)
        stem = os.path.join(src, rel[:-2])
        kind = ("asm" if os.path.exists(stem + ".S") else
                "c" if os.path.exists(stem + ".c") else "other")
        found = list(relocs(obj, RELOC))
        if not found:
            continue
        local = symbol_sections(obj)
        cats = {}
        for site, sym in found:
            cat = classify(site, sym, local, where, plugin_build)
            cats[cat] = cats.get(cat, 0) + 1
        objects.append({"object": rel, "kind": kind, "count": len(found),
                        "categories": cats})
    objects.sort(key=lambda o: -o["count"])
    by_kind, c_cats = {}, {}
    for o in objects:
        by_kind[o["kind"]] = by_kind.get(o["kind"], 0) + o["count"]
        if o["kind"] == "c":
            for cat, n in o["categories"].items():
                c_cats[cat] = c_cats.get(cat, 0) + n

    print(f"{os.path.basename(image)} {RELOC}: {total}")
    print("  by target section: " + ", ".join(
        f"{k}={v}" for k, v in sorted(by_target.items(), key=lambda kv: -kv[1])))
    print("  by relocated section: " + ", ".join(
        f"{k}={v}" for k, v in sorted(by_site.items(), key=lambda kv: -kv[1])[:12]))
    print("objects: " + ", ".join(f"{k}={v}" for k, v in sorted(by_kind.items())))
    print("  from C, by reason: " + ", ".join(
        f"{k}={v}" for k, v in sorted(c_cats.items())))
    for o in objects[:15]:
        cats = " ".join(f"{k}={v}" for k, v in sorted(o["categories"].items()))
        print(f"  {o['count']:6d} {o['kind']:5s} {o['object']} ({cats})")
    if json_out:
        with open(json_out, "w") as f:
            json.dump({"image": os.path.basename(image), "vmlinux": total, "by_target": by_target,
                       "by_site": by_site, "by_kind": by_kind,
                       "c_by_reason": c_cats,
                       "objects": objects}, f, indent=1)


if __name__ == "__main__":
    main()
