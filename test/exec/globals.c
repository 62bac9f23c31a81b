// Globals, arrays indexed by variables, struct arrays, static locals, string
// literals and large arrays, in one file and across translation units, built
// as a static non-PIE baseline and in both gotfree modes; outputs must match.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0 Os" %t %s %S/Inputs/extern-defs.c | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: counter=7 via ptr=7
// CHECK-NEXT: counter=10
// CHECK-NEXT: hidden[k]=9 get=16
// CHECK-NEXT: big[k]=0 big[4000]=44 big_bss=9,5 sum=9
// CHECK-NEXT: pt(k)=four 7 8 ptx=13
// CHECK-NEXT: names[k]=delta strlen=5
// CHECK-NEXT: end-begin=4 end_ok=1
// CHECK-NEXT: counter_ptr_ok=1
// CHECK-NEXT: ids=100,101,102
// CHECK-NEXT: ing literal|z
// CHECK-NEXT: ext: 45 three 40 arr=6 same=1
// CHECK-NEXT: exit: 10
// CHECK:      exec-diff: 6 of 6 match
//
// Rewrite mode: the indexed access keeps its index register and gets a
// RIP-relative base instead of an absolute 32S displacement.
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s --check-prefix=RW
// RUN: llvm-readelf -r %t.rw.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// RW-LABEL: <idx_hidden>:
// RW:       leaq (%rip), %[[R:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 .bss-0x4
// RW-NEXT:  movl (%[[R]],%rdi,4), %eax
// RW-LABEL: <idx_ext>:
// RW:       leaq (%rip), %[[R:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 ext_arr-0x4
// RW-NEXT:  movl (%[[R]],%{{r[a-z0-9]+}},4), %eax
// RW-LABEL: <next_id>:
// RW:       movl (%rip), %eax
// RW-NEXT:  R_X86_64_PC32 .data
// RELOC: R_X86_64_PC32 {{.*}} ext_arr - 4
// RELOC: R_X86_64_PC32 {{.*}} ext_var - 4
//
// PIE mode: the external variables are reached directly, not via the GOT.
// RUN: clang -O2 -fpie -fplugin=%gotfree_so -c %s -o %t.pie.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pie.o | FileCheck %s --check-prefix=PIE
// RUN: llvm-readelf -r %t.pie.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// PIE-LABEL: <idx_ext>:
// PIE:       leaq (%rip), %[[R:r[a-z0-9]+]]
// PIE-NEXT:  R_X86_64_PC32 ext_arr-0x4
// PIE-NEXT:  movl (%[[R]],%{{r[a-z0-9]+}},4), %eax
//
// Controls: the same inputs without the plugin need 32S / GOTPCREL.
// RUN: clang -O2 -mcmodel=kernel -fno-pie -c %s -o %t.rw0.o
// RUN: llvm-readelf -r %t.rw0.o | FileCheck %s --check-prefix=CTL-RW
// RUN: clang -O2 -fpie -c %s -o %t.pie0.o
// RUN: llvm-readelf -r %t.pie0.o | FileCheck %s --check-prefix=CTL-PIE
// CTL-RW:  R_X86_64_32S {{.*}} ext_arr + 0
// CTL-PIE: R_X86_64_REX_GOTPCRELX {{.*}} ext_arr - 4
#include "Inputs/extern-defs.h"
#include <stdio.h>
#include <string.h>

struct point {
  int x, y;
  const char *name;
};

int counter = 7;
long big_init[4096] = {1, 2, 3, [4000] = 44};
unsigned char big_bss[1 << 20];
struct point pts[] = {
    {1, 2, "one"}, {3, 4, "two"}, {5, 6, "three"}, {7, 8, "four"}};
const char *names[] = {"alpha", "beta", "gamma", "delta"};
int *counter_ptr = &counter;
struct point *pts_end = &pts[4];
static int hidden[16];

__attribute__((noinline)) int get(int *arr, int i) { return arr[i]; }
__attribute__((noinline)) int idx_hidden(int i) { return hidden[i & 15]; }
__attribute__((noinline)) long idx_big(int i) { return big_init[i]; }
__attribute__((noinline)) struct point *pt(int i) { return &pts[i]; }
__attribute__((noinline)) int ptx(int i) { return pts[i].y + pts[i + 1].x; }
__attribute__((noinline)) int idx_ext(int i) { return ext_arr[i]; }

__attribute__((noinline)) int next_id(void) {
  static int id = 100;
  return id++;
}

int main(int argc, char **argv) {
  (void)argv;
  volatile int k = argc + 2; // 3 when run without arguments
  for (int i = 0; i < 16; ++i)
    hidden[i] = i * i;
  big_bss[k * 1000] = 9;
  big_bss[(1 << 20) - 1] = 5;
  long sum = 0;
  for (int i = 0; i < (1 << 20); i += 4096)
    sum += big_bss[i + k * 1000 % 4096];
  printf("counter=%d via ptr=%d\n", counter, *counter_ptr);
  *counter_ptr += k;
  printf("counter=%d\n", counter);
  printf("hidden[k]=%d get=%d\n", idx_hidden(k), get(hidden, k + 1));
  printf("big[k]=%ld big[4000]=%ld big_bss=%d,%d sum=%ld\n", idx_big(k),
         idx_big(4000), big_bss[k * 1000], big_bss[(1 << 20) - 1], sum);
  printf("pt(k)=%s %d %d ptx=%d\n", pt(k)->name, pt(k)->x, pt(k)->y,
         ptx(k - 1));
  printf("names[k]=%s strlen=%zu\n", names[k], strlen(names[k - 1]));
  printf("end-begin=%ld end_ok=%d\n", (long)(pts_end - pts),
         pts_end == &pts[4]);
  printf("counter_ptr_ok=%d\n", counter_ptr == &counter);
  int a = next_id(), b = next_id(), c = next_id();
  printf("ids=%d,%d,%d\n", a, b, c);
  const char *s = "string literal";
  char buf[32];
  strcpy(buf, s + k);
  printf("%s|%c\n", buf, "xyz"[k - 1]);
  ext_arr[k] = k * 2;
  int *ep = &ext_var;
  printf("ext: %d %s %ld arr=%d same=%d\n", ext_var + k, ext_strs[k],
         ext_recs[k].val, idx_ext(k), ep == &ext_var);
  return counter & 0x7f;
}
