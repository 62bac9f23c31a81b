// Options reach link-time code generation: each compile records its
// gotfree options as module flags ("gotfree.KEY", behavior Error) and the
// code generation inside ld.lld sets them from the module, under full and
// thin LTO. Modules compiled with different options do not link.
// RUN: rm -rf %t && mkdir %t
// RUN: %clang_gf -flto -O2 -fpie -fplugin-arg-gotfree-jump-tables=relative \
// RUN:   -c %s -o %t/full.bc
// RUN: llvm-dis %t/full.bc -o - | FileCheck %s --check-prefix=FLAGS
// FLAGS-DAG: !{i32 1, !"gotfree.jump-tables", !"relative"}
// FLAGS-DAG: !{i32 1, !"gotfree.weak", !"auto"}
// RUN: ld.lld -r --load-pass-plugin=%gotfree_so %t/full.bc -o %t/full.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t/full.o | FileCheck %s
// RUN: %clang_gf -flto=thin -O2 -fpie -fplugin-arg-gotfree-jump-tables=relative \
// RUN:   -c %s -o %t/thin.bc
// RUN: ld.lld -r --load-pass-plugin=%gotfree_so %t/thin.bc -o %t/thin.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t/thin.o | FileCheck %s
// The same bitcode with the defaults has 8-byte tables (the control: a PIE
// is not a kernel, so jump-tables=auto means absolute-rip).
// RUN: %clang_gf -flto -O2 -fpie -c %s -o %t/default.bc
// RUN: ld.lld -r --load-pass-plugin=%gotfree_so %t/default.bc -o %t/default.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t/default.o | FileCheck %s --check-prefix=DEFAULT
// CHECK-LABEL: <dispatch>:
// CHECK:       movslq
// CHECK-NOT:   jmpq *(%r{{[a-z0-9]+}},%r{{[a-z0-9]+}},8)
// DEFAULT-LABEL: <dispatch>:
// DEFAULT-NOT:   movslq
// DEFAULT:       jmpq *(%r{{[a-z0-9]+}},%r{{[a-z0-9]+}},8)
//
// A policy the compile asked for is in force at link time: weak=error
// refuses the extern_weak address there.
// RUN: %clang_gf -flto -O2 -fpie -fplugin-arg-gotfree-weak=error -c %s -o %t/weak.bc
// RUN: not ld.lld -r --load-pass-plugin=%gotfree_so %t/weak.bc -o %t/weak.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WEAK
// WEAK: gotfree: the address of extern_weak symbol 'wk' cannot be formed PC-relatively (weak=error)
//
// Conflicting options across modules are an error at link time.
// RUN: %clang_gf -flto -O2 -fpie -DSECOND -c %s -o %t/second.bc
// RUN: not ld.lld -r --load-pass-plugin=%gotfree_so %t/full.bc %t/second.bc \
// RUN:   -o %t/mixed.o 2>&1 | FileCheck %s --check-prefix=CONFLICT
// CONFLICT: linking module flags 'gotfree.jump-tables': IDs have conflicting values

extern int wk __attribute__((weak));
void f1(void), f2(void), f3(void), f4(void), f5(void);

#ifdef SECOND
int second(void) { return 2; }
#else
int weak_present(void) { return &wk != 0; }

void dispatch(int x) {
  switch (x) {
  case 0: f1(); break;
  case 1: f2(); break;
  case 2: f3(); break;
  case 3: f4(); break;
  case 4: f5(); break;
  }
}
#endif
