// Weak symbols: undefined weak variables and functions must compare equal to
// 0 (in the rewrite and PIE images alike), weak definitions are used when no
// strong one exists, and a strong definition in another file wins. The
// "user" configuration is -fno-pie with no option: its defaults (weak=auto
// resolves to relro there) must link as a static PIE, defined weak symbols
// included.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0 Os" \
// RUN:   --modes "rewrite pie user" %t %s %S/Inputs/extern-defs.c | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: undef: var=1 fn=1 arr=1 call=0
// CHECK-NEXT: weak def: 5 6 local=1
// CHECK-NEXT: overridden: 2
// CHECK-NEXT: defined elsewhere: 1 21
// CHECK-NEXT: weak table: 13
// CHECK-NEXT: exit: 0
// CHECK:      exec-diff: 9 of 9 match
//
// A kernel (-mcmodel=kernel, weak=auto is abs there) gets an absolute
// 64-bit address, which its relocs tool applies: a PC-relative one would not
// be 0 once the image moves.
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s --check-prefixes=ASM,ASM-ABS
// RUN: llvm-readelf -r %t.rw.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// Anything else (weak=auto is relro there) loads it from a pointer in
// .data.rel.ro: R_X86_64_64 in writable data, which a static PIE relocates,
// and nothing in the code.
// RUN: clang -O2 -fpie -fplugin=%gotfree_so -c %s -o %t.pie.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pie.o | FileCheck %s --check-prefixes=ASM,ASM-RELRO
// RUN: llvm-readelf -r %t.pie.o | FileCheck %s --check-prefixes=RELOC,RELOC-RELRO --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// RUN: clang -O2 -fno-pie -fplugin=%gotfree_so -c %s -o %t.user.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.user.o | FileCheck %s --check-prefixes=ASM,ASM-RELRO
// RUN: llvm-readelf -r %t.user.o | FileCheck %s --check-prefixes=RELOC,RELOC-RELRO --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// Either policy can be asked for by name.
// RUN: clang -O2 -fpie -fplugin=%gotfree_so -fplugin-arg-gotfree-weak=abs -c %s -o %t.pieabs.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pieabs.o | FileCheck %s --check-prefixes=ASM,ASM-ABS
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -fplugin-arg-gotfree-weak=relro -c %s -o %t.rwrelro.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rwrelro.o | FileCheck %s --check-prefixes=ASM,ASM-RELRO
// ASM-LABEL:      <undef_var_addr>:
// ASM-ABS:        movabsq $0x0, %rax
// ASM-ABS-NEXT:   R_X86_64_64 undef_weak
// ASM-RELRO:      movq (%rip), %rax
// ASM-RELRO-NEXT: R_X86_64_PC32 .data.rel.ro{{[-+]0x[0-9a-f]+}}
// ASM-LABEL:      <weak_def_addr>:
// ASM:            leaq (%rip), %rax
// ASM-NEXT:       R_X86_64_PC32 weak_def-0x4
// ASM-LABEL:      <weak_table_at>:
// ASM-ABS:        movabsq $0x0, %rax
// ASM-ABS-NEXT:   R_X86_64_64 weak_table_elsewhere
// ASM-RELRO:      movq (%rip), %rax
// ASM-RELRO-NEXT: R_X86_64_PC32 .data.rel.ro{{[-+]0x[0-9a-f]+}}
// RELOC-RELRO: Relocation section '.rela.data.rel.ro'
// RELOC-DAG: R_X86_64_64 {{.*}} undef_weak + 0
// RELOC-DAG: R_X86_64_64 {{.*}} undef_weak_fn + 0
// The weak=error policy refuses them instead.
// RUN: not clang -O2 -fpie -fplugin=%gotfree_so -fplugin-arg-gotfree-weak=error -c %s -o %t.err.o 2>&1 | FileCheck %s --check-prefix=ERR
// ERR: error: {{.*}}'undef_weak'
// RUN: not clang -O2 -g -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -fplugin-arg-gotfree-weak=error -c %s -o %t.err.o 2>&1 | FileCheck %s --check-prefix=ERR-RW
// ERR-RW: weak.c:[[@LINE+11]]:{{[0-9]+}}: error: {{.*}}extern_weak symbol 'undef_weak'
#include <stdio.h>

extern int undef_weak __attribute__((weak));
extern int undef_weak_arr[] __attribute__((weak));
extern void undef_weak_fn(void) __attribute__((weak));
int weak_def __attribute__((weak)) = 5;
__attribute__((weak)) int overridden(void) { return 1; }
extern int weak_but_defined_elsewhere(int) __attribute__((weak));
extern int weak_table_elsewhere[] __attribute__((weak));

__attribute__((noinline)) int *undef_var_addr(void) { return &undef_weak; }
__attribute__((noinline)) int *weak_def_addr(void) { return &weak_def; }
// A load next to an index register needs the weak array's address in a
// register: movabsq in a kernel, like any address of it.
__attribute__((noinline)) int weak_table_at(long i) {
  return weak_table_elsewhere[i];
}

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
  printf("defined elsewhere: %d %d\n", weak_but_defined_elsewhere != 0,
         weak_but_defined_elsewhere ? weak_but_defined_elsewhere(7) : -1);
  printf("weak table: %d\n", weak_table_at(2));
  return 0;
}
