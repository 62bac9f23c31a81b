# Without --emit-relocs the GOT references are found by decoding the code.
# --scan-code=never skips that (the slots are still reported), and
# --scan-code=always decodes even when relocations exist.
# REQUIRES: gotfree-check
# RUN: llvm-mc -filetype=obj -triple=x86_64 %s -o %t.o
# RUN: ld.lld -pie --no-relax %t.o -o %t.lld
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.lld | FileCheck %s
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check --scan-code=never %t.lld | FileCheck %s --check-prefix=NEVER
# RUN: ld.lld -pie --no-relax --emit-relocs %t.o -o %t.relocs
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check --scan-code=always %t.relocs | FileCheck %s --check-prefix=ALWAYS
# RUN: %if gnu-ld %{ ld.bfd -pie --no-relax %t.o -o %t.bfd %}
# RUN: %if gnu-ld %{ bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.bfd | FileCheck %s --check-prefix=BFD %}

# CHECK:      gotfree-check: {{.*}}: shared object or PIE, 0 static relocations, code scanned
# CHECK-NEXT: got-slot: .got 0x{{[0-9a-f]+}}: foo [R_X86_64_RELATIVE], 3 references
# CHECK-NEXT:   got-ref: 0x{{[0-9a-f]+}} <_start>: movq 0x{{[0-9a-f]+}}(%rip), %rax [code]
# CHECK-NEXT:   got-ref: 0x{{[0-9a-f]+}} <_start+0x7>: callq *0x{{[0-9a-f]+}}(%rip) [code]
# CHECK-NEXT:   got-ref: 0x{{[0-9a-f]+}} <helper+0x1>: jmpq *0x{{[0-9a-f]+}}(%rip) [code]
# CHECK-NEXT: got-slot: .got 0x{{[0-9a-f]+}}: bar [R_X86_64_RELATIVE], 1 references
# CHECK-NEXT:   got-ref: 0x{{[0-9a-f]+}} <_start+0xd>: cmpq %rcx, 0x{{[0-9a-f]+}}(%rip) [code]
# CHECK-NEXT: dyn-relocs: .rela.dyn: rela, 2 entries, 2 addresses, R_X86_64_RELATIVE 2
# CHECK-NEXT: gotfree-check: FAIL: got=2

# NEVER:      got-slot: .got 0x{{[0-9a-f]+}}: foo [R_X86_64_RELATIVE], 0 references
# NEVER-NEXT: got-slot: .got 0x{{[0-9a-f]+}}: bar [R_X86_64_RELATIVE], 0 references

# Relocations and code agree, so each instruction is listed once.
# ALWAYS:      4 static relocations, code scanned
# ALWAYS-NEXT: got-slot: .got 0x{{[0-9a-f]+}}: foo [R_X86_64_RELATIVE], 3 references
# ALWAYS-NEXT:   got-ref: {{.*}} <_start>: movq {{.*}} [R_X86_64_REX_GOTPCRELX foo-0x4]
# ALWAYS-NEXT:   got-ref: {{.*}} <_start+0x7>: callq {{.*}} [R_X86_64_GOTPCRELX foo-0x4]
# ALWAYS-NEXT:   got-ref: {{.*}} <helper+0x1>: jmpq {{.*}} [R_X86_64_GOTPCRELX foo-0x4]

# BFD: got-slot: .got 0x{{[0-9a-f]+}}: foo [R_X86_64_RELATIVE], 3 references
# BFD: got-slot: .got 0x{{[0-9a-f]+}}: bar [R_X86_64_RELATIVE], 1 references
# BFD: gotfree-check: FAIL: got=2

  .text
  .globl _start
_start:
  movq foo@GOTPCREL(%rip), %rax
  call *foo@GOTPCREL(%rip)
  cmpq %rcx, bar@GOTPCREL(%rip)
  ret
  .byte 0xff, 0xff           # junk between functions must not derail decoding
  .type helper,@function
helper:
  nop
  jmp *foo@GOTPCREL(%rip)
  .size helper, .-helper
  .globl foo
foo:
  ret
  .data
  .globl bar
bar:
  .long 0
