// mode=off turns every pass off: the object is what plain clang makes.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-mode=off -c %s -o %t.o
// RUN: llvm-readelf -r %t.o | FileCheck %s
// CHECK: R_X86_64_32S {{.*}} sym
extern long sym;
long *addr(void) { return &sym; }
