"""Helpers shared by the kernel scripts of utils/kernel: llvm-readelf output
and the objects a kernel build links into vmlinux."""
import os
import re
import subprocess

READELF = "/usr/lib/llvm-22/bin/llvm-readelf"
AR = "/usr/lib/llvm-22/bin/llvm-ar"


def readelf(*args):
    return subprocess.run([READELF, "--wide", *args], check=True,
                          capture_output=True, text=True).stdout


def section_names(path):
    names = {}
    for line in readelf("-S", path).splitlines():
        m = re.match(r"\s*\[\s*(\d+)\]\s+(\S+)", line)
        if m:
            names[m.group(1)] = m.group(2)
    return names


def archive_members(path):
    if not os.path.exists(path):
        return []
    out = subprocess.run([AR, "t", path], check=True, capture_output=True,
                         text=True).stdout
    return out.split()


def is_elf(path):
    with open(path, "rb") as f:
        return f.read(4) == b"\x7fELF"


def kernel_objects(build):
    """The ELF objects of vmlinux.a and lib/lib.a (thin archives), relative
    to the build directory BUILD, in archive order. An LTO build's members
    are bitcode, and have no machine code to look at: they are left out."""
    result = []
    for archive in ("vmlinux.a", "lib/lib.a"):
        for member in archive_members(os.path.join(build, archive)):
            obj = member if os.path.isabs(member) else os.path.join(build, member)
            if os.path.exists(obj) and is_elf(obj):
                result.append(os.path.relpath(obj, build))
    return result
