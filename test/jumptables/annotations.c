// Jump-table annotations for objtool, one per format, on the jump itself.
//
// reloc-none: R_X86_64_NONE at the jmp against the table, and the table an
// STT_OBJECT symbol covering exactly its entries (5 x 8 bytes here).
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-jump-tables=absolute-rip -fplugin-arg-gotfree-jump-table-annotations=reloc-none -c %s -o %t.none.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.none.o | FileCheck %s --check-prefix=RELOC
// RUN: llvm-readelf -s %t.none.o | FileCheck %s --check-prefix=OBJ40
// RELOC-LABEL: <sw>:
// RELOC:       [[JMP:[0-9a-f]+]]: jmpq *(%{{r[a-z0-9]+}},%{{r[a-z0-9]+}},8)
// RELOC-NEXT:  {{0*}}[[JMP]]: R_X86_64_NONE __gotfree_jt0_0
// OBJ40:       40 OBJECT LOCAL DEFAULT {{[0-9]+}} __gotfree_jt0_0
// With relative tables, 5 x 4 bytes.
// RUN: %clang_gf -O2 -fpie -fplugin-arg-gotfree-jump-tables=relative -fplugin-arg-gotfree-jump-table-annotations=reloc-none -c %s -o %t.none-pie.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.none-pie.o | FileCheck %s --check-prefix=RELOC-REL
// RUN: llvm-readelf -s %t.none-pie.o | FileCheck %s --check-prefix=OBJ20
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-jump-tables=relative -fplugin-arg-gotfree-jump-table-annotations=reloc-none -c %s -o %t.none-rel.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.none-rel.o | FileCheck %s --check-prefix=RELOC-REL
// RUN: llvm-readelf -s %t.none-rel.o | FileCheck %s --check-prefix=OBJ20
// RELOC-REL-LABEL: <sw>:
// RELOC-REL:       [[JMP:[0-9a-f]+]]: jmpq *%{{r[a-z0-9]+}}
// RELOC-REL-NEXT:  {{0*}}[[JMP]]: R_X86_64_NONE __gotfree_jt0_0
// OBJ20:           20 OBJECT LOCAL DEFAULT {{[0-9]+}} __gotfree_jt0_0
//
// annotate-insn: {.long jmp - .; .long TYPE} in a mergeable section with
// 8-byte entries; TYPE 9 (ANNOTYPE_JUMP_TABLE) unless set.
// RUN: %clang_gf -O2 -fpie -fplugin-arg-gotfree-jump-tables=relative -fplugin-arg-gotfree-jump-table-annotations=annotate-insn -fplugin-arg-gotfree-annotate-insn-type=9 -c %s -o %t.insn.o
// RUN: llvm-objdump -d --no-show-raw-insn %t.insn.o | FileCheck %s --check-prefix=DISPATCH
// RUN: llvm-readelf -S -r -x .discard.annotate_insn %t.insn.o | FileCheck %s --check-prefix=INSN
// RUN: llvm-readelf -s %t.insn.o | FileCheck %s --check-prefix=OBJ20
// RUN: %clang_gf -O2 -fpie -fplugin-arg-gotfree-jump-tables=relative -fplugin-arg-gotfree-jump-table-annotations=annotate-insn -fplugin-arg-gotfree-annotate-insn-type=42 -c %s -o %t.insn42.o
// RUN: llvm-readelf -x .discard.annotate_insn %t.insn42.o | FileCheck %s --check-prefix=INSN42
// DISPATCH: 15: jmpq *%rax
// INSN:      .discard.annotate_insn PROGBITS {{[0-9a-f]+}} {{[0-9a-f]+}} 000008 08 M
// INSN:      Relocation section '.rela.discard.annotate_insn'
// INSN-NEXT: Offset
// INSN-NEXT: 0000000000000000 {{.*}} R_X86_64_PC32 {{.*}} .text + 15
// INSN:      0x00000000 00000000 09000000
// INSN42:    0x00000000 00000000 2a000000
//
// tablejump-pairs: {.quad jmp, .quad table}.
// RUN: %clang_gf -O2 -fpie -fplugin-arg-gotfree-jump-tables=relative -fplugin-arg-gotfree-jump-table-annotations=tablejump-pairs -c %s -o %t.pairs.o
// RUN: llvm-objdump -d --no-show-raw-insn %t.pairs.o | FileCheck %s --check-prefix=DISPATCH
// RUN: llvm-readelf -r %t.pairs.o | FileCheck %s --check-prefix=PAIRS
// RUN: llvm-readelf -s %t.pairs.o | FileCheck %s --check-prefix=OBJ20
// PAIRS:      Relocation section '.rela.discard.tablejump_annotate'
// PAIRS-NEXT: Offset
// PAIRS-NEXT: 0000000000000000 {{.*}} R_X86_64_64 {{.*}} .text + 15
// PAIRS-NEXT: 0000000000000008 {{.*}} R_X86_64_64 {{.*}} .rodata + 0
//
// Without the option nothing is added.
// RUN: %clang_gf -O2 -fpie -fplugin-arg-gotfree-jump-tables=relative -c %s -o %t.plain.o
// RUN: llvm-readelf -S -r -s %t.plain.o | FileCheck %s --check-prefix=PLAIN
// PLAIN-NOT: discard
// PLAIN-NOT: R_X86_64_NONE
// PLAIN-NOT: __gotfree_jt
//
// The checker reads each object back: every indirect jmp is annotated and
// each table entry lands on an instruction boundary of its function. It
// fails on an object without annotations.
// RUN: python3 %S/Inputs/jt-check.py --format reloc-none --require-all %t.none.o | FileCheck %s --check-prefix=CHK
// RUN: python3 %S/Inputs/jt-check.py --format reloc-none --require-all %t.none-rel.o | FileCheck %s --check-prefix=CHK
// RUN: python3 %S/Inputs/jt-check.py --format annotate-insn --require-all %t.insn.o | FileCheck %s --check-prefix=CHK
// RUN: python3 %S/Inputs/jt-check.py --format tablejump-pairs --require-all %t.pairs.o | FileCheck %s --check-prefix=CHK
// RUN: not python3 %S/Inputs/jt-check.py --format annotate-insn --type 42 --require-all %t.insn.o | FileCheck %s --check-prefix=CHK-BAD
// RUN: not python3 %S/Inputs/jt-check.py --format reloc-none --require-all %t.plain.o | FileCheck %s --check-prefix=CHK-BAD
// CHK:     jt-check: 1 annotated jumps, 5 table entries, 0 problems
// CHK-BAD: indirect jmp 'jmpq *%rax' without a valid annotation
// CHK-BAD: jt-check: 0 annotated jumps, 0 table entries, 1 problems
//
// gotfree-check, written independently, agrees.
// RUN: %if gotfree-check %{ %gotfree_check %t.none-rel.o | FileCheck %s --check-prefix=GFC %}
// RUN: %if gotfree-check %{ %gotfree_check %t.insn.o | FileCheck %s --check-prefix=GFC %}
// RUN: %if gotfree-check %{ %gotfree_check %t.pairs.o | FileCheck %s --check-prefix=GFC %}
// GFC: jump-table: ok: .text+0x{{[0-9a-f]+}} <sw+0x{{[0-9a-f]+}}>: {{[a-z-]+}}: 'jmpq *%{{[a-z0-9]+}}' table .rodata+0x0 <__gotfree_jt0_0>, 5 x 4-byte entries, all on instruction boundaries in sw
// GFC: gotfree-check: PASS
//
// The full matrix on Inputs/switches.c: both modes, relative and
// absolute-rip, every annotation, -O0/-O2/-Os.
// RUN: bash %S/Inputs/check-matrix.sh %gotfree_so %t.matrix %S/Inputs/switches.c | FileCheck %s --check-prefix=MATRIX
// MATRIX: check-matrix: 36 of 36 objects valid, {{[0-9]+}} annotated jumps

void f1(void);
void f2(void);
void f3(void);
void f4(void);
void f5(void);
void sw(int x) {
  switch (x) {
  case 0: f1(); break;
  case 1: f2(); break;
  case 2: f3(); break;
  case 3: f4(); break;
  case 4: f5(); break;
  }
}
