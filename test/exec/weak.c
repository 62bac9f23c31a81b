// Weak symbols: undefined weak variables and functions must compare equal to
// 0 (in the rewrite and PIE images alike), weak definitions are used when no
// strong one exists, and a strong definition in another file wins.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0 Os" %t %s %S/Inputs/extern-defs.c | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: undef: var=1 fn=1 arr=1 call=0
// CHECK-NEXT: weak def: 5 6 local=1
// CHECK-NEXT: overridden: 2
// CHECK-NEXT: exit: 0
// CHECK:      exec-diff: 6 of 6 match
//
// Undefined weak symbols get an absolute 64-bit address (the default
// weak=abs policy): a PC-relative one would not be 0 once the image moves.
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s --check-prefix=ASM
// RUN: llvm-readelf -r %t.rw.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// RUN: clang -O2 -fpie -fplugin=%gotfree_so -c %s -o %t.pie.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pie.o | FileCheck %s --check-prefix=ASM
// RUN: llvm-readelf -r %t.pie.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// ASM-LABEL: <undef_var_addr>:
// ASM:       movabsq $0x0, %rax
// ASM-NEXT:  R_X86_64_64 undef_weak
// ASM-LABEL: <weak_def_addr>:
// ASM:       leaq (%rip), %rax
// ASM-NEXT:  R_X86_64_PC32 weak_def-0x4
// RELOC: R_X86_64_64 {{.*}} undef_weak + 0
// RELOC: R_X86_64_64 {{.*}} undef_weak_fn + 0
// The weak=error policy refuses them instead.
// RUN: not clang -O2 -fpie -fplugin=%gotfree_so -fplugin-arg-gotfree-weak=error -c %s -o %t.err.o 2>&1 | FileCheck %s --check-prefix=ERR
// ERR: error: {{.*}}'undef_weak'
// RUN: not clang -O2 -g -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -fplugin-arg-gotfree-weak=error -c %s -o %t.err.o 2>&1 | FileCheck %s --check-prefix=ERR-RW
// ERR-RW: weak.c:[[@LINE+9]]:{{[0-9]+}}: error: {{.*}}extern_weak symbol 'undef_weak'
#include <stdio.h>

extern int undef_weak __attribute__((weak));
extern int undef_weak_arr[] __attribute__((weak));
extern void undef_weak_fn(void) __attribute__((weak));
int weak_def __attribute__((weak)) = 5;
__attribute__((weak)) int overridden(void) { return 1; }

__attribute__((noinline)) int *undef_var_addr(void) { return &undef_weak; }
__attribute__((noinline)) int *weak_def_addr(void) { return &weak_def; }

int main(void) {
  int called = 0;
  if (undef_weak_fn) {
    undef_weak_fn();
    called = 1;
  }
  printf("undef: var=%d fn=%d arr=%d call=%d\n", undef_var_addr() == 0,
         undef_weak_fn == 0, &undef_weak_arr[0] == 0, called);
  *weak_def_addr() += 1;
  printf("weak def: 5 %d local=%d\n", weak_def, weak_def_addr() == &weak_def);
  printf("overridden: %d\n", overridden());
  return 0;
}
