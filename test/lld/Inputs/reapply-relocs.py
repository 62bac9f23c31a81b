#!/usr/bin/env python3
"""Kernel-style check of an executable linked with --emit-relocs.

Like the Linux kernel's arch/x86/tools/relocs, it trusts the relocations the
linker kept: every one of them, applied again to the linked output, must give
the bytes that are there. A relocation whose type does not match the
instruction the linker left (e.g. a relaxed GOTPCRELX) fails.

Usage: reapply-relocs.py [--dump] FILE
  --dump  print the .text relocations as "OFFSET-FROM-_start TYPE SYMBOL+ADDEND"
          (for comparing two linkers' tables) instead of checking.
Exit status: 0 if every relocation checks out, 1 otherwise.
"""
import struct
import sys

R = {
    0: "R_X86_64_NONE", 1: "R_X86_64_64", 2: "R_X86_64_PC32",
    4: "R_X86_64_PLT32", 9: "R_X86_64_GOTPCREL", 10: "R_X86_64_32",
    11: "R_X86_64_32S", 19: "R_X86_64_TLSGD", 20: "R_X86_64_TLSLD",
    21: "R_X86_64_DTPOFF32", 22: "R_X86_64_GOTTPOFF", 23: "R_X86_64_TPOFF32",
    24: "R_X86_64_PC64", 34: "R_X86_64_GOTPC32_TLSDESC",
    35: "R_X86_64_TLSDESC_CALL", 41: "R_X86_64_GOTPCRELX",
    42: "R_X86_64_REX_GOTPCRELX", 43: "R_X86_64_CODE_4_GOTPCRELX",
}
SHT_RELA, SHF_ALLOC, PT_TLS = 4, 2, 7
STT_SECTION, STT_TLS = 3, 6


class Elf:
    def __init__(self, path):
        self.data = open(path, "rb").read()
        d = self.data
        if d[:4] != b"\x7fELF" or d[4] != 2 or d[5] != 1:
            sys.exit("%s: not a little-endian ELF64 file" % path)
        (self.phoff, self.shoff) = struct.unpack_from("<QQ", d, 0x20)
        (self.phentsize, self.phnum, self.shentsize, self.shnum,
         self.shstrndx) = struct.unpack_from("<HHHHH", d, 0x36)
        self.sections = []
        for i in range(self.shnum):
            f = struct.unpack_from("<IIQQQQIIQQ", d, self.shoff + i * 64)
            self.sections.append(dict(name=f[0], type=f[1], flags=f[2],
                                      addr=f[3], offset=f[4], size=f[5],
                                      link=f[6], info=f[7], entsize=f[9]))
        strtab = self.sections[self.shstrndx]
        for s in self.sections:
            s["name"] = self.cstr(strtab["offset"] + s["name"])
        self.tls = None
        for i in range(self.phnum):
            f = struct.unpack_from("<IIQQQQQQ", d, self.phoff + i * 56)
            if f[0] == PT_TLS:
                self.tls = dict(vaddr=f[3], memsz=f[6], align=max(f[7], 1))

    def got_value(self, slot):
        """The value a GOT slot holds: its contents, or the addend of the
        R_X86_64_RELATIVE that fills it (PIE), or None."""
        v = self.read(slot, 8)
        if v:
            return v
        for rs in self.sections:
            if rs["type"] == SHT_RELA and rs["flags"] & SHF_ALLOC:
                for i in range(rs["size"] // 24):
                    off, info, add = struct.unpack_from(
                        "<QQq", self.data, rs["offset"] + i * 24)
                    if off == slot:
                        return add if info & 0xffffffff == 8 else None
        return v

    def cstr(self, off):
        return self.data[off:self.data.index(b"\0", off)].decode()

    def section(self, name):
        return next((s for s in self.sections if s["name"] == name), None)

    def symbols(self, symtab):
        strtab = self.sections[symtab["link"]]
        out = []
        for i in range(symtab["size"] // 24):
            name, info, _, shndx, value, size = struct.unpack_from(
                "<IBBHQQ", self.data, symtab["offset"] + i * 24)
            out.append(dict(name=self.cstr(strtab["offset"] + name),
                            type=info & 0xf, shndx=shndx, value=value))
        return out

    def read(self, addr, size):
        for s in self.sections:
            if (s["flags"] & SHF_ALLOC and s["type"] != 8 and
                    s["addr"] <= addr and addr + size <= s["addr"] + s["size"]):
                off = s["offset"] + addr - s["addr"]
                return int.from_bytes(self.data[off:off + size], "little")
        return None

    def in_section(self, addr, *names):
        return any(s["name"] in names and
                   s["addr"] <= addr < s["addr"] + s["size"]
                   for s in self.sections)


def sym_value(elf, sym):
    if sym["type"] == STT_TLS:
        return elf.tls["vaddr"] + sym["value"]
    if sym["type"] == STT_SECTION:
        return elf.sections[sym["shndx"]]["addr"]
    return sym["value"]


def sdisp(v):
    return v - (1 << 32) if v >> 31 else v


def tpoff(elf, addr):
    """x86-64 variant II: TP is the aligned end of the TLS block."""
    t = elf.tls
    tp = (t["vaddr"] + t["memsz"] + t["align"] - 1) // t["align"] * t["align"]
    return addr - tp


def check(elf, p, rtype, sym, a):
    """Returns None if the relocation reproduces the output, else a reason."""
    name = R.get(rtype, str(rtype))
    if rtype == 0:
        return None
    defined = sym["shndx"] != 0
    s = sym_value(elf, sym)
    if rtype in (9, 22, 41, 42, 43):  # GOTPCREL family, GOTTPOFF
        slot = p + sdisp(elf.read(p, 4)) - a
        if not elf.in_section(slot, ".got"):
            return "does not point into .got"
        want = tpoff(elf, s) if rtype == 22 else s
        have = elf.got_value(slot)
        if have is None or not defined:
            return "GOT slot 0x%x is filled at run time" % slot
        return None if have == want & (2**64 - 1) else \
            "GOT slot 0x%x holds 0x%x, symbol is 0x%x" % (slot, have, want)
    if rtype in (2, 4):  # PC32, PLT32
        got = elf.read(p, 4)
        if not defined:  # A call through the PLT must land there.
            target = p + sdisp(got) - a
            return None if elf.in_section(target, ".plt", ".iplt") else \
                "undefined %s does not reach the PLT" % sym["name"]
        want, size = (s + a - p) & 0xffffffff, 4
        fits = -(1 << 31) <= s + a - p < (1 << 31)
    elif rtype in (1, 24):
        want, size, fits = (s + a - (p if rtype == 24 else 0)) & (2**64 - 1), 8, True
    elif rtype == 10:
        want, size, fits = (s + a) & 0xffffffff, 4, 0 <= s + a < (1 << 32)
    elif rtype == 11:
        want, size = (s + a) & 0xffffffff, 4
        fits = -(1 << 31) <= s + a < (1 << 31)
    elif rtype == 23:
        if elf.tls is None:
            return "TPOFF32 without PT_TLS"
        want, size, fits = tpoff(elf, s + a) & 0xffffffff, 4, True
    else:
        return "unsupported relocation type %s (%d)" % (name, rtype)
    got = elf.read(p, size)
    if got is None:
        return "offset 0x%x is not in an allocated section" % p
    if not fits:
        return "value does not fit %s" % name
    if got != want:
        return "bytes 0x%x, relocation gives 0x%x" % (got, want)
    return None


def main():
    args = sys.argv[1:]
    dump = "--dump" in args
    args = [a for a in args if a != "--dump"]
    if len(args) != 1:
        sys.exit(__doc__)
    elf = Elf(args[0])
    symtab = elf.section(".symtab")
    if symtab is None:
        sys.exit("%s: no .symtab" % args[0])
    syms = elf.symbols(symtab)
    start = next((s["value"] for s in syms if s["name"] == "_start"), 0)
    checked = failed = 0
    dumped = []
    for rs in elf.sections:
        # Only the static relocations --emit-relocs kept, not .rela.dyn/.plt.
        if rs["type"] != SHT_RELA or rs["info"] == 0 or rs["flags"] & SHF_ALLOC:
            continue
        target = elf.sections[rs["info"]]
        if not target["flags"] & SHF_ALLOC:
            continue
        for i in range(rs["size"] // 24):
            p, info, a = struct.unpack_from("<QQq", elf.data,
                                            rs["offset"] + i * 24)
            rtype, sym = info & 0xffffffff, syms[info >> 32]
            name = R.get(rtype, str(rtype))
            sname = sym["name"] or elf.sections[sym["shndx"]]["name"] \
                if sym["shndx"] < len(elf.sections) else sym["name"]
            if dump:
                if target["name"] == ".text":
                    dumped.append((p - start, name, sname, a))
                continue
            checked += 1
            why = check(elf, p, rtype, sym, a)
            if why:
                failed += 1
                print("%s: 0x%x %s %s%+d: %s" % (args[0], p, name, sname, a,
                                                 why))
    for d in sorted(dumped):
        print("0x%x %s %s%+d" % d)
    if not dump:
        print("reapply-relocs: %d relocations, %d failed" % (checked, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
