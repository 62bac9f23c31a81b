#!/usr/bin/env python3
"""drop-reloc.py IN OUT FUNCTION KIND: a copy of the executable IN with one
static relocation turned into R_X86_64_NONE, for gotfree-shuffle's negative
controls. It is the first relocation of .rela.text whose place is inside the
STT_FUNC symbol FUNCTION and whose target is a function (KIND=call: R_X86_64_PLT32
or PC32 against an STT_FUNC) or data (KIND=data: PC32 against anything else).
Prints "dropped TYPE SYMBOL at 0xPLACE"; exits 1 if there is none."""
import struct
import sys

src, dst, func, kind = sys.argv[1:5]
data = bytearray(open(src, "rb").read())
shoff, = struct.unpack_from("<Q", data, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
secs = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize)
        for i in range(shnum)]
strtab_off = secs[shstrndx][4]


def cstr(off):
    return data[off:data.index(0, off)].decode()


names = [cstr(strtab_off + s[0]) for s in secs]
symtab = next(s for s in secs if s[1] == 2)
symstr_off = secs[symtab[6]][4]
syms = []
for i in range(symtab[5] // 24):
    name, info, other, shndx, value, size = struct.unpack_from(
        "<IBBHQQ", data, symtab[4] + i * 24)
    syms.append((cstr(symstr_off + name), info & 15, shndx, value, size))
fn = [s for s in syms if s[0] == func and s[1] == 2]
if not fn:
    sys.exit("drop-reloc: no function %s" % func)
lo, hi = fn[0][3], fn[0][3] + fn[0][4]
rela = secs[names.index(".rela.text")]
for i in range(rela[5] // 24):
    off = rela[4] + i * 24
    place, info, addend = struct.unpack_from("<QQq", data, off)
    rtype, sym = info & 0xFFFFFFFF, info >> 32
    if not lo <= place < hi or rtype not in (2, 4):
        continue
    is_func = syms[sym][1] == 2
    if (kind == "call") != is_func:
        continue
    struct.pack_into("<Q", data, off + 8, sym << 32)
    open(dst, "wb").write(data)
    print("dropped type %d %s at 0x%x" % (rtype, syms[sym][0] or names[syms[sym][2]], place))
    sys.exit(0)
sys.exit("drop-reloc: no %s relocation in %s" % (kind, func))
