// The STATISTIC counters are tracked even with Debian's release LLVM and
// reach clang's -stats-file.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -c %s -o %t.o -Xclang -stats-file=%t.json
// RUN: FileCheck %s < %t.json
// CHECK-DAG: "gotfree.NumMovToLEA": 1
// CHECK-DAG: "gotfree.NumIndexedMem": 1
// CHECK-DAG: "gotfree.NumImmToReg": 1
// CHECK-DAG: "gotfree.NumWeakAbs": 1
extern long sym, arr[];
extern int wk __attribute__((weak));
long *addr(void) { return &sym; }
long idx(long i) { return arr[i]; }
void store(long **p) { p[1] = &sym; }
int weak(void) { return &wk != 0; }
