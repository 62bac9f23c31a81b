// relro: in rewrite mode a constant holding addresses moves from .rodata
// (resolved at link time for -fno-pie) to .data.rel.ro, where a PIE loader
// can apply its run-time relocations. The default, auto, does that for
// everything but a kernel (-mcmodel=kernel), whose relocs tool relocates
// .rodata; off leaves the constant where it is.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-relro=on -c %s -o %t.o
// RUN: llvm-readelf -r %t.o | FileCheck %s
// RUN: llvm-readelf -S %t.o | FileCheck %s --check-prefix=FLAGS
// FLAGS: .data.rel.ro PROGBITS {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} WA
// RUN: %clang_gf -O2 -fno-pie -c %s -o %t.auto.o
// RUN: llvm-readelf -r %t.auto.o | FileCheck %s
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -c %s -o %t.kernel.o
// RUN: llvm-readelf -r %t.kernel.o | FileCheck %s --check-prefix=OFF
// RUN: %clang_gf -O2 -fno-pie -fplugin-arg-gotfree-relro=off -c %s -o %t.off.o
// RUN: llvm-readelf -r %t.off.o | FileCheck %s --check-prefix=OFF
// RUN: not %clang_gf -fplugin-arg-gotfree-relro=maybe -c %s -o %t.bad.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BAD
// CHECK: Relocation section '.rela.data.rel.ro'
// CHECK: R_X86_64_64 {{.*}} one + 0
// CHECK: R_X86_64_64 {{.*}} two + 0
// OFF: Relocation section '.rela.rodata'
// BAD: invalid value 'maybe' for gotfree option 'relro' (expected auto|on|off)
// A section the program names keeps its name and becomes writable when what
// it holds needs a relocation, as in PIC code; one that holds none stays
// read-only.
// RUN: llvm-readelf -S %t.auto.o | FileCheck %s --check-prefix=NAMED
// RUN: llvm-readelf -S %t.kernel.o | FileCheck %s --check-prefix=NAMED-KERNEL
// NAMED:        .init_array INIT_ARRAY {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} WA
// NAMED:        mytable PROGBITS {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} WA
// NAMED:        mytable2 PROGBITS {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} A
// NAMED-KERNEL: .init_array INIT_ARRAY {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} A
// NAMED-KERNEL: mytable PROGBITS {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} A
extern void init_fn(void);
extern int x;
static void (*const init)(void) __attribute__((section(".init_array"), used)) =
    init_fn;
int *const named_ptr __attribute__((section("mytable"))) = &x;
const int plain __attribute__((section("mytable2"))) = 5;
extern int one(int), two(int);
int (*const table[])(int) = {one, two};
int call(int i, int x) { return table[i](x); }
