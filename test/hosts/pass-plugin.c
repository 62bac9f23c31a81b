// The same shared object loaded as a pass plugin (-fpass-plugin) runs both
// the IR pass and the machine passes.
// RUN: clang -O2 -fpie -fpass-plugin=%gotfree_so -c %s -o %t.o
// RUN: llvm-readelf -r %t.o | FileCheck %s
// RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s --check-prefix=ASM
// RUN: clang -O2 -fpie -c %s -o %t.base.o
// RUN: llvm-readelf -r %t.base.o | FileCheck %s --check-prefix=BASE
// CHECK:     '.rela.text'
// CHECK-NOT: GOTPCREL
// CHECK:     '.rela.eh_frame'
// BASE: R_X86_64_REX_GOTPCRELX {{.*}} ext
// ASM-LABEL: <get>:
// ASM-NEXT:  movl (%rip), %eax
// ASM-NEXT:  R_X86_64_PC32 ext-0x4
extern int ext;
int get(void) { return ext; }
