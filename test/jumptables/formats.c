// Jump-table layouts (design.md "Jump tables") in both modes: the dispatch
// code and the relocations of the tables.
//
// Rewrite mode, absolute-rip (what 6.1's objtool follows): lea tbl(%rip);
// jmp *(t,i,8) and 8-byte entries (R_X86_64_64). keep is the same in rewrite
// mode. A kernel (-mcmodel=kernel) keeps the table in .rodata, which its
// relocs tool relocates and where objtool looks for it; anything else gets it
// in .data.rel.ro (relro=auto), where a static PIE's loader relocates it.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-jump-tables=absolute-rip -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s --check-prefix=ABS -DSEC=.rodata
// RUN: llvm-readelf -r %t.rw.o | FileCheck %s --check-prefix=ABS-REL -DSEC=.rodata --implicit-check-not=R_X86_64_32
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-jump-tables=keep -c %s -o %t.keep.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.keep.o | FileCheck %s --check-prefix=ABS -DSEC=.rodata
// RUN: llvm-readelf -r %t.keep.o | FileCheck %s --check-prefix=ABS-REL -DSEC=.rodata --implicit-check-not=R_X86_64_32
// RUN: %clang_gf -O2 -fno-pie -fplugin-arg-gotfree-jump-tables=absolute-rip -c %s -o %t.rwsmall.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rwsmall.o | FileCheck %s --check-prefix=ABS -DSEC=.data.rel.ro
// RUN: llvm-readelf -r %t.rwsmall.o | FileCheck %s --check-prefix=ABS-REL -DSEC=.data.rel.ro --implicit-check-not=R_X86_64_32
// RUN: llvm-readelf -S %t.rwsmall.o | FileCheck %s --check-prefix=RELRO
// RUN: %clang_gf -O2 -fno-pie -fplugin-arg-gotfree-jump-tables=keep -c %s -o %t.keepsmall.o
// RUN: llvm-readelf -r %t.keepsmall.o | FileCheck %s --check-prefix=ABS-REL -DSEC=.data.rel.ro --implicit-check-not=R_X86_64_32
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-relro=on \
// RUN:   -fplugin-arg-gotfree-jump-tables=absolute-rip -c %s -o %t.rwrelro.o
// RUN: llvm-readelf -r %t.rwrelro.o | FileCheck %s --check-prefix=ABS-REL -DSEC=.data.rel.ro --implicit-check-not=R_X86_64_32
// ABS-LABEL: <sw>:
// ABS:       leaq (%rip), %[[T:r[a-z0-9]+]]
// ABS-NEXT:  R_X86_64_PC32 [[SEC]]-0x4
// ABS-NEXT:  jmpq *(%[[T]],%{{r[a-z0-9]+}},8)
// ABS-REL:   Relocation section '.rela[[SEC]]'
// ABS-REL-COUNT-5: R_X86_64_64 {{.*}} .text +
// RELRO: .data.rel.ro PROGBITS {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} WA
//
// Rewrite mode, relative (the default in a kernel): 4-byte entries relative
// to the table, written by gotfree; PC32 relocations only, none in need of a
// runtime relocation.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -c %s -o %t.rel.o
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-jump-tables=relative -c %s -o %t.rel2.o
// RUN: cmp %t.rel.o %t.rel2.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rel.o | FileCheck %s --check-prefix=REL
// RUN: llvm-readelf -r %t.rel.o | FileCheck %s --check-prefixes=REL-REL,REL-ANNOT --implicit-check-not=R_X86_64_64 --implicit-check-not=R_X86_64_32
// The entries: .text + (block - table) + (entry offset), i.e. block - entry.
// RUN: llvm-readelf -r %t.rel.o | FileCheck %s --check-prefix=REL-ADDEND
// REL-LABEL: <sw>:
// REL:       leaq (%rip), %[[T:r[a-z0-9]+]]
// REL-NEXT:  R_X86_64_PC32 .rodata-0x4
// REL-NEXT:  movslq (%[[T]],%[[I:r[a-z0-9]+]],4), %[[O:r[a-z0-9]+]]
// REL-NEXT:  addq %[[T]], %[[O]]
// REL-NEXT:  jmpq *%[[O]]
// REL-NEXT:  jmp 0x[[B0:[0-9a-f]+]]
// REL-REL:   Relocation section '.rela.rodata'
// REL-REL-COUNT-5: R_X86_64_PC32 {{.*}} .text +
// A kernel's relative tables are annotated by default for objtool: one
// {jmp, table} pair in .discard.tablejump_annotate (no run-time relocation:
// the linker script discards it). Outside kernels nothing is annotated.
// REL-ANNOT:      Relocation section '.rela.discard.tablejump_annotate'
// REL-ANNOT-NEXT: Offset
// REL-ANNOT-NEXT: R_X86_64_64 {{.*}} .text + 15
// REL-ANNOT-NEXT: R_X86_64_64 {{.*}} .rodata + 0
// REL-ADDEND: Relocation section '.rela.rodata'
// REL-ADDEND-NEXT: Offset
// REL-ADDEND-NEXT: 0000000000000000 {{.*}} R_X86_64_PC32 {{.*}} .text + 17
//
// PIE mode, relative: isel's own tables.
// RUN: %clang_gf -O2 -fpie -fplugin-arg-gotfree-jump-tables=relative -c %s -o %t.pierel.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pierel.o | FileCheck %s --check-prefix=REL
// RUN: llvm-readelf -r %t.pierel.o | FileCheck %s --check-prefix=REL-REL --implicit-check-not=R_X86_64_64 --implicit-check-not=GOT
//
// PIE mode, absolute-rip: the entry load becomes the jump's memory operand,
// and the table lives in .data.rel.ro. It is the default (auto) outside a
// kernel, in either mode.
// RUN: %clang_gf -O2 -fpie -fplugin-arg-gotfree-jump-tables=absolute-rip -c %s -o %t.pieabs.o
// RUN: %clang_gf -O2 -fpie -c %s -o %t.pie.o
// RUN: %clang_gf -O2 -fpie -fplugin-arg-gotfree-jump-tables=auto -c %s -o %t.pieauto.o
// RUN: cmp %t.pie.o %t.pieabs.o
// RUN: cmp %t.pieauto.o %t.pieabs.o
// RUN: %clang_gf -O2 -fno-pie -c %s -o %t.rwsmalldefault.o
// RUN: cmp %t.rwsmalldefault.o %t.rwsmall.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pieabs.o | FileCheck %s --check-prefix=ABS -DSEC=.data.rel.ro
// RUN: llvm-readelf -r %t.pieabs.o | FileCheck %s --check-prefix=ABS-REL -DSEC=.data.rel.ro --implicit-check-not=GOT
// The same at -O0 (isel loads the entry into a register there).
// RUN: %clang_gf -O0 -fpie -fplugin-arg-gotfree-jump-tables=absolute-rip -c %s -o %t.pieabs0.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pieabs0.o | FileCheck %s --check-prefix=ABS -DSEC=.data.rel.ro
//
// none: no table, in either mode, and no lookup table either.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-jump-tables=none -c %s -o %t.none.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.none.o | FileCheck %s --check-prefix=NONE
// RUN: llvm-readelf -S %t.none.o | FileCheck %s --check-prefix=NONE-SEC
// RUN: %clang_gf -O2 -fpie -fplugin-arg-gotfree-jump-tables=none -c %s -o %t.pienone.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pienone.o | FileCheck %s --check-prefix=NONE
// RUN: llvm-readelf -S %t.pienone.o | FileCheck %s --check-prefix=NONE-SEC
// NONE-NOT:     jmpq *
// NONE-SEC-NOT: .rela.rodata
// Control: without the option the same code has a table.
// RUN: llvm-readelf -S %t.pierel.o | FileCheck %s --check-prefix=CTL-SEC
// CTL-SEC: .rela.rodata

void f1(void);
void f2(void);
void f3(void);
void f4(void);
void f5(void);
int lut(int x);

void sw(int x) {
  switch (x) {
  case 0: f1(); break;
  case 1: f2(); break;
  case 2: f3(); break;
  case 3: f4(); break;
  case 4: f5(); break;
  }
}

// Constant results: a lookup table unless jump tables are disabled.
int lut(int x) {
  switch (x) {
  case 0: return 17;
  case 1: return 21;
  case 2: return 34;
  case 3: return 55;
  case 4: return 89;
  default: return -1;
  }
}
