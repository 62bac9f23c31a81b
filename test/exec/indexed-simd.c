// Memory operands of every shape on globals: 2-D arrays indexed by two
// variables, symbol+offset with an index, vectorized SSE/AVX2 loops over
// global arrays, atomics on globals, and an inline asm "m" operand that
// names a global.
// REQUIRES: x86_64-host-avx2
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0" --cflags "-mavx2" %t %s | FileCheck %s
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O3" %t.sse %s | FileCheck %s
// CHECK:      == baseline
// CHECK-NEXT: grid=50 diag=1360 tail=93
// CHECK-NEXT: dot=3141632 max=2048 sum=2096128
// CHECK-NEXT: atomic=1010 old=1000 cas=1 inc=3
// CHECK-NEXT: asm=42 asm2=43
// CHECK-NEXT: exit: 0
// CHECK:      exec-diff: {{[2-9]}} of {{[2-9]}} match
//
// RUN: clang -O2 -mavx2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s --check-prefix=RW
// RUN: llvm-readelf -r %t.rw.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// RUN: clang -O2 -mavx2 -fpie -fplugin=%gotfree_so -c %s -o %t.pie.o
// RUN: llvm-readelf -r %t.pie.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// RW-LABEL: <grid_at>:
// RW:       leaq (%rip), %[[G:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 grid-0x4
// RW:       movl (%r{{[a-z0-9]+}},%r{{[a-z0-9]+}},4), %eax
// The vectorized loop reads both arrays through RIP-based registers.
// RW-LABEL: <dot>:
// RW-DAG:   R_X86_64_PC32 va-0x4
// RW-DAG:   R_X86_64_PC32 vb-0x4
// RW:       vpmulld (%r{{[a-z0-9]+}},%r{{[a-z0-9]+}}), %ymm
// (An inline asm "m" operand on a global is RIP-relative even in plain
// kernel codegen, so only its run-time behaviour is compared here.)
// RELOC: R_X86_64_PC32 {{.*}} grid - 4
// Control: kernel codegen uses absolute displacements here.
// RUN: clang -O2 -mavx2 -mcmodel=kernel -fno-pie -c %s -o %t.rw0.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw0.o | FileCheck %s --check-prefix=CTL-RW
// CTL-RW-LABEL: <grid_at>:
// CTL-RW:       R_X86_64_32S grid
#include <stdio.h>

int grid[16][16];
int va[2048], vb[2048];
short tail_arr[64];
long counter = 1000;
int asm_var = 42;

__attribute__((noinline)) int grid_at(int r, int c) { return grid[r][c]; }
__attribute__((noinline)) int tail_at(int i) { return tail_arr[i + 40]; }

__attribute__((noinline)) int dot(int n) {
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += va[i] * vb[i];
  return s;
}

__attribute__((noinline)) int vmax(int n) {
  int m = va[0];
  for (int i = 1; i < n; ++i)
    m = va[i] + vb[i] > m ? va[i] + vb[i] : m;
  return m;
}

__attribute__((noinline)) void vfill(int n) {
  for (int i = 0; i < n; ++i) {
    va[i] = i;
    vb[i] = (i & 3) == 0 ? 4 : i & 1;
  }
}

__attribute__((noinline)) int asm_read(void) {
  int v;
  __asm__("movl %1, %0" : "=r"(v) : "m"(asm_var));
  return v;
}

__attribute__((noinline)) void asm_inc(void) {
  __asm__("incl %0" : "+m"(asm_var));
}

int main(int argc, char **argv) {
  (void)argv;
  for (int r = 0; r < 16; ++r)
    for (int c = 0; c < 16; ++c)
      grid[r][c] = r * c + r;
  int diag = 0;
  for (int i = 0; i < 16; ++i)
    diag += grid_at(i, i);
  for (int i = 0; i < 64; ++i)
    tail_arr[i] = (short)(i + 40);
  printf("grid=%d diag=%d tail=%d\n", grid_at(5, argc + 8), diag,
         tail_at(argc + 12));
  vfill(2048);
  long s = 0;
  for (int i = 0; i < 2048; ++i)
    s += va[i] + vb[i] - vb[i];
  printf("dot=%d max=%d sum=%ld\n", dot(2048), vmax(2048), s);
  long old = __atomic_fetch_add(&counter, 10, __ATOMIC_SEQ_CST);
  long expected = 1010;
  int cas = __atomic_compare_exchange_n(&counter, &expected, 1010, 0,
                                        __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  static int inc;
  __atomic_add_fetch(&inc, 1, __ATOMIC_RELAXED);
  __atomic_add_fetch(&inc, 2, __ATOMIC_RELAXED);
  printf("atomic=%ld old=%ld cas=%d inc=%d\n", counter, old, cas, inc);
  int a1 = asm_read();
  asm_inc();
  printf("asm=%d asm2=%d\n", a1, asm_read());
  return 0;
}
