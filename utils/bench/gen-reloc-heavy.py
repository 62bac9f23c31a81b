#!/usr/bin/env python3
"""gen-reloc-heavy.py FUNCS OUT.s: assembly for a vmlinux-like, relocation
heavy link: FUNCS functions, each with direct calls (PLT32), RIP-relative
data accesses (PC32), GOTPCRELX loads that lld relaxes (stale under
--emit-relocs; one function in 100), and a pointer table in .data (R_X86_64_64)."""
import sys

funcs = int(sys.argv[1])
out = open(sys.argv[2], "w")
w = out.write
w("  .text\n  .globl _start\n_start:\n  call f0\n  ret\n")
for i in range(funcs):
    callee = (i * 7 + 1) % funcs
    var = i % 4096
    w(f"  .globl f{i}\n  .type f{i},@function\nf{i}:\n")
    w(f"  movq v{var}(%rip), %rax\n")
    w(f"  addq v{(var + 1) % 4096}(%rip), %rax\n")
    w(f"  leaq v{(var + 2) % 4096}(%rip), %rcx\n")
    w(f"  call f{callee}\n")
    if i % 100 == 0:  # Rare, as in kernel code.
        w(f"  movq v{(var + 3) % 4096}@GOTPCREL(%rip), %rdx\n")
    w(f"  movl %eax, v{(var + 4) % 4096}(%rip)\n")
    w(f"  call f{(callee + 1) % funcs}\n")
    w(f"  cmpq $0, v{(var + 5) % 4096}(%rip)\n")
    w(f"  jne f{(callee + 2) % funcs}\n")
    w("  ret\n")
    w(f"  .size f{i}, .-f{i}\n")
w("  .data\n  .p2align 3\n")
for v in range(4096):
    w(f"  .globl v{v}\nv{v}:\n  .quad 0\n")
w("  .section .data.rel.ro,\"aw\",@progbits\n  .p2align 3\nptrs:\n")
for i in range(funcs):
    w(f"  .quad f{i}\n")
out.close()
