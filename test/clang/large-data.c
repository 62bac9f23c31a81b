// Large data (medium model objects over the large-data threshold) is reached
// in PIC code relative to the GOT base (@GOTOFF), which a GOT-free image does
// not have: PIE mode says so at the reference. Rewrite mode reaches the same
// object RIP-relative. The large code model is refused as a whole.
// RUN: not %clang_gf -O2 -fpie -mcmodel=medium -mlarge-data-threshold=100 \
// RUN:   -c %s -o %t.pie.o 2>&1 | FileCheck %s --check-prefix=PIE
// PIE: large-data.c:[[@LINE+11]]:{{[0-9]+}}: error: gotfree: large-data object 'big' in MOV64ri is reached relative to the GOT base (x86-gotoff), and a GOT-free image has none
// RUN: %clang_gf -O2 -fno-pie -mcmodel=medium -mlarge-data-threshold=100 \
// RUN:   -c %s -o %t.rw.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s
// CHECK-LABEL: <addr>:
// CHECK-NEXT:  leaq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 big-0x4
// RUN: not %clang_gf -O2 -fno-pie -mcmodel=large -c %s -o %t.large.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LARGE
// LARGE: error: gotfree: the large code model is not supported: every reference is a 64-bit absolute one (use -mcmodel=kernel or small)
char big[1L << 20];
char *addr(void) { return big; }
