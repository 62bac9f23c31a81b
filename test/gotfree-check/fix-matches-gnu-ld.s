# --fix-emit-relocs turns lld's stale relocations into exactly what GNU ld
# writes for the same object: same offsets, types, symbols and addends.
# Both links put .text at the same address so the lists compare directly.
# REQUIRES: gotfree-check, gnu-ld
# RUN: llvm-mc -filetype=obj -triple=x86_64 %s -o %t.o
# RUN: ld.lld -pie --emit-relocs -Ttext=0x4000 %t.o -o %t.lld
# RUN: ld.bfd -pie --emit-relocs -Ttext=0x4000 %t.o -o %t.bfd
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check --fix-emit-relocs %t.lld -o %t.fixed | FileCheck %s --check-prefix=FIX
# RUN: llvm-readelf -r %t.fixed | awk '/rela.text/{p=1;next} /^$/{p=0} p && /^0/{print $1,$3,$5,$6,$7}' > %t.fixed.rel
# RUN: llvm-readelf -r %t.bfd | awk '/rela.text/{p=1;next} /^$/{p=0} p && /^0/{print $1,$3,$5,$6,$7}' > %t.bfd.rel
# RUN: diff %t.fixed.rel %t.bfd.rel
# RUN: FileCheck %s --check-prefix=REL < %t.fixed.rel
# Before the fix lld's list differs from GNU ld's (so the diff can fail).
# RUN: llvm-readelf -r %t.lld | awk '/rela.text/{p=1;next} /^$/{p=0} p && /^0/{print $1,$3,$5,$6,$7}' > %t.lld.rel
# RUN: not diff %t.lld.rel %t.bfd.rel
# Only relocation entries changed: the code is identical.
# RUN: llvm-objdump -d %t.lld > %t.lld.dis
# RUN: llvm-objdump -d %t.fixed | sed 's/fix-matches-gnu-ld.s.tmp.fixed/fix-matches-gnu-ld.s.tmp.lld/' > %t.fixed.dis
# RUN: diff %t.lld.dis %t.fixed.dis
# GNU ld's own output has nothing stale.
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.bfd | FileCheck %s --check-prefix=BFD
# And the fixed file checks clean for stale relocations.
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.fixed | FileCheck %s --check-prefix=AFTER

# FIX: fixed: 4 relocations rewritten
# FIX: gotfree-check: FAIL: got=2 abs=0 textrel=0 stale=0 jump-table=0

# REL:      0000000000004003 R_X86_64_PC32 foo - 4
# REL-NEXT: 0000000000004009 R_X86_64_PC32 foo - 4
# REL-NEXT: 000000000000400f R_X86_64_PC32 foo - 4
# REL-NEXT: 0000000000004014 R_X86_64_PC32 foo - 4
# REL-NEXT: 000000000000401c R_X86_64_REX_GOTPCRELX foo - 4
# REL-NEXT: 0000000000004023 R_X86_64_REX_GOTPCRELX foo - 4
# REL-NEXT: 000000000000402a R_X86_64_REX_GOTPCRELX ext - 4
# REL-NEXT: 0000000000004031 R_X86_64_PC32 foo - 4

# BFD:      got-slot: .got {{.*}}: ext [R_X86_64_GLOB_DAT], 1 references
# BFD:      got-slot: .got {{.*}}: foo [R_X86_64_RELATIVE], 2 references
# BFD-NOT:  stale-reloc
# BFD:      dyn-relocs: .rela.dyn: rela, 3 entries, 3 addresses, R_X86_64_GLOB_DAT 1, R_X86_64_RELATIVE 2
# BFD-NEXT: gotfree-check: FAIL: got=2 abs=0 textrel=0 stale=0 jump-table=0

# AFTER-NOT: stale-reloc
# AFTER: gotfree-check: FAIL: got=2 abs=0 textrel=0 stale=0 jump-table=0

  .text
  .globl _start
_start:
  movq foo@GOTPCREL(%rip), %rax
  movl foo@GOTPCREL(%rip), %eax
  call *foo@GOTPCREL(%rip)
  jmp *foo@GOTPCREL(%rip)
  testq %rcx, foo@GOTPCREL(%rip)
  addq foo@GOTPCREL(%rip), %rcx
  movq ext@GOTPCREL(%rip), %rax
  leaq foo(%rip), %rax
  ret
  .globl foo
foo:
  ret
  .data
  .weak ext
  .quad foo
