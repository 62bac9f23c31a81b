// A stock objtool finds an 8-byte table by walking back from its jmp to the
// instruction that references the table. Without annotations
// (jump-tables=absolute-rip in a kernel), a table LEA hoisted out of the
// interpreter loop below is therefore copied back right before the jmp (the
// register already holds the table there, so no value changes), with a
// remark; with annotations, or outside kernels, the hoisted LEA stays alone.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -mno-red-zone -fplugin-arg-gotfree-jump-tables=absolute-rip -c %s -o %t.o -Rpass=gotfree 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -mno-red-zone -fplugin-arg-gotfree-jump-tables=absolute-rip -fplugin-arg-gotfree-jump-table-annotations=tablejump-pairs -c %s -o %t.ann.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.ann.o | FileCheck %s --check-prefix=ONE
// RUN: %clang_gf -O2 -fno-pie -fplugin-arg-gotfree-jump-tables=absolute-rip -c %s -o %t.user.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.user.o | FileCheck %s --check-prefix=ONE

// REMARK: remark: copied the LEA of jump table 0 to its dispatch, where objtool looks
// REMARK: remark: copied the LEA of C jump table interp.table to its dispatch, where objtool looks

// The same for a computed goto through a C jump table (the kernel's
// __annotate_jump_table arrays, ___bpf_prog_run), in every kernel build:
// objtool finds those by the same walk whatever the annotations.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -mno-red-zone -c %s -o %t.def.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.def.o | FileCheck %s --check-prefix=CTABLE
// CTABLE-LABEL: <interp>:
// CTABLE:       leaq (%rip), %[[C:r[0-9a-z]+]]
// CTABLE-NEXT:  R_X86_64_PC32 .data.rel.ro.c_jump_table-0x4
// CTABLE:       leaq (%rip), %[[C]]
// CTABLE-NEXT:  R_X86_64_PC32 .data.rel.ro.c_jump_table-0x4
// CTABLE-NEXT:  jmpq *(%[[C]],%r{{[a-z0-9]+}},8)

// CHECK-LABEL: <run>:
// CHECK:       leaq (%rip), %[[T:r[0-9a-z]+]]
// CHECK-NEXT:  R_X86_64_PC32 .rodata-0x4
// CHECK:       leaq (%rip), %[[T]]
// CHECK-NEXT:  R_X86_64_PC32 .rodata-0x4
// CHECK-NEXT:  jmpq *(%[[T]],%r{{[a-z0-9]+}},8)

// ONE-LABEL:  <run>:
// ONE:        R_X86_64_PC32 .{{rodata|data.rel.ro}}-0x4
// ONE-NOT:    R_X86_64_PC32 .{{rodata|data.rel.ro}}-0x4
// ONE:        jmpq *(%{{r[0-9a-z]+}},%r{{[a-z0-9]+}},8)

int step(int);
int run(const unsigned char *pc, int acc) {
  for (;;) {
    switch (*pc++) {
    case 0: acc += 1; break;
    case 1: acc ^= step(acc); break;
    case 2: acc *= 3; break;
    case 3: acc -= step(7); break;
    case 4: acc <<= 1; break;
    case 5: return acc;
    case 6: acc = step(acc) + 2; break;
    }
  }
}

int interp(const unsigned char *pc, int acc) {
  static const void *const table[]
      __attribute__((section(".data.rel.ro.c_jump_table"))) = {
          &&add, &&mul, &&call, &&out};
#define NEXT goto *table[*pc++ & 3]
  NEXT;
add:
  acc += 1;
  NEXT;
mul:
  acc *= 3;
  NEXT;
call:
  acc ^= step(acc);
  NEXT;
out:
  return acc;
}
