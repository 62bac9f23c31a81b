# GNU ld output, with and without relaxation: what it relaxes it rewrites to
# R_X86_64_PC32 (nothing stale), what it keeps in the GOT is listed with its
# GLOB_DAT / RELATIVE dynamic relocation.
# REQUIRES: gotfree-check, gnu-ld
# RUN: llvm-mc -filetype=obj -triple=x86_64 %s -o %t.o
# RUN: ld.bfd -pie --emit-relocs %t.o -o %t.relax
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.relax | FileCheck %s --check-prefix=RELAX
# RUN: ld.bfd -pie --emit-relocs --no-relax %t.o -o %t.norelax
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.norelax | FileCheck %s --check-prefix=NORELAX
# RUN: clang -c -target x86_64-linux-gnu -Wa,-mrelax-relocations=no %s -o %t.gotpcrel.o
# RUN: ld.bfd -pie --emit-relocs %t.gotpcrel.o -o %t.gotpcrel
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.gotpcrel | FileCheck %s --check-prefix=GOTPCREL
# RUN: llvm-readelf -r %t.gotpcrel | FileCheck %s --check-prefix=GOTPCREL-RELOCS

# RELAX:      got-slot: .got {{.*}}: ext [R_X86_64_GLOB_DAT], 1 references
# RELAX-NEXT:   got-ref: {{.*}} <_start+0x27>: movq {{.*}}(%rip), %rax [R_X86_64_REX_GOTPCRELX ext-0x4]
# RELAX-NEXT: got-slot: .got {{.*}}: foo [R_X86_64_RELATIVE], 2 references
# RELAX-NEXT:   got-ref: {{.*}} <_start+0x19>: testq %rcx, {{.*}}(%rip) [R_X86_64_REX_GOTPCRELX foo-0x4]
# RELAX-NEXT:   got-ref: {{.*}} <_start+0x20>: addq {{.*}}(%rip), %rcx [R_X86_64_REX_GOTPCRELX foo-0x4]
# RELAX-NEXT: abs64-data: 1
# RELAX-NEXT: dyn-relocs: .rela.dyn: rela, 3 entries, 3 addresses, R_X86_64_GLOB_DAT 1, R_X86_64_RELATIVE 2
# RELAX-NEXT: gotfree-check: FAIL: got=2 abs=0 textrel=0 stale=0 jump-table=0

# NORELAX:      got-slot: .got {{.*}}: ext [R_X86_64_GLOB_DAT], 1 references
# NORELAX:      got-slot: .got {{.*}}: foo [R_X86_64_RELATIVE], 6 references
# NORELAX-NEXT:   got-ref: {{.*}} <_start>: movq {{.*}}(%rip), %rax [R_X86_64_REX_GOTPCRELX foo-0x4]
# NORELAX-NEXT:   got-ref: {{.*}} <_start+0x7>: movl {{.*}}(%rip), %eax [R_X86_64_GOTPCRELX foo-0x4]
# NORELAX-NEXT:   got-ref: {{.*}} <_start+0xd>: callq *{{.*}}(%rip) [R_X86_64_GOTPCRELX foo-0x4]
# NORELAX-NEXT:   got-ref: {{.*}} <_start+0x13>: jmpq *{{.*}}(%rip) [R_X86_64_GOTPCRELX foo-0x4]
# NORELAX-NOT: stale-reloc
# NORELAX: gotfree-check: FAIL: got=2 abs=0 textrel=0 stale=0 jump-table=0

# GNU ld relaxes even plain GOTPCREL movs to lea (writing PC32), not the
# call/jmp/test/add.
# GOTPCREL:      got-slot: .got {{.*}}: foo [R_X86_64_RELATIVE], 4 references
# GOTPCREL-NEXT:   got-ref: {{.*}} <_start+0xd>: callq *{{.*}}(%rip) [R_X86_64_GOTPCREL foo-0x4]
# GOTPCREL-NEXT:   got-ref: {{.*}} <_start+0x13>: jmpq *{{.*}}(%rip) [R_X86_64_GOTPCREL foo-0x4]
# GOTPCREL-NEXT:   got-ref: {{.*}} <_start+0x19>: testq
# GOTPCREL-NEXT:   got-ref: {{.*}} <_start+0x20>: addq
# GOTPCREL-NOT: stale-reloc
# GOTPCREL: gotfree-check: FAIL: got=2 abs=0 textrel=0 stale=0 jump-table=0
# GOTPCREL-RELOCS: 0000000000001003 {{.*}} R_X86_64_PC32 {{.*}} foo - 4
# GOTPCREL-RELOCS: 0000000000001009 {{.*}} R_X86_64_PC32 {{.*}} foo - 4

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
  ret
  .globl foo
foo:
  ret
  .data
  .weak ext
  .quad foo
