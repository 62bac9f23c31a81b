#!/usr/bin/env python3
"""corrupt.py MODE IN OUT: writes a broken copy of the ELF64 file IN.

Each MODE damages one thing gotfree-check must refuse cleanly (one-line
error, exit status 2): headers, section table, symbol table, relocations.
"""
import struct
import sys

EHDR = "<16sHHIQQQIHHHHHH"
SHDR = "<IIQQQQIIQQ"
SHDR_SIZE = 64


def sections(data):
    eh = struct.unpack_from(EHDR, data)
    shoff, shnum, shstrndx = eh[6], eh[12], eh[13]
    out = []
    for i in range(shnum):
        out.append(list(struct.unpack_from(SHDR, data, shoff + i * SHDR_SIZE)))
    strtab = out[shstrndx]
    names = []
    for s in out:
        start = strtab[4] + s[0]
        end = data.index(b"\0", start)
        names.append(data[start:end].decode())
    return shoff, out, names


def put_shdr(data, shoff, index, fields):
    struct.pack_into(SHDR, data, shoff + index * SHDR_SIZE, *fields)


def section_named(data, name):
    shoff, secs, names = sections(data)
    i = names.index(name)
    return shoff, i, secs[i]


def main():
    mode, src, dst = sys.argv[1:4]
    data = bytearray(open(src, "rb").read())
    if mode == "empty":
        data = bytearray()
    elif mode == "not-elf":
        data = bytearray(b"#!/bin/sh\necho this is not an ELF file\n")
    elif mode == "elf32":
        data[4] = 1
    elif mode == "big-endian":
        data[5] = 2
    elif mode == "wrong-machine":
        struct.pack_into("<H", data, 18, 183)  # EM_AARCH64
    elif mode == "core":
        struct.pack_into("<H", data, 16, 4)  # ET_CORE
    elif mode == "truncated-header":
        data = data[:40]
    elif mode == "truncated":
        # Cut inside the section header table.
        shoff = struct.unpack_from(EHDR, data)[6]
        data = data[: shoff + 100]
    elif mode == "shoff-huge":
        struct.pack_into("<Q", data, 40, 1 << 62)
    elif mode == "shnum-huge":
        struct.pack_into("<H", data, 60, 0xFFFF)
    elif mode == "shstrndx-bad":
        struct.pack_into("<H", data, 62, 0xFEFF)
    elif mode == "section-offset-huge":
        shoff, i, s = section_named(data, ".text")
        s[4] = 1 << 40  # sh_offset
        put_shdr(data, shoff, i, s)
    elif mode == "rela-size-huge":
        shoff, i, s = section_named(data, ".rela.text")
        s[5] = 24 << 40  # sh_size: 2^40 entries
        put_shdr(data, shoff, i, s)
    elif mode == "rela-entsize":
        shoff, i, s = section_named(data, ".rela.text")
        s[9] = 7
        put_shdr(data, shoff, i, s)
    elif mode == "rela-info":
        shoff, i, s = section_named(data, ".rela.text")
        s[7] = 999
        put_shdr(data, shoff, i, s)
    elif mode == "rela-symbol":
        shoff, i, s = section_named(data, ".rela.text")
        # r_info of the first entry: symbol 0xffffff, type R_X86_64_PC32.
        struct.pack_into("<Q", data, s[4] + 8, (0xFFFFFF << 32) | 2)
    elif mode == "rela-offset":
        shoff, i, s = section_named(data, ".rela.text")
        struct.pack_into("<Q", data, s[4], 1 << 50)
    elif mode == "rela-link":
        shoff, i, s = section_named(data, ".rela.text")
        s[6] = 0xFFFF  # sh_link
        put_shdr(data, shoff, i, s)
    elif mode == "symbol-utf8":
        # Overwrite the first byte of every "foo" in .strtab with 0xff:
        # not a crash, and the JSON output stays valid UTF-8.
        shoff, i, s = section_named(data, ".strtab")
        start, end = s[4], s[4] + s[5]
        data[start:end] = data[start:end].replace(b"foo\0", b"\xffoo\0")
    elif mode == "symtab-entsize":
        shoff, i, s = section_named(data, ".symtab")
        s[9] = 13
        put_shdr(data, shoff, i, s)
    elif mode == "symbol-name":
        shoff, i, s = section_named(data, ".symtab")
        struct.pack_into("<I", data, s[4] + 24, 0x7FFFFFF0)  # symbol 1 st_name
    elif mode == "symbol-shndx":
        shoff, i, s = section_named(data, ".symtab")
        struct.pack_into("<H", data, s[4] + 24 + 6, 0xFEF0)  # symbol 1 st_shndx
    elif mode == "relr-huge":
        shoff, i, s = section_named(data, ".relr.dyn")
        s[5] = 8 << 40
        put_shdr(data, shoff, i, s)
    elif mode == "comment-over-text":
        # Well formed for a reader, but two sections share file bytes, which
        # a tool that rewrites sections in place (gotfree-shuffle) refuses.
        shoff, i, s = section_named(data, ".comment")
        _, _, text = section_named(data, ".text")
        s[4] = text[4]
        s[5] = min(s[5], text[5])
        put_shdr(data, shoff, i, s)
    elif mode == "text-over-header":
        # The same for .text and the ELF and program headers.
        shoff, i, s = section_named(data, ".text")
        s[4] = 0x10
        put_shdr(data, shoff, i, s)
    elif mode == "dynamic-size":
        shoff, i, s = section_named(data, ".dynamic")
        s[5] -= 3
        put_shdr(data, shoff, i, s)
    else:
        sys.exit("corrupt.py: unknown mode " + mode)
    open(dst, "wb").write(bytes(data))


main()
