// LTO: with ld.lld --load-pass-plugin, code generation inside the linker gets
// the same passes. ld.lld -r runs LTO and writes a relocatable object whose
// relocations can be read.
// RUN: clang -flto -O2 -fpie -c %s -o %t.pie.bc
// RUN: ld.lld -r --load-pass-plugin=%gotfree_so %t.pie.bc -o %t.pie.o
// RUN: llvm-readelf -r %t.pie.o | FileCheck %s --check-prefix=PIE
// RUN: ld.lld -r %t.pie.bc -o %t.pie.base.o
// RUN: llvm-readelf -r %t.pie.base.o | FileCheck %s --check-prefix=PIEBASE
// Rewrite mode inside the linker: the bitcode keeps the kernel code model.
// RUN: clang -flto -O2 -mcmodel=kernel -fno-pie -c %s -o %t.k.bc
// RUN: ld.lld -r --load-pass-plugin=%gotfree_so %t.k.bc -o %t.k.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.k.o | FileCheck %s --check-prefix=KERN
// RUN: ld.lld -r %t.k.bc -o %t.k.base.o
// RUN: llvm-readelf -r %t.k.base.o | FileCheck %s --check-prefix=KERNBASE

// PIE:     Relocation section '.rela.text
// PIE-NOT: GOTPCREL
// PIE:     R_X86_64_64 {{.*}} wk
// PIE-NOT: GOTPCREL
// PIEBASE: GOTPCREL
// KERNBASE: R_X86_64_32S
// KERN-LABEL: <addr>:
// KERN-NEXT:  leaq (%rip), %rax
// KERN-NEXT:  R_X86_64_PC32 sym-0x4

extern int ext;
extern long sym;
extern int wk __attribute__((weak));
int get(void) { return ext + (&wk != 0); }
long *addr(void) { return &sym; }
