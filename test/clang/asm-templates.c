// How inline asm templates use an "i" operand naming a symbol: the 'a'
// modifier prints "sym(%rip)" in 64-bit code (Linux 6.12's percpu.h and
// cpufeature.h use it under -mcmodel=kernel), and a reference inside a
// comment or a string literal is not an instruction operand. Neither is
// reported; "$sym" as an immediate still is.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --allow-empty --check-prefix=DIAG
// RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
// RUN: %clang_gf -O2 -fpie -c %s -o %t.pie.o 2>&1 \
// RUN:   | FileCheck %s --allow-empty --check-prefix=DIAG
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pie.o | FileCheck %s
// DIAG-NOT: gotfree
// RUN: not %clang_gf -O2 -fno-pie -DIMMEDIATE -c %s -o %t.imm.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=IMM

extern long sym;
struct cpu {
  int family;
  unsigned caps[4];
} extern cpu_data;

// CHECK-LABEL: <address_modifier>:
// CHECK-NEXT:  leaq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 sym-0x4
long *address_modifier(void) {
  long *p;
  asm("leaq %a1, %0" : "=r"(p) : "i"(&sym));
  return p;
}

// The cpufeature.h form: a bit test on an address with an offset.
// CHECK-LABEL: <bit_test>:
// CHECK:       btl $0x3, (%rip)
// CHECK-NEXT:  R_X86_64_PC32 cpu_data
int bit_test(void) {
  _Bool set;
  asm("btl %2, %a1\n\tsetc %0"
      : "=qm"(set)
      : "i"(&cpu_data.caps[0]), "i"(3));
  return set;
}

// Per-CPU data through %gs with a RIP-relative address (relative per-CPU
// offsets, Linux 6.15 and later).
// CHECK-LABEL: <percpu_read>:
// CHECK-NEXT:  movq %gs:(%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 sym-0x4
long percpu_read(void) {
  long v;
  asm("movq %%gs:%a1, %0" : "=r"(v) : "i"(&sym));
  return v;
}

// CHECK-LABEL: <in_comment>:
// CHECK-NEXT:  nop
// CHECK-NEXT:  retq
void in_comment(void) {
  asm("# the address of %c0 is not used here\n\tnop" : : "i"(&sym));
  asm("// nor is %c0 here" : : "i"(&sym));
  asm(".pushsection .comment\n\t.ascii \"$%c0\"\n\t.popsection" : : "i"(&sym));
}

// An offset after the symbol, in the same operand: still RIP-relative.
// CHECK-LABEL: <offset_rip>:
// CHECK-NEXT:  movq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 sym+0x4
long offset_rip(void) {
  long v;
  asm("movq %c1+8(%%rip), %0" : "=r"(v) : "i"(&sym));
  return v;
}

#ifdef IMMEDIATE
// "(%rip)" or "- ." in another operand of the statement does not make the
// immediate or the data word PC-relative.
extern long seen;
void store_immediate(void) {
  // IMM: asm-templates.c:[[@LINE+1]]:{{[0-9]+}}: error: gotfree: inline asm operand 0 ('i') uses the address of 'sym' as an absolute value
  asm volatile("movq $%c0, seen(%%rip)" : : "i"(&sym) : "memory");
}
void data_word(void) {
  // IMM: asm-templates.c:[[@LINE+1]]:{{[0-9]+}}: error: gotfree: inline asm operand 0 ('i') uses the address of 'sym' as an absolute value
  asm volatile("1:\n\t.pushsection .data.words,\"aw\"\n\t"
               ".long %c0, 1b - .\n\t.popsection"
               :
               : "i"(&sym));
}

// IMM: asm-templates.c:[[@LINE+3]]:{{[0-9]+}}: error: gotfree: inline asm operand 1 ('i') uses the address of 'sym' as an absolute value
long immediate(void) {
  long v;
  asm("movq %1, %0" : "=r"(v) : "i"(&sym));
  return v;
}
#endif
