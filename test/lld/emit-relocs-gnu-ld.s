# REQUIRES: patched-lld, gnu-ld
## For the GOTPCRELX family, the patched lld's --emit-relocs table equals GNU
## ld's on the same input (offsets relative to _start). The inputs avoid the
## two places where the linkers rewrite differently: GNU ld also relaxes
## R_X86_64_GOTPCREL, and turns a -no-pie mov into "mov $imm" where lld uses
## lea.

# RUN: rm -rf %t && split-file %s %t && cd %t
# RUN: llvm-mc -filetype=obj -triple=x86_64 pie.s -o pie.o
# RUN: llvm-mc -filetype=obj -triple=x86_64 nopie.s -o nopie.o

# RUN: %ld_lld_patched --emit-relocs -pie pie.o -o lld.pie
# RUN: ld.bfd --emit-relocs -pie pie.o -o bfd.pie
# RUN: python3 %S/Inputs/reapply-relocs.py --dump lld.pie > lld.pie.txt
# RUN: python3 %S/Inputs/reapply-relocs.py --dump bfd.pie > bfd.pie.txt
# RUN: diff bfd.pie.txt lld.pie.txt
# RUN: FileCheck --check-prefix=PIE %s < lld.pie.txt
# PIE:      0x3 R_X86_64_PC32 foo-4
# PIE-NEXT: 0x9 R_X86_64_PC32 foo-4
# PIE-NEXT: 0xf R_X86_64_PC32 foo-4
# PIE-NEXT: 0x14 R_X86_64_PC32 foo-4
# PIE-NEXT: 0x1c R_X86_64_REX_GOTPCRELX foo-4
# PIE-NEXT: 0x23 R_X86_64_REX_GOTPCRELX foo-4
# PIE-EMPTY:

# RUN: %ld_lld_patched --emit-relocs -no-pie nopie.o -o lld.nopie
# RUN: ld.bfd --emit-relocs -no-pie nopie.o -o bfd.nopie
# RUN: python3 %S/Inputs/reapply-relocs.py --dump lld.nopie > lld.nopie.txt
# RUN: python3 %S/Inputs/reapply-relocs.py --dump bfd.nopie > bfd.nopie.txt
# RUN: diff bfd.nopie.txt lld.nopie.txt
# RUN: FileCheck --check-prefix=NOPIE %s < lld.nopie.txt
# NOPIE:      0x2 R_X86_64_PC32 foo-4
# NOPIE-NEXT: 0x7 R_X86_64_PC32 foo-4
# NOPIE-NEXT: 0xf R_X86_64_32S foo+0
# NOPIE-NEXT: 0x16 R_X86_64_32S foo+0
# NOPIE-NEXT: 0x1d R_X86_64_32 foo+0
# NOPIE-EMPTY:

## Negative control: the unpatched lld differs.
# RUN: ld.lld --emit-relocs -pie pie.o -o old.pie
# RUN: python3 %S/Inputs/reapply-relocs.py --dump old.pie > old.pie.txt
# RUN: not diff bfd.pie.txt old.pie.txt

#--- pie.s
.globl _start, foo
_start:
  movq foo@GOTPCREL(%rip), %rax
  movl foo@GOTPCREL(%rip), %eax
  call *foo@GOTPCREL(%rip)
  jmp *foo@GOTPCREL(%rip)
  addq foo@GOTPCREL(%rip), %rax
  testq %rax, foo@GOTPCREL(%rip)
.data
foo: .quad 0

#--- nopie.s
.globl _start, foo
_start:
  call *foo@GOTPCREL(%rip)
  jmp *foo@GOTPCREL(%rip)
  addq foo@GOTPCREL(%rip), %rax
  testq %rax, foo@GOTPCREL(%rip)
  subl foo@GOTPCREL(%rip), %r8d
.data
foo: .quad 0
