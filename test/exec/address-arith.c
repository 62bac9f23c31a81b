// Address arithmetic on globals, the forms kernel codegen turns into symbol
// immediates and displacements: symbol+offset stored to memory and compared,
// truncated to 32 bits, shifted, masked, scaled LEAs with an offset, 2-D
// arrays indexed by two registers, negative offsets, which kernel codegen
// keeps in a register beside the symbol, and tab(%r,%r). Values must match the
// baseline.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0 Os O3" %t %s | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: 1 1 1 1 42 h 3 1 0 1 1 1
// CHECK-NEXT: 11 4
// CHECK-NEXT: 4 2 32 16
// CHECK-NEXT: exit: 0
// CHECK:      exec-diff: 8 of 8 match
//
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s --check-prefix=RW
// RW-LABEL: <lo32>:
// RW-NEXT:  leaq (%rip), %rax
// RW-NEXT:  R_X86_64_PC32 g+0x8
// RW-LABEL: <cmpimm>:
// RW:       leaq (%rip), %[[R:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 g+0x24
// RW:       cmpq %[[R]], %rdi
// RW-LABEL: <storeaddr>:
// RW-DAG:   R_X86_64_PC32 g+0x10
// RW-DAG:   R_X86_64_PC32 .bss+0x{{[0-9a-f]+}}
// The negative offset goes back into the displacement; no register holds it.
// RW-LABEL: <lead>:
// RW-NEXT:  leaq (%rip), %[[T:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 .rodata-0x4
// RW-NEXT:  movzbl -0xc0(%rdi,%[[T]]), %eax
// RW-NEXT:  retq
// RW-LABEL: <before>:
// RW-NEXT:  leaq (%rip), %[[Q:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 gq-0x4
// RW-NEXT:  movq -0x18(%[[Q]],%rdi,8), %rax
// RW-NEXT:  retq
// RW-LABEL: <flag>:
// RW:       leaq (%rip), %[[F:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 flags-0x4
// RW-NEXT:  movzwl (%[[F]],%[[I:r[a-z0-9]+]],2), %eax
// Control: kernel codegen uses symbol immediates for all of these.
// RUN: clang -O2 -mcmodel=kernel -fno-pie -c %s -o %t.rw0.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw0.o | FileCheck %s --check-prefix=CTL
// CTL-LABEL: <cmpimm>:
// CTL:       cmpq $0x0, %rdi
// CTL-NEXT:  R_X86_64_32S g+0x28
// CTL-LABEL: <storeaddr>:
// CTL:       movq $0x0, (%rdi)
// CTL-NEXT:  R_X86_64_32S g+0x14
// CTL-LABEL: <lead>:
// CTL-NEXT:  movq $-0xc0, %rax
// CTL-NEXT:  movzbl (%rdi,%rax), %eax
// CTL-NEXT:  R_X86_64_32S .rodata
// CTL-LABEL: <before>:
// CTL-NEXT:  movq $-0x18, %rax
// CTL-NEXT:  movq (%rax,%rdi,8), %rax
// CTL-NEXT:  R_X86_64_32S gq
// CTL-LABEL: <flag>:
// CTL:       movzwl (%[[I:r[a-z0-9]+]],%[[I]]), %eax
// CTL-NEXT:  R_X86_64_32S flags
#include <stdint.h>
#include <stdio.h>
int g[100];
long gl = 5;
char gs[] = "abcdefghijklmnop";
static int sarr[4][8];
static const unsigned char trans[64] = {1, 2, 3, 4, 5, 6, 7, 8};
long gq[16] = {1, 2, 3, 4, 5, 6, 7, 8};
unsigned short flags[2] = {16, 32};
__attribute__((noinline)) unsigned lo32(void) {
  return (unsigned)(uintptr_t)&g[3];
}
__attribute__((noinline)) uintptr_t shifted(void) { return (uintptr_t)&g >> 3; }
__attribute__((noinline)) uintptr_t added(long i) {
  return (uintptr_t)&g + i * 40 + 8;
}
__attribute__((noinline)) int in_range(int *p) {
  return p >= &g[0] && p < &g[100];
}
__attribute__((noinline)) long diff(int *p) { return p - g; }
__attribute__((noinline)) long xor_addr(void) {
  return ((uintptr_t)&gl ^ (uintptr_t)&g) == ((uintptr_t)&g ^ (uintptr_t)&gl);
}
__attribute__((noinline)) char pick(long i) { return gs[i * 2 + 1]; }
__attribute__((noinline)) int s2(int a, int b) {
  return sarr[a][b] + sarr[a + 1][b - 1];
}
__attribute__((noinline)) void st(int i, int v) {
  g[i + 7] = v;
  sarr[i & 3][v & 7] = i;
}
__attribute__((noinline)) long andmask(void) { return (uintptr_t)&gl & 7; }
__attribute__((noinline)) int cmpimm(int *p) { return p == &g[10]; }
__attribute__((noinline)) void storeaddr(int **pp) {
  pp[0] = &g[5];
  pp[1] = &sarr[1][2];
}
__attribute__((noinline)) int lead(unsigned long c) { return trans[c - 0xc0]; }
__attribute__((noinline)) long before(long i) { return gq[i - 3]; }
__attribute__((noinline)) int flag(double r) { return flags[r != 0.0]; }
int main(void) {
  volatile uintptr_t vg = (uintptr_t)&g[3];
  int *pp[2];
  storeaddr(pp);
  st(2, 11);
  st(3, 4);
  printf("%d %d %d %d %d %c %d %d %d %d %d %d\n", lo32() == (unsigned)vg,
         shifted() == ((uintptr_t)g >> 3), added(2) == (uintptr_t)&g[22],
         in_range(&g[50]), (int)diff(&g[42]), pick(3), s2(2, 5),
         (int)xor_addr(), (int)andmask(), cmpimm(&g[10]), pp[0] == &g[5],
         pp[1] == &sarr[1][2]);
  printf("%d %d\n", g[9], g[10]);
  printf("%d %ld %d %d\n", lead(0xc3), before(4), flag(1.5), flag(0.0));
  return 0;
}
