#!/usr/bin/env python3
"""Census of the absolute symbol references that rewrite mode must turn
RIP-relative, by instruction form, to explain where code bytes go.

Usage: abs-census.py BASE_ROOT:LIST GOTFREE_ROOT:LIST
Counts, in the baseline objects (-mcmodel=kernel -fno-pie), every
R_X86_64_32S/R_X86_64_32 relocation in executable sections by the form of
the instruction carrying it; and, in both sets, the RIP-relative LEAs and
the callee-saved register pushes (a proxy for register pressure). x86-64 has
no RIP-relative form with an index register, and a symbol used as an
immediate needs a register to hold it, so each of the forms except plain
"mov $sym, %r64" costs an extra LEA unless MachineCSE/LICM shares it.
"""
import collections
import os
import re
import subprocess
import sys

OBJDUMP = "/usr/lib/llvm-22/bin/llvm-objdump"
INSN = re.compile(r"^\s*[0-9a-f]+:\s+(\S+)\s*(.*)$")
RELOC = re.compile(r"^\s*[0-9a-f]+:\s+(R_X86_64_\S+)\s")


def classify(mnemonic, operands):
    if mnemonic.startswith("jmp") and operands.startswith("*"):
        return "jump-table dispatch  jmp *sym(,%i,8)"
    if "(,%" in operands:
        return "indexed, no base  sym(,%i,s)"
    if re.search(r"\(%[a-z0-9]+", operands) and not operands.startswith("$"):
        return "base+disp  sym(%b[,%i,s])"
    if operands.startswith("$"):
        dst = operands.split(",")[-1].strip()
        if mnemonic.startswith("mov") and dst.startswith("%"):
            if mnemonic == "movl" or re.match(r"%e|%r\d+d", dst):
                return "mov $sym, %r32 (5 B -> 7 B lea)"
            return "mov $sym, %r64 (7 B, same as lea)"
        if mnemonic.startswith("mov"):
            return "store $sym to memory"
        if mnemonic.startswith("push"):
            return "push $sym"
        return "ALU with $sym (cmp/add/sub/...)"
    return "other"


def scan(root, rels):
    forms = collections.Counter()
    lea_rip = pushes = 0
    for i in range(0, len(rels), 100):
        paths = [os.path.join(root, r) for r in rels[i:i + 100]]
        out = subprocess.run([OBJDUMP, "-dr", "--no-show-raw-insn"] + paths,
                             capture_output=True, text=True).stdout
        last = None
        for line in out.splitlines():
            m = RELOC.match(line)
            if m:
                if last and m.group(1) in ("R_X86_64_32S", "R_X86_64_32"):
                    forms[classify(*last)] += 1
                continue
            m = INSN.match(line)
            if m:
                last = (m.group(1), m.group(2))
                if m.group(1) == "leaq" and "(%rip)" in m.group(2):
                    lea_rip += 1
                if m.group(1) == "pushq" and re.match(r"%r(bx|bp|1[2-5])$", m.group(2).strip()):
                    pushes += 1
    return forms, lea_rip, pushes


def load(spec):
    root, listfile = spec.rsplit(":", 1)
    with open(listfile) as f:
        rels = [l.strip() for l in f if l.strip()]
    return root, [r for r in rels if os.path.isfile(os.path.join(root, r))]


def main():
    base_root, base_rels = load(sys.argv[1])
    gf_root, gf_rels = load(sys.argv[2])
    forms, lea_b, push_b = scan(base_root, base_rels)
    empty, lea_g, push_g = scan(gf_root, gf_rels)
    print("| absolute reference form in the baseline | sites |")
    print("|---|---:|")
    for form, n in forms.most_common():
        print("| %s | %d |" % (form, n))
    print("| **total** | %d |" % sum(forms.values()))
    print()
    print("| | baseline | gotfree |")
    print("|---|---:|---:|")
    print("| `leaq sym(%%rip)` | %d | %d |" % (lea_b, lea_g))
    print("| `pushq` of callee-saved registers | %d | %d |" % (push_b, push_g))
    print("| R_X86_64_32S/32 sites left | %d | %d |" % (sum(forms.values()), sum(empty.values())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
