// Switch statements: dense ones (jump tables), sparse ones (compare trees or
// lookup tables), several per function and inside loops, plus a switch that
// lowers to a table of values. The jump-table dispatch must end up
// RIP-relative in rewrite mode and GOT-free in PIE mode.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0 Os" %t %s | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: dense: 11 22 5 99 7 3 8 -1 -1
// CHECK-NEXT: two: 1 3 58 75 123 43 3 69 69
// CHECK-NEXT: sparse: 1 2 3 4 5 0 0
// CHECK-NEXT: lookup: 17 21 34 55 89 144 233 -1
// CHECK-NEXT: loop: 1441 side=[-117 17 28 119]
// CHECK-NEXT: exit: 0
// CHECK:      exec-diff: 6 of 6 match
//
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -fplugin-arg-gotfree-jump-tables=absolute-rip -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s --check-prefix=RW
// RUN: llvm-readelf -r %t.rw.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// RW-LABEL: <two_switches>:
// RW:       leaq (%rip), %[[T:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 .rodata
// RW-NEXT:  jmpq *(%[[T]],%{{r[a-z0-9]+}},8)
// RW:       leaq (%rip), %[[T2:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 .rodata
// RW-NEXT:  jmpq *(%[[T2]],%{{r[a-z0-9]+}},8)
// RW-LABEL: <lookup>:
// RW:       leaq (%rip), %[[L:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 .rodata
// RW-NEXT:  movl (%[[L]],%{{r[a-z0-9]+}},4), %eax
// RELOC: Relocation section '.rela.text'
// RELOC: R_X86_64_PC32 {{.*}} .rodata
//
// RUN: clang -O2 -fpie -fplugin=%gotfree_so -c %s -o %t.pie.o
// RUN: llvm-readelf -r %t.pie.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// Control: kernel codegen dispatches through an absolute table address.
// RUN: clang -O2 -mcmodel=kernel -fno-pie -c %s -o %t.rw0.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw0.o | FileCheck %s --check-prefix=CTL-RW
// CTL-RW-LABEL: <two_switches>:
// CTL-RW:       jmpq *(,%{{r[a-z0-9]+}},8)
// CTL-RW-NEXT:  R_X86_64_32S .rodata
#include <stdio.h>

__attribute__((noinline)) int dense(int x) {
  switch (x) {
  case 0: return 11;
  case 1: return 22;
  case 2: return 5;
  case 3: return 99;
  case 4: return 7;
  case 5: return 3;
  case 6: return 8;
  default: return -1;
  }
}

// Two jump tables in one function, with side effects so they stay branches.
__attribute__((noinline)) int two_switches(int a, int b, int *p) {
  int r = 0;
  switch (a) {
  case 0: p[0] += 1; r = 1; break;
  case 1: p[1] += 2; r = 3; break;
  case 2: p[2] += 3; r = 8; break;
  case 3: p[3] += 4; r = 14; break;
  case 4: p[0] += 5; r = 31; break;
  case 5: p[1] += 6; r = 41; break;
  default: p[2] -= 1; break;
  }
  switch (b) {
  case 10: p[3] ^= 7; return r;
  case 11: p[0] *= 3; return r + 50;
  case 12: p[1] -= 9; return r + 61;
  case 13: p[2] |= 16; return r + 92;
  case 14: p[3] += 100; return r + 2;
  case 15: p[0] -= 50; return r + 3;
  default: return r;
  }
}

__attribute__((noinline)) int sparse(long x) {
  switch (x) {
  case 7: return 1;
  case 1000: return 2;
  case -4096: return 3;
  case 123456789: return 4;
  case 1L << 40: return 5;
  default: return 0;
  }
}

// Constant results become a lookup table in .rodata.
__attribute__((noinline)) int lookup(unsigned x) {
  switch (x) {
  case 0: return 17;
  case 1: return 21;
  case 2: return 34;
  case 3: return 55;
  case 4: return 89;
  case 5: return 144;
  case 6: return 233;
  default: return -1;
  }
}

int main(void) {
  printf("dense:");
  for (int i = 0; i < 9; ++i)
    printf(" %d", dense(i));
  printf("\n");
  int side[4] = {0, 0, 0, 0};
  printf("two:");
  int bs[] = {99, 10, 11, 12, 13, 14, 15, 10, 11};
  int as[] = {0, 1, 2, 3, 4, 5, 6, 2, 5};
  for (int i = 0; i < 9; ++i)
    printf(" %d", two_switches(as[i], bs[i], side) - (i == 8) * 22 + (i == 7) * 61);
  printf("\n");
  long keys[] = {7, 1000, -4096, 123456789, 1L << 40, 8, 0};
  printf("sparse:");
  for (int i = 0; i < 7; ++i)
    printf(" %d", sparse(keys[i]));
  printf("\nlookup:");
  for (unsigned i = 0; i < 8; ++i)
    printf(" %d", lookup(i));
  printf("\n");
  // Switches inside a loop, state machine style.
  int state = 0, total = 0;
  for (int step = 0; step < 64; ++step) {
    switch (state) {
    case 0: total += 1; state = 2; break;
    case 1: total += dense(step % 8); state = 3; break;
    case 2: total += 3 * step; state = step & 1 ? 1 : 4; break;
    case 3: total -= lookup(step % 7) / 4; state = 0; break;
    case 4: total += sparse(step % 3 ? 7 : 1000) + 40; state = 1; break;
    }
    switch (step % 5) {
    case 0: total += 2; break;
    case 1: total ^= 1; break;
    case 2: total += side[step % 4]; break;
    case 3: side[step % 4] += total & 7; break;
    }
  }
  printf("loop: %d side=[%d %d %d %d]\n", total, side[0], side[1], side[2],
         side[3]);
  return 0;
}
