// Floating-point and vector constants (constant pools), memcpy/memset
// libcalls (struct copies, variable sizes) and runtime-library calls (128-bit
// division), built with -fno-plt so PIE mode would call through the GOT.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0 Os" --cflags "-fno-plt" %t %s | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: f=3.750000 d=2.718282 poly=13.655782
// CHECK-NEXT: vec=20.5 22.5 24.5 26.5
// CHECK-NEXT: copy=1 792 99 zero=0 set=7
// CHECK-NEXT: div128=123456789012 rem=5
// CHECK-NEXT: exit: 0
// CHECK:      exec-diff: 6 of 6 match
//
// Constant-pool loads become RIP-relative in rewrite mode.
// RUN: clang -O2 -fno-plt -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s --check-prefix=RW
// RUN: llvm-readelf -r %t.rw.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// RW-LABEL: <scale>:
// RW:       (%rip), %xmm{{[0-9]+}}
// RW-NEXT:  R_X86_64_PC32 .LCPI{{[0-9_]+}}-0x4
// RW-LABEL: <vadd>:
// RW:       (%rip), %xmm{{[0-9]+}}
// RW-NEXT:  R_X86_64_PC32 .LCPI{{[0-9_]+}}-0x4
// RELOC: R_X86_64_PLT32 {{.*}} memcpy - 4
//
// PIE mode with -fno-plt: libcalls and calls are direct, not *GOT(%rip).
// RUN: clang -O2 -fno-plt -fpie -fplugin=%gotfree_so -c %s -o %t.pie.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pie.o | FileCheck %s --check-prefix=PIE
// RUN: llvm-readelf -r %t.pie.o | FileCheck %s --check-prefix=RELOC --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
// PIE-LABEL: <copy_rec>:
// PIE:       {{callq|jmp}} 0x{{[0-9a-f]+}} <copy_rec
// PIE-NEXT:  R_X86_64_{{PLT32|PC32}} memcpy-0x4
// PIE-LABEL: <div128>:
// PIE:       {{callq|jmp}} 0x{{[0-9a-f]+}} <div128
// PIE-NEXT:  R_X86_64_{{PLT32|PC32}} __divti3-0x4
// Controls: the inputs need a 32S constant-pool address / a GOT call.
// RUN: clang -O2 -fno-plt -mcmodel=kernel -fno-pie -c %s -o %t.rw0.o
// RUN: llvm-readelf -r %t.rw0.o | FileCheck %s --check-prefix=CTL-RW
// CTL-RW: R_X86_64_32S {{.*}} .rodata
// RUN: clang -O2 -fno-plt -fpie -c %s -o %t.pie0.o
// RUN: llvm-readelf -r %t.pie0.o | FileCheck %s --check-prefix=CTL-PIE
// CTL-PIE: R_X86_64_GOTPCRELX {{.*}} memcpy - 4
#include <stdio.h>
#include <string.h>

struct rec {
  int id;
  double vals[100];
  char tag[92];
};

__attribute__((noinline)) float scale(float x) { return x * 1.25f + 0.625f; }
__attribute__((noinline)) double poly(double x) {
  return ((0.5 * x + 1.75) * x - 3.125) * x + 2.71828182845904523536;
}

typedef float v4f __attribute__((vector_size(16)));
__attribute__((noinline)) v4f vadd(v4f a) {
  return a * (v4f){2.0f, 2.0f, 2.0f, 2.0f} + (v4f){0.5f, 1.5f, 2.5f, 3.5f};
}

__attribute__((noinline)) void copy_rec(struct rec *d, const struct rec *s) {
  *d = *s;
}
__attribute__((noinline)) void fill(char *p, int c, unsigned long n) {
  memset(p, c, n);
}
__attribute__((noinline)) __int128 div128(__int128 a, __int128 b) {
  return a / b;
}

static struct rec src, dst;
static char buf[4096];

int main(void) {
  volatile float f = 2.5f;
  volatile double d = 0.0;
  printf("f=%f d=%f poly=%f\n", scale(f), poly(d), poly(f));
  v4f v = vadd((v4f){10.0f, 10.5f, 11.0f, 11.5f});
  printf("vec=%.1f %.1f %.1f %.1f\n", v[0], v[1], v[2], v[3]);
  src.id = 1;
  for (int i = 0; i < 100; ++i)
    src.vals[i] = i * 8.0;
  strcpy(src.tag, "99");
  copy_rec(&dst, &src);
  volatile unsigned long n = 3000;
  fill(buf, 7, n);
  printf("copy=%d %.0f %s zero=%d set=%d\n", dst.id, dst.vals[99], dst.tag,
         buf[3000], buf[2999]);
  volatile __int128 big = (__int128)123456789012LL * 1000000007LL + 5;
  printf("div128=%lld rem=%d\n", (long long)div128(big, 1000000007LL),
         (int)(big % 1000000007LL));
  return 0;
}
