# Jump-table annotations (reloc-none, annotate-insn, tablejump-pairs) are
# checked against the code: every entry must land on an instruction
# boundary inside the jumping function. Good tables pass; the broken ones
# (-defsym BAD=1) are each reported. Objects and lld/GNU ld links.
# REQUIRES: gotfree-check
# RUN: llvm-mc -filetype=obj -triple=x86_64 %S/Inputs/jump-tables.s -o %t.o
# RUN: %gotfree_check %t.o | FileCheck %s --check-prefix=OBJ
# RUN: llvm-mc -filetype=obj -triple=x86_64 -defsym BAD=1 %S/Inputs/jump-tables.s -o %t.bad.o
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.bad.o | FileCheck %s --check-prefix=BAD
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check --format=json %t.bad.o | FileCheck %s --check-prefix=JSON
# Linked with --emit-relocs the R_X86_64_NONE annotations survive; the
# PC-relative annotate-insn entries of a non-allocated section do not.
# RUN: ld.lld -pie --emit-relocs %t.o -o %t.pie 2>/dev/null
# RUN: %gotfree_check %t.pie | FileCheck %s --check-prefix=LINKED
# RUN: ld.lld -pie --emit-relocs %t.bad.o -o %t.bad.pie 2>/dev/null
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.bad.pie | FileCheck %s --check-prefix=LINKEDBAD
# Without --emit-relocs only the pairs remain; entries come from RELATIVE
# dynamic relocations (lld leaves zeros in place).
# RUN: ld.lld -pie %t.o -o %t.norelocs.pie 2>/dev/null
# RUN: %gotfree_check %t.norelocs.pie | FileCheck %s --check-prefix=NORELOCS
# RUN: %if gnu-ld %{ ld.bfd -pie --emit-relocs %t.o -o %t.bfd 2>/dev/null %}
# RUN: %if gnu-ld %{ %gotfree_check %t.bfd | FileCheck %s --check-prefix=LINKED %}
# --check-jump-tables=false turns the checks off.
# RUN: %gotfree_check --check-jump-tables=false %t.bad.o | FileCheck %s --check-prefix=OFF

# OBJ:      jump-table: ok: .text+0x15 <rel_none+0x15>: reloc-none: 'jmpq *%rax' table .rodata+0x0 <rel_none.jt>, 4 x 4-byte entries, all on instruction boundaries in rel_none
# OBJ-NEXT: jump-table: ok: .text+0x45 <abs_none+0xe>: reloc-none: 'jmpq *(%rcx,%rax,8)' table .data.rel.ro+0x0 <abs_none.jt>, 3 x 8-byte entries, all on instruction boundaries in abs_none
# OBJ-NEXT: jump-table: ok: .text+0x72 <annot+0x15>: annotate-insn: 'jmpq *%rax' table .rodata+0x10 <annot.jt>, 2 x 4-byte entries, all on instruction boundaries in annot
# OBJ-NEXT: jump-table: ok: .text+0x91 <pairs+0xe>: tablejump-pairs: 'jmpq *(%rcx,%rax,8)' table .data.rel.ro+0x18 <pairs.jt>, 2 x 8-byte entries, all on instruction boundaries in pairs
# OBJ:      gotfree-check: PASS: got=0 abs=0 textrel=0 stale=0 jump-table=0

# BAD:      jump-table: .text+0x15 <rel_none+0x15>: reloc-none: entry 2 -> .text+0x25 <rel_none+0x25> is not an instruction boundary
# BAD-NEXT: jump-table: .text+0x45 <abs_none+0xe>: reloc-none: entry 1 -> .text+0xa3 <_start> is outside abs_none
# BAD-NEXT: jump-table: .text+0x72 <annot+0x15>: annotate-insn: entry 2 -> (outside every section) is outside annot
# BAD-NEXT: jump-table: .text+0x91 <pairs+0xe>: tablejump-pairs: table .data.rel.ro+0x18 <pairs.jt> has no sized STT_OBJECT symbol
# BAD-NEXT: jump-table: .text+0xab <not_jmp+0x7>: reloc-none: annotation does not point at an indirect jmp ('movl $0x1, %eax')
# BAD:      gotfree-check: FAIL: got=0 abs=0 textrel=0 stale=0 jump-table=5

# JSON:      "kind": "jump-table",
# JSON-NEXT: "category": "jump-table",
# JSON-NEXT: "error": true,
# JSON-NEXT: "address": {{[0-9]+}},
# JSON-NEXT: "location": ".text+0x15 <rel_none+0x15>",
# JSON-NEXT: "message": "reloc-none: entry 2 -> .text+0x25 <rel_none+0x25> is not an instruction boundary",
# JSON-NEXT: "format": "reloc-none"

# LINKED:     jump-table: ok: 0x{{[0-9a-f]+}} <rel_none+0x15>: reloc-none: 'jmpq *%rax' table 0x{{[0-9a-f]+}} <rel_none.jt>, 4 x 4-byte entries
# LINKED-NEXT: jump-table: ok: 0x{{[0-9a-f]+}} <abs_none+0xe>: reloc-none: 'jmpq *(%rcx,%rax,8)' table 0x{{[0-9a-f]+}} <abs_none.jt>, 3 x 8-byte entries
# LINKED-NEXT: jump-table: ok: 0x{{[0-9a-f]+}} <pairs+0xe>: tablejump-pairs: 'jmpq *(%rcx,%rax,8)' table 0x{{[0-9a-f]+}} <pairs.jt>, 2 x 8-byte entries
# LINKED:      gotfree-check: PASS: got=0 abs=0 textrel=0 stale=0 jump-table=0

# LINKEDBAD:      jump-table: 0x{{[0-9a-f]+}} <rel_none+0x15>: reloc-none: entry 2 -> 0x{{[0-9a-f]+}} <rel_none+0x25> is not an instruction boundary
# LINKEDBAD-NEXT: jump-table: 0x{{[0-9a-f]+}} <abs_none+0xe>: reloc-none: entry 1 -> 0x{{[0-9a-f]+}} <_start> is outside abs_none
# LINKEDBAD-NEXT: jump-table: 0x{{[0-9a-f]+}} <pairs+0xe>: tablejump-pairs: table 0x{{[0-9a-f]+}} <pairs.jt> has no sized STT_OBJECT symbol
# LINKEDBAD-NEXT: jump-table: 0x{{[0-9a-f]+}} <not_jmp+0x7>: reloc-none: annotation does not point at an indirect jmp ('movl $0x1, %eax')
# LINKEDBAD:      gotfree-check: FAIL: got=0 abs=0 textrel=0 stale=0 jump-table=4

# NORELOCS:      gotfree-check: {{.*}}, 0 static relocations
# NORELOCS-NEXT: jump-table: ok: 0x{{[0-9a-f]+}} <pairs+0xe>: tablejump-pairs: 'jmpq *(%rcx,%rax,8)' table 0x{{[0-9a-f]+}} <pairs.jt>, 2 x 8-byte entries
# NORELOCS:      gotfree-check: PASS

# OFF-NOT: jump-table:
# OFF: gotfree-check: PASS: got=0 abs=0 textrel=0 stale=0 jump-table=0
