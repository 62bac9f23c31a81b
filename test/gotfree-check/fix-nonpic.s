# Non-PIC static link: lld turns test/add through the GOT into immediates
# (and mov into lea); GNU ld writes R_X86_64_32S for the REX.W immediates and
# R_X86_64_32 without REX.W (lld relaxes only the REX forms: the cmpl keeps
# its GOT slot). The fix rewrites in place when no -o is given.
# REQUIRES: gotfree-check
# RUN: llvm-mc -filetype=obj -triple=x86_64 %s -o %t.o
# RUN: ld.lld -static --emit-relocs %t.o -o %t.exe
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.exe | FileCheck %s --check-prefix=STALE
# RUN: cp %t.exe %t.inplace
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check --fix-emit-relocs %t.inplace | FileCheck %s --check-prefix=FIX
# RUN: llvm-readelf -r %t.inplace | FileCheck %s --check-prefix=REL
# RUN: llvm-readelf -r %t.exe | FileCheck %s --check-prefix=ORIG
# With abs and got allowed, the fixed file passes (exit status 0).
# RUN: %gotfree_check --allow=abs,got %t.inplace | FileCheck %s --check-prefix=PASS
# A file whose sections share bytes is read, but not fixed: writing one
# section would change the other. Bad input (exit status 2), file unchanged.
# RUN: python3 %S/Inputs/corrupt.py comment-over-text %t.exe %t.overlap
# RUN: cp %t.overlap %t.overlap.orig
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.overlap | FileCheck %s --check-prefix=STALE
# RUN: bash %S/Inputs/exit-code.sh 2 %gotfree_check --fix-emit-relocs %t.overlap 2>&1 | FileCheck %s --check-prefix=OVERLAP
# RUN: cmp %t.overlap %t.overlap.orig

# STALE:      got-slot: .got {{.*}}: foo [R_X86_64_GOTPCRELX], 1 references
# STALE-NEXT:   got-ref: {{.*}} <_start+0x15>: cmpl {{.*}}(%rip), %edx [R_X86_64_GOTPCRELX foo-0x4]
# STALE-NEXT: stale-reloc: [[P:0x[0-9a-f]+]] <_start+0x3>: R_X86_64_REX_GOTPCRELX foo-0x4 on relaxed 'leaq {{.*}}(%rip), %rax' (lea): GNU ld writes R_X86_64_PC32 foo-0x4 at [[P]]
# STALE-NEXT: stale-reloc: [[P:0x[0-9a-f]+]] <_start+0xa>: R_X86_64_REX_GOTPCRELX foo-0x4 on relaxed 'testq $0x[[FOO:[0-9a-f]+]], %rcx' (test-imm): GNU ld writes R_X86_64_32S foo+0x0 at [[P]]
# STALE-NEXT: stale-reloc: [[P:0x[0-9a-f]+]] <_start+0x11>: R_X86_64_REX_GOTPCRELX foo-0x4 on relaxed 'addq $0x[[FOO]], %rcx' (binop-imm): GNU ld writes R_X86_64_32S foo+0x0 at [[P]]
# STALE-NEXT: gotfree-check: FAIL: got=1 abs=0 textrel=0 stale=3 jump-table=0

# FIX:      abs-reloc: {{.*}} <_start+0xa>: R_X86_64_32S foo+0x0 in .text
# FIX-NEXT: abs-reloc: {{.*}} <_start+0x11>: R_X86_64_32S foo+0x0 in .text
# FIX-NEXT: fixed: 3 relocations rewritten
# FIX-NEXT: gotfree-check: FAIL: got=1 abs=2 textrel=0 stale=0 jump-table=0

# REL:      R_X86_64_PC32 {{.*}} foo - 4
# REL-NEXT: R_X86_64_32S {{.*}} foo + 0
# REL-NEXT: R_X86_64_32S {{.*}} foo + 0
# REL-NEXT: R_X86_64_GOTPCRELX {{.*}} foo - 4
# ORIG-COUNT-4: GOTPCRELX

# PASS: gotfree-check: PASS: got=1(allowed) abs=2(allowed) textrel=0 stale=0 jump-table=0

# OVERLAP: {{^}}gotfree-check: error: {{.*}}.overlap: section '.text' and section '.comment' overlap in the file (offsets {{[0-9a-f]+}}+{{[0-9a-f]+}} and {{[0-9a-f]+}}){{$}}

  .text
  .globl _start
_start:
  movq foo@GOTPCREL(%rip), %rax
  testq %rcx, foo@GOTPCREL(%rip)
  addq foo@GOTPCREL(%rip), %rcx
  cmpl foo@GOTPCREL(%rip), %edx
  ret
  .globl foo
foo:
  ret
