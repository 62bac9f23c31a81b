// C++ exceptions thrown across functions, caught by type, rethrown and
// unwound through destructors, in every configuration linked as a static
// PIE. Rewrite mode gives the exception tables the PC-relative pointers PIC
// code uses (personality and catch types through DW.ref words in writable
// data, the LSDA relative), so read-only .eh_frame and .gcc_except_table
// need no run-time relocation.
// RUN: bash %S/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0" \
// RUN:   --modes "rewrite pie user" %t %s | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK:      kind 0: int 42
// CHECK:      kind 1: exception runtime
// CHECK:      middle caught Custom 7, rethrowing
// CHECK:      kind 2: Custom 7
// CHECK:      kind 3: exception-free string
// CHECK:      kind 4: no exception
// CHECK-NEXT: score 150
// CHECK-NEXT: exit: 22
// CHECK:      exec-diff: 6 of 6 match
//
// The tables' own relocations: PC-relative in read-only sections, absolute
// ones only in writable data.
// RUN: clang++ -O2 -fno-pie -fplugin=%gotfree_so -c %s -o %t.user.o
// RUN: llvm-readelf -r %t.user.o | FileCheck %s --check-prefix=RELOC
// RUN: clang++ -O2 -mcmodel=kernel -fno-pie -fplugin=%gotfree_so \
// RUN:   -c %s -o %t.kernel.o
// RUN: llvm-readelf -r %t.kernel.o | FileCheck %s --check-prefix=RELOC
// RELOC-LABEL: Relocation section '.rela.gcc_except_table'
// RELOC-NOT:   R_X86_64_{{64|32|32S}} {{ }}
// RELOC:       R_X86_64_PC32 {{.*}} .data + 0
// RELOC-NOT:   R_X86_64_{{64|32|32S}} {{ }}
// RELOC-LABEL: Relocation section
// RELOC-LABEL: Relocation section '.rela.eh_frame'
// RELOC:       R_X86_64_PC32 {{.*}} DW.ref.__gxx_personality_v0 + 0
// Without the plugin, rewrite mode's input has absolute ones there.
// RUN: clang++ -O2 -mcmodel=kernel -fno-pie -c %s -o %t.base.o
// RUN: llvm-readelf -r %t.base.o | FileCheck %s --check-prefix=BASE
// BASE:     Relocation section '.rela.gcc_except_table'
// BASE-NOT: Relocation section
// BASE:     R_X86_64_64 {{.*}} _ZTIi

#include <cstdio>
#include <stdexcept>
#include <string>

struct Tracker {
  const char *Name;
  explicit Tracker(const char *N) : Name(N) {}
  ~Tracker() { std::printf("unwound %s\n", Name); }
};

struct Custom {
  int Code;
};

__attribute__((noinline)) void thrower(int Kind) {
  Tracker T("thrower");
  switch (Kind) {
  case 0:
    throw 42;
  case 1:
    throw std::runtime_error("runtime");
  case 2:
    throw Custom{7};
  case 3:
    throw std::string("exception-free string");
  }
}

__attribute__((noinline)) int middle(int Kind) {
  Tracker T("middle");
  try {
    thrower(Kind);
  } catch (const Custom &C) {
    std::printf("middle caught Custom %d, rethrowing\n", C.Code);
    throw;
  }
  return 0;
}

int main() {
  int Score = 0;
  for (int Kind = 0; Kind < 5; ++Kind) {
    try {
      middle(Kind);
      std::printf("kind %d: no exception\n", Kind);
    } catch (int V) {
      std::printf("kind %d: int %d\n", Kind, V);
      Score += V;
    } catch (const std::exception &E) {
      std::printf("kind %d: exception %s\n", Kind, E.what());
      Score += 1;
    } catch (const Custom &C) {
      std::printf("kind %d: Custom %d\n", Kind, C.Code);
      Score += C.Code;
    } catch (const std::string &S) {
      std::printf("kind %d: %s\n", Kind, S.c_str());
      Score += 100;
    }
  }
  std::printf("score %d\n", Score);
  return Score & 0x7f;
}
