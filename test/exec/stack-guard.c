// Stack protector with a global guard (-mstack-protector-guard=global, as
// kernels without per-CPU canaries use): the guard is an external variable,
// reached RIP-relatively in both modes, not through the GOT.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0" --cflags "-fstack-protector-all -mstack-protector-guard=global" %t %s %S/Inputs/stack-guard-def.c | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: hello guard 11
// CHECK-NEXT: exit: 0
// CHECK:      exec-diff: 4 of 4 match
//
// RUN: clang -O2 -fstack-protector-all -mstack-protector-guard=global -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s --check-prefix=ASM
// RUN: clang -O2 -fstack-protector-all -mstack-protector-guard=global -fpie -fplugin=%gotfree_so -c %s -o %t.pie.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pie.o | FileCheck %s --check-prefix=ASM
// ASM-LABEL: <fill>:
// ASM:       movq (%rip), %rax
// ASM-NEXT:  R_X86_64_PC32 __stack_chk_guard-0x4
// ASM-NOT:   GOT
// ASM-NOT:   R_X86_64_32
// Control: without the plugin, -fpie loads the guard's address from the GOT
// (kernel codegen already reads it RIP-relatively).
// RUN: clang -O2 -fstack-protector-all -mstack-protector-guard=global -fpie -c %s -o %t.pie0.o
// RUN: llvm-readelf -r %t.pie0.o | FileCheck %s --check-prefix=CTL-PIE
// CTL-PIE: R_X86_64_REX_GOTPCRELX {{.*}} __stack_chk_guard
#include <stdio.h>
#include <string.h>

__attribute__((noinline)) int fill(char *dst, const char *src) {
  char buf[64];
  strcpy(buf, src);
  strcpy(dst, buf);
  return (int)strlen(buf);
}

int main(void) {
  char out[64];
  int n = fill(out, "hello guard");
  printf("%s %d\n", out, n);
  return 0;
}
