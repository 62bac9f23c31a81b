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
