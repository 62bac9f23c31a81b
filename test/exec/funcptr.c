// Function pointers: tables of them (local and external), addresses of
// functions stored, passed on the stack, compared, and called indirectly;
// the address of an external function and of a libc function (strlen is an
// IFUNC in static glibc) must be the same wherever it is taken.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0 Os" %t %s %S/Inputs/extern-defs.c | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: table: 8 4 12 3 8 4
// CHECK-NEXT: ext table: 7 12 12
// CHECK-NEXT: many: 6 1 1 1 0
// CHECK-NEXT: cmp: 1 1 1 0 1 1
// CHECK-NEXT: sorted: 1 2 3 5 8 9
// CHECK-NEXT: dispatch: 244
// CHECK-NEXT: exit: 0
// CHECK:      exec-diff: 6 of 6 match
//
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s --check-prefix=RW
// RUN: llvm-readelf -r %t.rw.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// A function address compared or stored is materialized with a LEA.
// RW-LABEL: <is_add>:
// RW:       leaq (%rip), %[[R:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 ext_add-0x4
// RW:       cmpq %[[R]], %rdi
// RW-LABEL: <call_slot>:
// RW:       leaq (%rip), %[[T:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 ops-0x4
// RW-NEXT:  movq (%[[T]],%{{r[a-z0-9]+}},8), %rax
// Stack arguments that were "pushq $sym" become LEA + register push.
// RW-LABEL: <call_many>:
// RW-DAG:   leaq (%rip), %[[V:r[a-z0-9]+]]
// RW-DAG:   R_X86_64_PC32 ext_var-0x4
// RW:       pushq %[[V]]
// The table itself holds absolute 64-bit addresses (run-time RELATIVE).
// RELOC: Relocation section '.rela.data
// RELOC: R_X86_64_64 {{.*}} op_or + 0
//
// RUN: clang -O2 -fpie -fplugin=%gotfree_so -c %s -o %t.pie.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pie.o | FileCheck %s --check-prefix=PIE
// RUN: llvm-readelf -r %t.pie.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// PIE-LABEL: <is_add>:
// PIE:       leaq (%rip), %[[R:r[a-z0-9]+]]
// PIE-NEXT:  R_X86_64_PC32 ext_add-0x4
// PIE:       cmpq %[[R]], %rdi
// PIE-LABEL: <strlen_addr>:
// PIE:       leaq (%rip), %rax
// PIE-NEXT:  R_X86_64_PC32 strlen-0x4
// Controls: without the plugin, kernel codegen pushes and compares absolute
// symbols, and plain -fpie takes these addresses from the GOT.
// RUN: clang -O2 -mcmodel=kernel -fno-pie -c %s -o %t.rw0.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw0.o | FileCheck %s --check-prefix=CTL-RW
// CTL-RW-LABEL: <is_add>:
// CTL-RW:       cmpq $0x0, %rdi
// CTL-RW-NEXT:  R_X86_64_32S ext_add
// CTL-RW-LABEL: <call_many>:
// CTL-RW:       pushq $0x0
// CTL-RW-NEXT:  R_X86_64_32S ext_var
// RUN: clang -O2 -fpie -c %s -o %t.pie0.o
// RUN: llvm-readelf -r %t.pie0.o | FileCheck %s --check-prefix=CTL-PIE
// CTL-PIE: R_X86_64_REX_GOTPCRELX {{.*}} ext_add - 4
#include "Inputs/extern-defs.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*binop)(int, int);

static int op_add(int a, int b) { return a + b; }
static int op_sub(int a, int b) { return a - b; }
static int op_mul(int a, int b) { return a * b; }
static int op_div(int a, int b) { return b ? a / b : 0; }
int op_or(int a, int b) { return a | b; }
int op_xor(int a, int b) { return a ^ b; }

binop ops[] = {op_add, op_sub, op_mul, op_div, op_or, op_xor};
const binop ext_ops[] = {ext_add, ext_mul, 0};
binop saved;

__attribute__((noinline)) int is_add(binop f) { return f == ext_add; }
__attribute__((noinline)) int call_slot(int i, int a, int b) {
  return ops[i](a, b);
}
__attribute__((noinline)) size_t (*strlen_addr(void))(const char *) {
  return strlen;
}

// More than six arguments: the last ones go on the stack (pushq at -Os).
__attribute__((noinline)) int many(int n, binop a, binop b, binop c, binop d,
                                   binop e, binop f, binop g, int *h) {
  int r = g(n, 1) + *h;
  return r + (a == op_add) + (b == op_sub) + (c == op_mul) + (d != op_div) +
         (e == op_or) + (f == op_xor) - 6;
}

__attribute__((noinline)) int call_many(int n) {
  return many(n, op_add, op_sub, op_mul, op_div, op_or, op_xor, op_add,
              &ext_var);
}

static int cmp_int(const void *a, const void *b) {
  return *(const int *)a - *(const int *)b;
}

int main(void) {
  volatile int a = 5, b = 2;
  printf("table:");
  for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); ++i)
    printf(" %d", call_slot(i, a + 1, b) + (i == 4) * 2);
  printf("\n");
  ext_recs[0].key = 0;
  int (*const volatile indirect)(int, int) = ext_ops[1];
  printf("ext table: %d %d %d\n", ext_ops[0](a, b), ext_op_ptr(6, b),
         indirect(3, 4));
  printf("many: %d %d %d %d %d\n",
         call_many(a) - 42 + 1,
         is_add(ext_add), is_add(ext_ops[0]), is_add(ext_op_ptr) == 0,
         is_add(op_add));
  saved = op_mul;
  size_t (*sl)(const char *) = strlen;
  printf("cmp: %d %d %d %d %d %d\n", saved == ops[2], ext_op_ptr == ext_mul,
         sl == strlen_addr(), saved == ops[3], strlen_addr()("x") == 1,
         (void *)&printf != (void *)&puts);
  int v[] = {5, 3, 9, 1, 8, 2};
  qsort(v, 6, sizeof(int), cmp_int);
  printf("sorted: %d %d %d %d %d %d\n", v[0], v[1], v[2], v[3], v[4], v[5]);
  binop chain[] = {ext_add, op_mul, ext_mul, op_sub};
  int acc = 1;
  for (int i = 0; i < 4; ++i)
    acc = chain[i](acc, a + i);
  printf("dispatch: %d\n", acc);
  return 0;
}
