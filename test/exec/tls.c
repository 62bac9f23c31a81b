// extern __thread variables: code generation reaches them through an
// initial-exec GOT slot (R_X86_64_GOTTPOFF); in an executable or a kernel
// their offset from the thread pointer is a link-time constant, so
// tls=local-exec (the default) uses it instead (R_X86_64_TPOFF32), and every
// configuration links as a static PIE and gives the baseline's output.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0" \
// RUN:   --modes "rewrite pie user" %t %s %S/Inputs/tls-defs.c | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: counter 5 6 same=1 arr[2]=30
// CHECK-NEXT: exit: 0
// CHECK:      exec-diff: 6 of 6 match
//
// RUN: clang -O2 -fpie -fplugin=%gotfree_so -c %s -o %t.pie.o -Rpass=gotfree 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pie.o | FileCheck %s --check-prefix=ASM
// RUN: llvm-readelf -r %t.pie.o | FileCheck %s --check-prefix=RELOC \
// RUN:   --implicit-check-not=GOT
// REMARK: remark: {{.*}}made initial-exec access to thread-local 'counter' local-exec
// ASM-LABEL: <get>:
// ASM-NEXT:  movq $0x0, %rax
// ASM-NEXT:  R_X86_64_TPOFF32 counter
// ASM-NEXT:  movl %fs:(%rax), %eax
// ASM-LABEL: <addr>:
// ASM-NEXT:  movq %fs:0x0, %rax
// ASM-NEXT:  addq $0x0, %rax
// ASM-NEXT:  R_X86_64_TPOFF32 counter
// RELOC: R_X86_64_TPOFF32 {{.*}} counter + 0
//
// tls=error refuses them; -fpic code (general dynamic: __tls_get_addr and a
// GOT pair) is always an error that says what to do.
// RUN: not clang -O2 -fpie -fplugin=%gotfree_so -fplugin-arg-gotfree-tls=error \
// RUN:   -c %s -o %t.err.o 2>&1 | FileCheck %s --check-prefix=ERR
// ERR: tls.c:[[@LINE+13]]:{{[0-9]+}}: error: gotfree: thread-local 'counter' is reached through a GOT slot (initial-exec) (tls=error)
// RUN: not clang -O2 -fpic -fplugin=%gotfree_so -c %s -o %t.pic.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=PIC
// PIC: error: gotfree: thread-local 'counter' needs __tls_get_addr and a GOT pair (x86-tlsgd): gotfree builds executables and kernels
// Without the plugin the same code has initial-exec GOT slots.
// RUN: clang -O2 -fpie -c %s -o %t.base.o
// RUN: llvm-readelf -r %t.base.o | FileCheck %s --check-prefix=BASE
// BASE: R_X86_64_GOTTPOFF {{.*}} counter - 4
#include <stdio.h>

extern __thread int counter;
extern __thread long arr[4];

__attribute__((noinline)) int get(void) { return counter; }
__attribute__((noinline)) int *addr(void) { return &counter; }
__attribute__((noinline)) long idx(int i) { return arr[i]; }

int main(void) {
  int before = get();
  ++*addr();
  printf("counter %d %d same=%d arr[2]=%ld\n", before, get(),
         addr() == &counter, idx(2));
  return 0;
}
