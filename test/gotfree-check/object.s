# Relocatable objects: GOT-generating relocations are reported (the linker
# will add the slot) together with the instruction; nothing is "stale" in
# an object.
# REQUIRES: gotfree-check
# RUN: llvm-mc -filetype=obj -triple=x86_64 %s -o %t.o
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.o | FileCheck %s
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check --format=json %t.o | FileCheck %s --check-prefix=JSON
# RUN: %gotfree_check --allow=got %t.o | FileCheck %s --check-prefix=ALLOW

# CHECK:      gotfree-check: {{.*}}: relocatable object, 5 static relocations
# CHECK-NEXT: got-ref: .text+0x0 <f>: movq (%rip), %rax [R_X86_64_REX_GOTPCRELX ext-0x4] (the linker adds a GOT slot)
# CHECK-NEXT: got-ref: .text+0x7 <f+0x7>: callq *(%rip) [R_X86_64_GOTPCRELX g-0x4] (the linker adds a GOT slot)
# CHECK-NEXT: got-ref: .text.g+0x0 <g>: movq (%rip), %rcx [R_X86_64_GOTTPOFF tlsvar-0x4] (the linker adds a GOT slot)
# CHECK-NEXT: gotfree-check: FAIL: got=3 abs=0 textrel=0 stale=0 jump-table=0

# JSON:      "result": "fail"
# JSON:      "unslotted_got_references": [
# JSON-NEXT:   {
# JSON-NEXT:     "address": {{[0-9]+}},
# JSON-NEXT:     "instruction": "movq (%rip), %rax",
# JSON-NEXT:     "location": ".text+0x0 <f>",
# JSON-NEXT:     "symbol": "ext",
# JSON-NEXT:     "via": "R_X86_64_REX_GOTPCRELX ext-0x4"
# JSON-NEXT:   },

# ALLOW: gotfree-check: PASS: got=3(allowed)

  .text
  .globl f
f:
  movq ext@GOTPCREL(%rip), %rax
  call *g@GOTPCREL(%rip)
  leaq local(%rip), %rdx
  call g
  ret
  .section .text.g,"ax",@progbits
  .globl g
g:
  movq tlsvar@GOTTPOFF(%rip), %rcx
  ret
  .data
local:
  .long 0
