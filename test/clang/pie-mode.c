// PIE mode through clang: -fpie -fno-plt plus the plugin, with the global
// stack protector guard; no GOT relocation in the object.
// RUN: %clang_gf -O2 -fpie -fno-plt -fstack-protector-all -mstack-protector-guard=global \
// RUN:   -c %s -o %t.o -Rpass=gotfree 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: llvm-readelf -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
// RUN: clang -O2 -fpie -fno-plt -fstack-protector-all -mstack-protector-guard=global -c %s -o %t.base.o
// RUN: llvm-readelf -r %t.base.o | FileCheck %s --check-prefix=BASE
// BASE: GOTPCREL

extern int counter;
extern void ext(char *);
extern void other(void);

// The stack guard and the extern's address come straight from memory and
// the call is direct.
// REMARK: remark: folded GOT load of '__stack_chk_guard' into a RIP-relative memory reference
// CHECK-LABEL: <guarded>:
// CHECK:       movq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 __stack_chk_guard-0x4
// CHECK:       callq
// CHECK-NEXT:  R_X86_64_PLT32 ext-0x4
void guarded(void) {
  char buf[32];
  ext(buf);
}

// CHECK-LABEL: <bump>:
// CHECK:       incl (%rip)
// CHECK-NEXT:  R_X86_64_PC32 counter-0x4
void bump(void) { counter++; }

// CHECK-LABEL: <fnaddr>:
// CHECK:       leaq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 other-0x4
void *fnaddr(void) { return (void *)other; }

// RELOC:     '.rela.text'
// RELOC-NOT: GOTPCREL
// RELOC-NOT: R_X86_64_32
// RELOC:     '.rela.eh_frame'
