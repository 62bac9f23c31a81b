// Negative controls: the exec harness and the link really fail without the
// rewrite. With the plugin switched off (mode=off), kernel codegen needs
// R_X86_64_32S, which lld cannot put into a static PIE, and -fpie code keeps
// its GOT relocations, which the harness rejects.
// RUN: not bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts O2 --cflags "-fplugin-arg-gotfree-mode=off" %t %s %S/Inputs/extern-defs.c 2>&1 | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: value=53
// CHECK:      abs-reloc: {{.*}} R_X86_64_32S table
// CHECK:      FAIL rewrite -O2: relocations
// CHECK:      got-ref: {{.*}}[R_X86_64_REX_GOTPCRELX ext_var
// CHECK:      FAIL pie -O2: relocations
// CHECK:      exec-diff: 0 of 2 match
//
// The same directly with lld, without the harness.
// RUN: clang -O2 -mcmodel=kernel -fno-pie -c %s -o %t.o
// RUN: clang -O2 -mcmodel=kernel -fno-pie -c %S/Inputs/extern-defs.c -o %t.2.o
// RUN: not clang -static-pie -fuse-ld=lld %t.o %t.2.o -o %t.exe 2>&1 | FileCheck %s --check-prefix=LINK
// LINK: error: relocation R_X86_64_32S cannot be used against symbol 'table'; recompile with -fPIC
// And with the plugin the same object links.
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %s -o %t.gf.o
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %S/Inputs/extern-defs.c -o %t.gf2.o
// RUN: clang -static-pie -fuse-ld=lld %t.gf.o %t.gf2.o -o %t.gf.exe
// RUN: %t.gf.exe x | FileCheck %s --check-prefix=OUT
// OUT: value=55
#include "Inputs/extern-defs.h"
#include <stdio.h>

int table[8] = {3, 1, 4, 1, 5, 9, 2, 6};

__attribute__((noinline)) int pick(int i) { return table[i]; }

int main(int argc, char **argv) {
  (void)argv;
  printf("value=%d\n",
         pick(argc + 4) + pick(argc + 5) + (argc == 2) * 5 + ext_var);
  return 0;
}
