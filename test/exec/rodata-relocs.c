// Rewrite mode output linked as an ordinary static PIE (lld's default
// -z text): with relro=on and relative jump tables, read-only data that holds
// addresses (const pointer tables, jump tables) needs no run-time relocation
// in a read-only section, and the program runs like its baseline.
// RUN: clang -O2 -fno-pie -static %s -o %t.base
// RUN: %t.base | FileCheck %s
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so \
// RUN:   -fplugin-arg-gotfree-relro=on -fplugin-arg-gotfree-jump-tables=relative -c %s -o %t.o
// RUN: llvm-readelf -r %t.o | FileCheck %s --check-prefix=RELOC
// RELOC-NOT: Relocation section '.rela.rodata
// RELOC:     Relocation section '.rela.data.rel.ro'
// RELOC-NOT: Relocation section '.rela.rodata
// RUN: clang -static-pie -fuse-ld=lld %t.o -o %t.exe
// RUN: %t.exe | FileCheck %s
// CHECK: red 11 5
//
// The defaults keep the static model's layout (what a kernel, which
// relocates .rodata itself, wants): .rodata relocations, no -z text link.
// RUN: clang -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so -c %s -o %t.default.o
// RUN: llvm-readelf -r %t.default.o | FileCheck %s --check-prefix=DEFAULT
// DEFAULT: Relocation section '.rela.rodata
// RUN: not clang -static-pie -fuse-ld=lld %t.default.o -o %t.default.exe 2>&1 \
// RUN:   | FileCheck %s --check-prefix=TEXTREL
// TEXTREL: relocation R_X86_64_64 cannot be used against
#include <stdio.h>

static const char *const colors[] = {"red", "green", "blue"};

__attribute__((noinline)) int dense(int x) {
  switch (x) {
  case 0: puts("a"); return 11;
  case 1: puts("b"); return 22;
  case 2: puts("c"); return 5;
  case 3: puts("d"); return 99;
  case 4: puts("e"); return 7;
  default: return -1;
  }
}

int main(int argc, char **argv) {
  (void)argv;
  printf("%s %d %d\n", colors[argc - 1], dense(argc - 1), dense(argc + 1));
  return 0;
}
