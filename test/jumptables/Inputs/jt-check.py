#!/usr/bin/env python3
"""Checks the jump-table annotations of an x86-64 ELF object file.

usage: jt-check.py --format reloc-none|annotate-insn|tablejump-pairs
                   [--type N] [--require-all] [--tools DIR] OBJ

Reads the object with llvm-readelf and llvm-objdump, finds every annotated
jump and its table, and verifies that
  * the annotation sits on an instruction boundary, on an indirect jmp;
  * the table holds 4-byte relative (R_X86_64_PC32) or 8-byte absolute
    (R_X86_64_64) entries, and every entry lands on an instruction boundary
    inside the function of the jump;
  * reloc-none: the relocation names an STT_OBJECT symbol whose size is a
    whole number of entries, all of them relocated (for the other formats
    such a symbol at the table, when there is one, gives its extent too);
  * --require-all: every indirect jmp of the object is annotated.
Prints one line per problem and a summary; exits 1 on any problem.
"""
import argparse
import os
import re
import subprocess
import sys


def run(tool, args, tools):
    path = os.path.join(tools, tool) if tools else tool
    return subprocess.run([path] + args, check=True, capture_output=True,
                          text=True).stdout


class Obj:
    def __init__(self, path, tools):
        self.path = path
        self.sections = {}  # index -> name
        self.by_name = {}
        for m in re.finditer(r"^\s*\[\s*(\d+)\]\s+(\S+)\s+(\S+)\s+\S+\s+\S+\s+"
                             r"(\S+)\s+(\S+)\s+(\S*)", run("llvm-readelf",
                             ["-S", "--wide", path], tools), re.M):
            idx, name = int(m.group(1)), m.group(2)
            self.sections[idx] = name
            self.by_name[name] = {"size": int(m.group(4), 16),
                                  "entsize": int(m.group(5), 16),
                                  "flags": m.group(6)}
        # Symbols: name -> (section name, value, size, type).
        self.symbols = {}
        self.funcs = []
        for line in run("llvm-readelf", ["-s", "--wide", path],
                        tools).splitlines():
            f = line.split()
            if len(f) < 8 or not f[0].endswith(":") or not f[6].isdigit():
                continue
            sec = self.sections.get(int(f[6]))
            size = int(f[2], 0) if f[2].startswith("0x") else int(f[2])
            sym = (sec, int(f[1], 16), size, f[3])
            self.symbols[f[7]] = sym
            if f[3] == "FUNC":
                self.funcs.append((f[7],) + sym)
            if f[3] == "SECTION":
                self.symbols[sec] = sym
        # Relocations: section name -> {offset: (type, symbol, addend)}.
        self.relocs = {}
        current = None
        for line in run("llvm-readelf", ["-r", "--wide", path],
                        tools).splitlines():
            m = re.match(r"Relocation section '\.rela(\S+)'", line)
            if m:
                current = self.relocs.setdefault(m.group(1), {})
                continue
            m = re.match(r"^([0-9a-f]{16})\s+[0-9a-f]+\s+(R_X86_64_\w+)\s+"
                         r"[0-9a-f]+\s+(\S+)\s*([+-])\s*([0-9a-f]+)", line)
            if m and current is not None:
                addend = int(m.group(5), 16) * (1 if m.group(4) == "+" else -1)
                current[int(m.group(1), 16)] = (m.group(2), m.group(3), addend)
        # Instructions: section name -> {offset: text}.
        self.insns = {}
        current = None
        for line in run("llvm-objdump", ["-d", "--no-show-raw-insn", path],
                        tools).splitlines():
            m = re.match(r"^Disassembly of section (\S+):", line)
            if m:
                current = self.insns.setdefault(m.group(1), {})
                continue
            m = re.match(r"^\s+([0-9a-f]+):\s+(.*)$", line)
            if m and current is not None:
                current[int(m.group(1), 16)] = m.group(2).strip()
        self.data = {}
        self.tools = tools

    def section_bytes(self, name):
        if name not in self.data:
            out = run("llvm-readelf", ["-x", name, self.path], self.tools)
            raw = b""
            for line in out.splitlines():
                m = re.match(r"^\s*0x[0-9a-f]+\s+((?:[0-9a-f]{2,8}\s)+)", line)
                if m:
                    raw += bytes.fromhex("".join(m.group(1).split()))
            self.data[name] = raw
        return self.data[name]

    def resolve(self, sym, addend):
        """(section, offset) of symbol + addend."""
        sec, value, _, _ = self.symbols[sym]
        return sec, value + addend

    def function_at(self, sec, off):
        for name, fsec, value, size, _ in self.funcs:
            if fsec == sec and value <= off < value + size:
                return name, value, size
        return None


def is_indirect_jmp(text):
    return re.match(r"^(notrack\s+)?jmp[q]?\s+\*", text) is not None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--format", required=True,
                    choices=["reloc-none", "annotate-insn", "tablejump-pairs"])
    ap.add_argument("--type", type=int, default=9)
    ap.add_argument("--require-all", action="store_true")
    ap.add_argument("--tools", default="")
    ap.add_argument("obj")
    args = ap.parse_args()
    o = Obj(args.obj, args.tools)
    problems = []
    jumps = []  # (section, offset, table (section, offset) or None, size)

    if args.format == "reloc-none":
        for sec, rels in o.relocs.items():
            for off, (typ, sym, addend) in sorted(rels.items()):
                if typ != "R_X86_64_NONE":
                    continue
                info = o.symbols.get(sym)
                if not info or info[3] != "OBJECT" or addend != 0:
                    problems.append("%s+0x%x: R_X86_64_NONE against %s%+d, "
                                    "not an STT_OBJECT table" % (sec, off, sym,
                                                                 addend))
                    continue
                jumps.append((sec, off, (info[0], info[1]), info[2]))
    elif args.format == "annotate-insn":
        name = ".discard.annotate_insn"
        sec = o.by_name.get(name)
        if sec:
            if "M" not in sec["flags"] or sec["entsize"] != 8:
                problems.append("%s: flags '%s' entsize %d, expected M and 8"
                                % (name, sec["flags"], sec["entsize"]))
            data = o.section_bytes(name)
            rels = o.relocs.get(name, {})
            for entry in range(0, len(data), 8):
                kind = int.from_bytes(data[entry + 4:entry + 8], "little")
                if kind != args.type:
                    continue
                rel = rels.get(entry)
                if not rel or rel[0] != "R_X86_64_PC32":
                    problems.append("%s+0x%x: no PC32 relocation" % (name,
                                                                      entry))
                    continue
                tsec, toff = o.resolve(rel[1], rel[2])
                jumps.append((tsec, toff, None, None))
    else:
        name = ".discard.tablejump_annotate"
        data = o.section_bytes(name) if name in o.by_name else b""
        rels = o.relocs.get(name, {})
        for entry in range(0, len(data), 16):
            a, b = rels.get(entry), rels.get(entry + 8)
            if not a or not b or a[0] != "R_X86_64_64" or b[0] != "R_X86_64_64":
                problems.append("%s+0x%x: pair without two R_X86_64_64" %
                                (name, entry))
                continue
            jsec, joff = o.resolve(a[1], a[2])
            jumps.append((jsec, joff, o.resolve(b[1], b[2]), None))

    # annotate-insn names the jump only: the table is what the last
    # RIP-relative lea before it in the function points at.
    for n, (sec, off, table, size) in enumerate(jumps):
        fn = o.function_at(sec, off)
        if table is not None or not fn:
            continue
        insns, rels = o.insns.get(sec, {}), o.relocs.get(sec, {})
        for a in sorted(a for a in insns if fn[1] <= a < off):
            if not insns[a].startswith("leaq"):
                continue
            nxt = min([b for b in insns if b > a] + [fn[1] + fn[2]])
            rel = rels.get(nxt - 4)
            if rel and rel[0] == "R_X86_64_PC32":
                tsec, toff = o.resolve(rel[1], rel[2])
                table = (tsec, toff + 4)
        jumps[n] = (sec, off, table, size)
    # A sized STT_OBJECT symbol at the table gives its extent.
    for n, (sec, off, table, size) in enumerate(jumps):
        if table is not None and size is None:
            for name, (ssec, value, ssize, typ) in o.symbols.items():
                if typ == "OBJECT" and (ssec, value) == table and ssize:
                    jumps[n] = (sec, off, table, ssize)
    # Without a size, a table ends where the next one starts.
    starts = set(t for _, _, t, _ in jumps if t is not None)

    entries_checked = 0
    annotated = set()
    for sec, off, table, size in jumps:
        where = "%s+0x%x" % (sec, off)
        insns = o.insns.get(sec, {})
        if off not in insns:
            problems.append("%s: annotation not on an instruction boundary" %
                            where)
            continue
        if not is_indirect_jmp(insns[off]):
            problems.append("%s: annotation on '%s', not an indirect jmp" %
                            (where, insns[off]))
            continue
        annotated.add((sec, off))
        fn = o.function_at(sec, off)
        if not fn:
            problems.append("%s: jump outside every function" % where)
            continue
        fname, fstart, fsize = fn
        if table is None:
            problems.append("%s: no table address before the jump" % where)
            continue
        tsec, tstart = table
        trels = o.relocs.get(tsec, {})
        first = trels.get(tstart)
        if not first or first[0] not in ("R_X86_64_PC32", "R_X86_64_64"):
            problems.append("%s: table %s+0x%x has no relocated entry" %
                            (where, tsec, tstart))
            continue
        width = 4 if first[0] == "R_X86_64_PC32" else 8
        if size is not None and (size == 0 or size % width):
            problems.append("%s: table size %d is not a whole number of %d-byte"
                            " entries" % (where, size, width))
            continue
        count = size // width if size is not None else None
        k = 0
        while count is None or k < count:
            if count is None and k > 0 and (tsec, tstart + k * width) in starts:
                break
            rel = trels.get(tstart + k * width)
            if not rel or rel[0] != first[0]:
                if count is not None:
                    problems.append("%s: table entry %d is not relocated" %
                                    (where, k))
                break
            dsec, dest = o.resolve(rel[1], rel[2])
            if width == 4:
                dest -= k * width  # S + A - P + table
            if dsec != sec or not fstart <= dest < fstart + fsize:
                if count is None and k > 0:
                    break  # The next table or other data.
                problems.append("%s: table entry %d -> %s+0x%x is outside %s"
                                % (where, k, dsec, dest, fname))
                break
            if dest not in insns:
                problems.append("%s: table entry %d -> %s+0x%x is not an "
                                "instruction boundary" % (where, k, dsec,
                                                          dest))
            k += 1
            entries_checked += 1
        if k == 0:
            problems.append("%s: empty table" % where)

    if args.require_all:
        for sec, insns in o.insns.items():
            for off, text in sorted(insns.items()):
                if is_indirect_jmp(text) and (sec, off) not in annotated:
                    problems.append("%s+0x%x: indirect jmp '%s' without a "
                                    "valid annotation" % (sec, off, text))

    for p in problems:
        print("jt-check: error: %s: %s" % (args.obj, p))
    print("jt-check: %d annotated jumps, %d table entries, %d problems" %
          (len(jumps), entries_checked, len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
