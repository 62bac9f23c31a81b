// Varargs, setjmp/longjmp, block addresses with computed goto, and string
// literal tables: each in both gotfree modes against the non-PIE baseline.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0 Os" %t %s | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: sum=15 fmt=[a:1 b:two c:3.50]
// CHECK-NEXT: jmp: 1 caught=42 depth=3 g=9
// CHECK-NEXT: goto: 10 3 25 6 -1
// CHECK-NEXT: labels: 1 1 12
// CHECK-NEXT: words: red green blue|bue
// CHECK-NEXT: exit: 3
// CHECK:      exec-diff: 6 of 6 match
//
// Block addresses: kernel codegen stores "$.Ltmp" immediates; gotfree makes
// them RIP-relative.
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s --check-prefix=RW
// RUN: llvm-readelf -r %t.rw.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// RW-LABEL: <run>:
// RW:       leaq (%rip), %[[T:r[a-z0-9]+]]
// RW-NEXT:  R_X86_64_PC32 .rodata-0x4
// RW-NEXT:  jmpq *(%[[T]],%{{r[a-z0-9]+}},8)
// RW-LABEL: <label_addrs>:
// RW-NEXT:  leaq 0x{{[0-9a-f]+}}(%rip), %[[A:r[a-z0-9]+]]
// RW-NEXT:  movq %[[A]], (%rsi)
// RELOC: Relocation section '.rela.text'
// RELOC: R_X86_64_PLT32 {{.*}} _setjmp
// RUN: clang -O2 -fpie -fplugin=%gotfree_so -c %s -o %t.pie.o
// RUN: llvm-readelf -r %t.pie.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// RUN: clang -O2 -mcmodel=kernel -fno-pie -c %s -o %t.rw0.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw0.o | FileCheck %s --check-prefix=CTL-RW
// CTL-RW-LABEL: <run>:
// CTL-RW:       jmpq *(,%{{r[a-z0-9]+}},8)
// CTL-RW-NEXT:  R_X86_64_32S .rodata
// CTL-RW-LABEL: <label_addrs>:
// CTL-RW-NEXT:  movq $0x0, (%rsi)
// CTL-RW-NEXT:  R_X86_64_32S .text
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int sum_ints(int n, ...) {
  va_list ap;
  va_start(ap, n);
  int s = 0;
  for (int i = 0; i < n; ++i)
    s += va_arg(ap, int);
  va_end(ap);
  return s;
}

static char fmt_buf[64];
__attribute__((noinline)) static void fmt(const char *f, ...) {
  va_list ap;
  va_start(ap, f);
  vsnprintf(fmt_buf, sizeof(fmt_buf), f, ap);
  va_end(ap);
}

static jmp_buf env;
int g_jmp;
__attribute__((noinline)) static void dive(int depth) {
  g_jmp += depth;
  if (depth == 3)
    longjmp(env, 42);
  dive(depth + 1);
}

// Computed goto over a table of label addresses (a tiny bytecode loop).
__attribute__((noinline)) int run(const unsigned char *code, int acc) {
  static const void *ops[] = {&&op_add, &&op_mul, &&op_neg, &&op_end};
  goto *ops[*code++];
op_add:
  acc += *code++;
  goto *ops[*code++];
op_mul:
  acc *= *code++;
  goto *ops[*code++];
op_neg:
  acc = -acc;
  goto *ops[*code++];
op_end:
  return acc;
}

// A label address as a value, compared and used.
__attribute__((noinline)) int label_addrs(int x, void **out) {
  void *target = x ? &&one : &&two;
  *out = target;
  goto *target;
one:
  return 1;
two:
  return 2;
}

static const char *const words[] = {"red", "green", "blue"};

int main(void) {
  fmt("a:%d b:%s c:%.2f", 1, "two", 3.5);
  printf("sum=%d fmt=[%s]\n", sum_ints(5, 1, 2, 3, 4, 5), fmt_buf);
  volatile int first = 1;
  int rc = setjmp(env);
  if (rc == 0) {
    dive(0);
    first = 0;
  }
  printf("jmp: %d caught=%d depth=3 g=%d\n", (int)first, rc, g_jmp + 3);
  const unsigned char p1[] = {0, 5, 1, 2, 3};
  const unsigned char p2[] = {0, 1, 3};
  const unsigned char p3[] = {1, 5, 3};
  const unsigned char p4[] = {0, 3, 1, 2, 3};
  const unsigned char p5[] = {2, 3};
  printf("goto: %d %d %d %d %d\n", run(p1, 0), run(p2, 2), run(p3, 5),
         run(p4, 0), run(p5, 1));
  void *a1, *a2, *a3;
  int r1 = label_addrs(1, &a1), r2 = label_addrs(0, &a2);
  label_addrs(1, &a3);
  printf("labels: %d %d %d\n", a1 == a3, a2 != 0, r1 * 10 + r2);
  char buf[32];
  strcpy(buf, words[2] + 1);
  printf("words: %s %s %s|%c%s\n", words[0], words[1], words[2],
         "abc"[1], buf + 1);
  return (int)strlen(words[0]);
}
