// Rewrite mode leaves the functions of a link-time section (".head.text",
// the kernel's __head) as -mcmodel=kernel compiled them: they run before the
// kernel is at its link address and compute with link-time addresses, as
// __startup_64's load_delta = physaddr - (_text - __START_KERNEL_map) does.
// Every other function is rewritten, also in the same object; each function
// kept is remarked; link-time-sections names other sections or none.
// RUN: %clang_gf --target=x86_64-linux-gnu -mcmodel=kernel -fno-pie -O2 -c %s -o %t.o -Rpass-missed=gotfree 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
// RUN: %clang_gf --target=x86_64-linux-gnu -mcmodel=kernel -fno-pie -O2 -c %s -o %t.none.o -fplugin-arg-gotfree-link-time-sections=
// RUN: llvm-objdump -dr --no-show-raw-insn %t.none.o | FileCheck %s --check-prefix=NONE
// RUN: %clang_gf --target=x86_64-linux-gnu -mcmodel=kernel -fno-pie -O2 -c %s -o %t.other.o -fplugin-arg-gotfree-link-time-sections=.init.text,.other.text
// RUN: llvm-objdump -dr --no-show-raw-insn %t.other.o | FileCheck %s --check-prefix=OTHER
// PIE mode is PIC code throughout: the option does not apply.
// RUN: %clang_gf --target=x86_64-linux-gnu -fpie -O2 -c %s -o %t.pie.o -Rpass-missed=gotfree 2>&1 | count 0
// RUN: llvm-readelf -r %t.pie.o | FileCheck %s --check-prefix=PIE

extern char _text[];
extern unsigned long table[];

#define __head __attribute__((section(".head.text")))

// REMARK: link-time-section.c:[[@LINE+2]]:1: remark: kept the absolute references of startup: it is in link-time section .head.text (option link-time-sections)
// REMARK-NOT: remark:
__head unsigned long startup(unsigned long physaddr) {
  return physaddr - ((unsigned long)_text - 0xffffffff80000000ul) +
         table[physaddr & 7];
}

__attribute__((section(".other.text"))) unsigned long other(void) {
  return (unsigned long)_text;
}

unsigned long later(unsigned long i) { return (unsigned long)_text + table[i]; }

// objdump prints .text first, then .head.text and .other.text.
// CHECK-LABEL: <later>:
// CHECK-NOT:   R_X86_64_32
// CHECK:       R_X86_64_PC32 _text-0x4
// CHECK-NOT:   R_X86_64_32
// CHECK-LABEL: <startup>:
// CHECK:       movq $0x0, %rax
// CHECK-NEXT:  R_X86_64_32S _text
// CHECK:       (,%rdi,8)
// CHECK-NEXT:  R_X86_64_32S table
// CHECK-LABEL: <other>:
// CHECK:       leaq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 _text-0x4

// NONE-LABEL: <startup>:
// NONE-NOT:   R_X86_64_32
// NONE:       R_X86_64_PC32 _text-0x4
// NONE-NOT:   R_X86_64_32

// OTHER-LABEL: <later>:
// OTHER-NOT:   R_X86_64_32
// OTHER-LABEL: <startup>:
// OTHER-NOT:   R_X86_64_32
// OTHER-LABEL: <other>:
// OTHER:       R_X86_64_32S _text

// PIE-NOT: R_X86_64_32
