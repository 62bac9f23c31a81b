# A PIE calling into a shared library: the PLT's .got.plt slots (after the
# three reserved words) hold JUMP_SLOT symbols, a preemptible variable gets
# a GLOB_DAT slot in .got. --scan-code=always also finds the PLT stub
# that jumps through the slot.
# REQUIRES: gotfree-check
# RUN: echo '.globl ext_fn, ext_var; .type ext_fn,@function; ext_fn: ret; .data; ext_var: .long 0' > %t.lib.s
# RUN: llvm-mc -filetype=obj -triple=x86_64 %t.lib.s -o %t.lib.o
# RUN: ld.lld -shared %t.lib.o -o %t.lib.so
# RUN: llvm-mc -filetype=obj -triple=x86_64 %s -o %t.o
# RUN: ld.lld -pie --emit-relocs %t.o %t.lib.so -o %t.pie
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.pie | FileCheck %s
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check --scan-code=always %t.pie | FileCheck %s --check-prefix=SCAN
# RUN: %if gnu-ld %{ ld.bfd -pie --emit-relocs %t.o %t.lib.so -o %t.bfd %}
# RUN: %if gnu-ld %{ bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.bfd | FileCheck %s %}

# CHECK:      got-slot: .got {{.*}}: ext_var [R_X86_64_GLOB_DAT], 1 references
# CHECK-NEXT:   got-ref: {{.*}} <_start+0x5>: movq {{.*}}(%rip), %rax [R_X86_64_REX_GOTPCRELX ext_var-0x4]
# CHECK-NEXT: got-slot: .got.plt {{.*}}: ext_fn [R_X86_64_JUMP_SLOT], 0 references
# CHECK:      dyn-relocs: .rela.dyn: rela, 1 entries, 1 addresses, R_X86_64_GLOB_DAT 1
# CHECK-NEXT: dyn-relocs: .rela.plt: rela, 1 entries, 1 addresses, R_X86_64_JUMP_SLOT 1
# CHECK-NEXT: gotfree-check: FAIL: got=2

# SCAN:      got-slot: .got.plt {{.*}}: ext_fn [R_X86_64_JUMP_SLOT], 1 references
# SCAN-NEXT:   got-ref: {{.*}}: jmpq *{{.*}}(%rip) [code]

  .text
  .globl _start
_start:
  call ext_fn@PLT
  movq ext_var@GOTPCREL(%rip), %rax
  ret
