# GOT slots and the instructions that reach them in a PIE linked by lld with
# --emit-relocs, with and without relaxation. lld relaxes mov/call/jmp to
# foo (defined here) but keeps the GOTPCRELX type: those relocations are
# stale. test/add are not relaxable in a PIE and the undefined weak `ext`
# needs a slot: both show up as GOT references.
# REQUIRES: gotfree-check
# RUN: llvm-mc -filetype=obj -triple=x86_64 %s -o %t.o
# RUN: ld.lld -pie --emit-relocs %t.o -o %t.lld
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.lld | FileCheck %s --check-prefix=LLD
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check --format=json %t.lld | FileCheck %s --check-prefix=JSON
# With RELR the slot's symbol comes from its link-time contents.
# RUN: ld.lld -pie -z pack-relative-relocs --emit-relocs %t.o -o %t.relr
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.relr | FileCheck %s --check-prefix=RELR
# RUN: ld.lld -pie --emit-relocs --no-relax %t.o -o %t.norelax
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.norelax | FileCheck %s --check-prefix=NORELAX
# Relaxation off in the assembler: plain GOTPCREL, nothing to relax.
# RUN: clang -c -target x86_64-linux-gnu -Wa,-mrelax-relocations=no %s -o %t.gotpcrel.o
# RUN: llvm-readelf -r %t.gotpcrel.o | FileCheck %s --check-prefix=OBJ
# RUN: ld.lld -pie --emit-relocs %t.gotpcrel.o -o %t.gotpcrel
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.gotpcrel | FileCheck %s --check-prefix=GOTPCREL

# LLD:      got-slot: .got [[FOO:0x[0-9a-f]+]]: foo [R_X86_64_RELATIVE], 2 references
# LLD-NEXT:   got-ref: 0x{{[0-9a-f]+}} <_start+0x19>: testq %rcx, 0x{{[0-9a-f]+}}(%rip) [R_X86_64_REX_GOTPCRELX foo-0x4]
# LLD-NEXT:   got-ref: 0x{{[0-9a-f]+}} <_start+0x20>: addq 0x{{[0-9a-f]+}}(%rip), %rcx [R_X86_64_REX_GOTPCRELX foo-0x4]
# LLD-NEXT: got-slot: .got 0x{{[0-9a-f]+}}: ext [R_X86_64_REX_GOTPCRELX], 1 references
# LLD-NEXT:   got-ref: 0x{{[0-9a-f]+}} <_start+0x27>: movq 0x{{[0-9a-f]+}}(%rip), %rax [R_X86_64_REX_GOTPCRELX ext-0x4]
# LLD-NEXT: stale-reloc: [[P0:0x[0-9a-f]+]] <_start+0x3>: R_X86_64_REX_GOTPCRELX foo-0x4 on relaxed 'leaq 0x{{[0-9a-f]+}}(%rip), %rax' (lea): GNU ld writes R_X86_64_PC32 foo-0x4 at [[P0]]
# LLD-NEXT: stale-reloc: [[P1:0x[0-9a-f]+]] <_start+0x9>: R_X86_64_GOTPCRELX foo-0x4 on relaxed 'leal 0x{{[0-9a-f]+}}(%rip), %eax' (lea): GNU ld writes R_X86_64_PC32 foo-0x4 at [[P1]]
# LLD-NEXT: stale-reloc: [[P2:0x[0-9a-f]+]] <_start+0xf>: R_X86_64_GOTPCRELX foo-0x4 on relaxed 'addr32 callq 0x{{[0-9a-f]+}}' (addr32-call): GNU ld writes R_X86_64_PC32 foo-0x4 at [[P2]]
# The jmp is 0xe9 + rel32 + nop: the displacement starts one byte earlier.
# LLD-NEXT: stale-reloc: 0x{{[0-9a-f]+}}d <_start+0x15>: R_X86_64_GOTPCRELX foo-0x4 on relaxed 'jmp 0x{{[0-9a-f]+}}' (jmp-nop): GNU ld writes R_X86_64_PC32 foo-0x4 at 0x{{[0-9a-f]+}}c
# LLD-NEXT: abs64-data: 1 R_X86_64_64 relocations in allocated data (not an error)
# LLD-NEXT: dyn-relocs: .rela.dyn: rela, 2 entries, 2 addresses, R_X86_64_RELATIVE 2
# LLD-NEXT: gotfree-check: FAIL: got=2 abs=0 textrel=0 stale=4 jump-table=0

# RELR:      got-slot: .got {{.*}}: foo [R_X86_64_RELATIVE(relr)], 2 references
# RELR:      dyn-relocs: .rela.dyn: rela, 1 entries, 1 addresses, R_X86_64_RELATIVE 1
# RELR-NEXT: dyn-relocs: .relr.dyn: relr, 1 entries, 1 addresses, R_X86_64_RELATIVE 1

# The jmp; nop issue in JSON, with its fix.
# JSON:      "kind": "stale-reloc",
# JSON:      "location": "0x{{[0-9a-f]+}}d <_start+0x15>",
# JSON-NEXT: "message": "R_X86_64_GOTPCRELX foo-0x4 on relaxed 'jmp {{.*}}' (jmp-nop): GNU ld writes R_X86_64_PC32 foo-0x4 at 0x{{[0-9a-f]+}}c",
# JSON-NEXT: "fix_addend": "-0x4",
# JSON-NEXT: "fix_offset": "0x{{[0-9a-f]+}}c",
# JSON-NEXT: "fix_type": "R_X86_64_PC32",
# JSON-NEXT: "fixable": "yes",
# JSON-NEXT: "instruction": "jmp 0x{{[0-9a-f]+}}",
# JSON-NEXT: "pattern": "jmp-nop",
# JSON-NEXT: "symbol": "foo",
# JSON-NEXT: "type": "R_X86_64_GOTPCRELX"
# JSON:      "errors": {
# JSON-NEXT:   "got": 2,
# JSON-NEXT:   "abs": 0,
# JSON-NEXT:   "textrel": 0,
# JSON-NEXT:   "stale": 4,

# NORELAX:      got-slot: .got {{.*}}: foo [R_X86_64_RELATIVE], 6 references
# NORELAX-NEXT:   got-ref: {{.*}} <_start>: movq {{.*}}(%rip), %rax [R_X86_64_REX_GOTPCRELX foo-0x4]
# NORELAX-NEXT:   got-ref: {{.*}} <_start+0x7>: movl {{.*}}(%rip), %eax [R_X86_64_GOTPCRELX foo-0x4]
# NORELAX-NEXT:   got-ref: {{.*}} <_start+0xd>: callq *{{.*}}(%rip) [R_X86_64_GOTPCRELX foo-0x4]
# NORELAX-NEXT:   got-ref: {{.*}} <_start+0x13>: jmpq *{{.*}}(%rip) [R_X86_64_GOTPCRELX foo-0x4]
# NORELAX-NEXT:   got-ref: {{.*}} <_start+0x19>: testq
# NORELAX-NEXT:   got-ref: {{.*}} <_start+0x20>: addq
# NORELAX-NEXT: got-slot: .got {{.*}}: ext [R_X86_64_REX_GOTPCRELX], 1 references
# NORELAX-NOT: stale-reloc
# NORELAX: gotfree-check: FAIL: got=2 abs=0 textrel=0 stale=0 jump-table=0

# OBJ-NOT: GOTPCRELX
# OBJ: R_X86_64_GOTPCREL {{.*}} foo - 4
# OBJ-NOT: GOTPCRELX
# GOTPCREL: got-slot: .got {{.*}}: foo [R_X86_64_RELATIVE], 6 references
# GOTPCREL-COUNT-6: got-ref: {{.*}} [R_X86_64_GOTPCREL foo-0x4]
# GOTPCREL-NOT: stale-reloc
# GOTPCREL: gotfree-check: FAIL: got=2 abs=0 textrel=0 stale=0 jump-table=0

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
