# GOT-free code passes with both linkers, with or without --emit-relocs:
# exit status 0, nothing reported, and the JSON says the same.
# REQUIRES: gotfree-check
# RUN: llvm-mc -filetype=obj -triple=x86_64 %s -o %t.o
# RUN: ld.lld -pie --emit-relocs %t.o -o %t.lld
# RUN: %gotfree_check %t.lld | FileCheck %s
# RUN: ld.lld -pie %t.o -o %t.lld.norelocs
# RUN: %gotfree_check %t.lld.norelocs | FileCheck %s --check-prefix=SCAN
# RUN: %gotfree_check --format=json %t.lld | FileCheck %s --check-prefix=JSON
# RUN: %if gnu-ld %{ ld.bfd -pie --emit-relocs %t.o -o %t.bfd %}
# RUN: %if gnu-ld %{ %gotfree_check %t.bfd | FileCheck %s %}

# CHECK:      gotfree-check: {{.*}}: shared object or PIE, 3 static relocations
# CHECK-NOT:  got-
# CHECK-NOT:  stale-reloc
# CHECK-NOT:  abs-reloc
# CHECK:      abs64-data: 1 R_X86_64_64 relocations in allocated data (not an error)
# CHECK-NEXT: dyn-relocs: .rela.dyn: rela, 1 entries, 1 addresses, R_X86_64_RELATIVE 1
# CHECK-NEXT: gotfree-check: PASS: got=0 abs=0 textrel=0 stale=0 jump-table=0

# SCAN:      gotfree-check: {{.*}}: shared object or PIE, 0 static relocations
# SCAN-NEXT: dyn-relocs: .rela.dyn: rela, 1 entries, 1 addresses, R_X86_64_RELATIVE 1
# SCAN-NEXT: gotfree-check: PASS

# JSON:      "result": "pass",
# JSON-NEXT: "static_relocations": 3,
# JSON-NEXT: "code_scanned": false,
# JSON-NEXT: "got_slots": [],
# JSON-NEXT: "unslotted_got_references": [],
# JSON-NEXT: "issues": [],
# JSON-NEXT: "data_abs64_relocations": 1,
# JSON:      "errors": {
# JSON-NEXT:   "got": 0,
# JSON-NEXT:   "abs": 0,
# JSON-NEXT:   "textrel": 0,
# JSON-NEXT:   "stale": 0,
# JSON-NEXT:   "jump-table": 0
# JSON-NEXT: },

  .text
  .globl _start
_start:
  leaq var(%rip), %rax
  movl var(%rip), %ecx
  call f
  ret
f:
  jmp g
g:
  ret
  .data
var:
  .long 1
  .quad f
