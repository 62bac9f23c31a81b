// __builtin_setjmp stores the resume address in the buffer. The small code
// model without PIC stores it as an immediate ("movq $.LBB0_2, buf+8",
// R_X86_64_32S against .text); the kernel model takes it with a LEA. Both
// become a RIP-relative LEA, and the program still resumes at the right
// place.
// RUN: %clang_gf -O2 -fno-pie -c %s -o %t.small.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.small.o | FileCheck %s
// RUN: llvm-readelf -r %t.small.o | FileCheck %s --check-prefix=RELOC
// RUN: %clang_gf -O2 -fno-pie -mcmodel=kernel -c %s -o %t.kernel.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.kernel.o | FileCheck %s
// RUN: llvm-readelf -r %t.kernel.o | FileCheck %s --check-prefix=RELOC
// RUN: %clang_gf -O2 -fno-pie -DMAIN %s -o %t.exe
// RUN: %t.exe | FileCheck %s --check-prefix=OUT

// CHECK-LABEL: <resumes>:
// CHECK:       leaq {{.*}}(%rip), %[[R:[a-z0-9]+]]
// CHECK-NOT:   R_X86_64
// CHECK:       movq %[[R]], (%rip)
// CHECK-NEXT:  R_X86_64_PC32 buf+0x4
// RELOC-NOT: R_X86_64_32
// RUN: %clang_gf -O2 -fno-pie -fplugin-arg-gotfree-mode=off -c %s -o %t.off.o
// RUN: llvm-readelf -r %t.off.o | FileCheck %s --check-prefix=BASE
// BASE: R_X86_64_32S {{.*}} .text

void *buf[5];
void jump(void) { __builtin_longjmp(buf, 1); }
__attribute__((noinline)) int resumes(void (*f)(void)) {
  if (__builtin_setjmp(buf))
    return 1;
  f();
  return 0;
}

#ifdef MAIN
#include <stdio.h>
// OUT: resumed 1
int main(void) {
  printf("resumed %d\n", resumes(jump));
  return 0;
}
#endif
