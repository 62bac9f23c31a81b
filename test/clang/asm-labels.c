// Labels printed into inline asm text: an asm goto label ("%l0",
// "%l[name]") is printed as the bare symbol whatever the modifier, and is
// classified like any symbol the text names. PC-relative uses (a branch,
// "%l0(%rip)", "%l0 - .") and 64-bit data words are fine; an absolute use
// cannot be made PC-relative and follows asm-imm: an error outside a
// kernel, kept with a -Rpass-missed remark in a kernel (-mcmodel=kernel),
// in every mode. A block address passed as an "i" operand ("&&label") is
// printed bare as well, "%a" included: it is an operand, decided as such.
// RUN: not %clang_gf -O2 -fpie -DABSOLUTE -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=USER --implicit-check-not=gotfree:
// RUN: not %clang_gf -O2 -fno-pie -DABSOLUTE -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=USER --implicit-check-not=gotfree:
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -DABSOLUTE -Rpass-missed=gotfree \
// RUN:   -c %s -o %t.kernel.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=KERNEL --implicit-check-not=error:
// RUN: llvm-objdump -dr --no-show-raw-insn %t.kernel.o \
// RUN:   | FileCheck %s --check-prefix=KERNEL-OBJ
// The PC-relative uses alone compile without a word in every mode.
// RUN: %clang_gf -O2 -fpie -c %s -o %t.pie.o 2>&1 \
// RUN:   | FileCheck %s --allow-empty --check-prefix=FINE
// RUN: %clang_gf -O2 -fno-pie -c %s -o %t.user.o 2>&1 \
// RUN:   | FileCheck %s --allow-empty --check-prefix=FINE
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -c %s -o %t.k.o 2>&1 \
// RUN:   | FileCheck %s --allow-empty --check-prefix=FINE
// FINE-NOT: gotfree
// RUN: llvm-objdump -dr --no-show-raw-insn %t.pie.o | FileCheck %s
// RUN: llvm-objdump -dr --no-show-raw-insn %t.user.o | FileCheck %s
// RUN: llvm-objdump -dr --no-show-raw-insn %t.k.o | FileCheck %s
// RUN: llvm-readelf -r %t.user.o | FileCheck %s --check-prefix=RELOC

long seen;

#ifdef ABSOLUTE
// The label's address as an immediate: R_X86_64_32S without gotfree.
// KERNEL-OBJ-LABEL: <goto_immediate>:
// KERNEL-OBJ:       movq $0x0, %rax
// KERNEL-OBJ-NEXT:  R_X86_64_32S .text+0x{{[0-9a-f]+}}
__attribute__((noinline)) int goto_immediate(void) {
  // USER-DAG: asm-labels.c:[[@LINE+2]]:{{[0-9]+}}: error: gotfree: inline asm text uses the address of asm goto label %l0 in MOV64ri32 as an absolute value, which cannot be made PC-relative
  // KERNEL-DAG: asm-labels.c:[[@LINE+1]]:{{[0-9]+}}: remark: kept absolute reference to asm goto label %l0 in MOV64ri32 in inline asm text (a kernel's relocs tool applies it)
  asm goto("movq $%l0, %%rax\n\tmovq %%rax, seen(%%rip)"
           :
           :
           : "rax", "memory"
           : out);
  return 0;
out:
  return 1;
}

// A named label, pushed; an absolute memory operand; a 32-bit data word in
// a loaded section.
__attribute__((noinline)) int goto_named(int x) {
  // USER-DAG: asm-labels.c:[[@LINE+4]]:{{[0-9]+}}: error: gotfree: inline asm text uses the address of asm goto label %l1 in PUSH64i{{8|32}} as an absolute value
  // USER-DAG: asm-labels.c:[[@LINE+3]]:{{[0-9]+}}: error: gotfree: inline asm text uses the address of asm goto label %l1 in MOV64rm as an absolute value
  // USER-DAG: asm-labels.c:[[@LINE+2]]:{{[0-9]+}}: error: gotfree: inline asm text uses the address of asm goto label %l1 in .long as an absolute value
  // KERNEL-DAG: asm-labels.c:[[@LINE+1]]:{{[0-9]+}}: remark: kept absolute reference to asm goto label %l1 in MOV64rm in inline asm text
  asm goto("pushq $%l[done]\n\tpopq %%rax\n\t"
           "movq %l[done], %%rax\n\t"
           ".pushsection .data.labels.abs,\"aw\"\n\t.long %l1\n\t.popsection"
           :
           : "r"(x)
           : "rax", "memory"
           : done);
  return 0;
done:
  return 1;
}

// A block address: "%a" prints it bare too, not as "sym(%rip)".
void *target;
__attribute__((noinline)) int block_address_a(void) {
  // USER-DAG: asm-labels.c:[[@LINE+2]]:{{[0-9]+}}: error: gotfree: inline asm operand 0 ('i') uses the address of block address in 'block_address_a' as an absolute value
  // KERNEL-DAG: asm-labels.c:[[@LINE+1]]:{{[0-9]+}}: remark: kept inline asm operand 0 ('i'): the address of block address in 'block_address_a' used as an absolute value
  asm volatile("movq $%a0, %%rax\n\tmovq %%rax, seen(%%rip)"
               :
               : "i"(&&out)
               : "rax", "memory");
  goto *target;
out:
  return 1;
}
#endif

// Fine in every mode: a branch, a RIP-relative LEA, a relative and a 64-bit
// data word, a word in a section that is not loaded.
// CHECK-LABEL: <goto_relative>:
// CHECK:       leaq 0x{{[0-9a-f]+}}(%rip), %rax
// CHECK-NOT:   R_X86_64_{{32|64}}
// RELOC-LABEL: Relocation section '.rela.data.labels'
// RELOC-NEXT:  Offset
// RELOC-NEXT:  R_X86_64_PC32 {{.*}} .text + {{[0-9a-f]+}}
// RELOC-NEXT:  R_X86_64_64 {{.*}} .text + {{[0-9a-f]+}}
__attribute__((noinline)) int goto_relative(int x) {
  asm goto("testl %0, %0\n\tjne %l1\n\t"
           "leaq %l1(%%rip), %%rax\n\tmovq %%rax, seen(%%rip)\n\t"
           ".pushsection .data.labels,\"aw\"\n\t"
           ".long %l[out] - .\n\t.quad %l[out]\n\t.popsection\n\t"
           ".pushsection .discard.labels\n\t.long %l1\n\t.popsection"
           :
           : "r"(x)
           : "rax", "memory"
           : out);
  return 0;
out:
  return 1;
}

// A block address reached RIP-relatively.
// CHECK-LABEL: <block_address_rip>:
// CHECK:       leaq 0x{{[0-9a-f]+}}(%rip), %rax
// CHECK-NOT:   R_X86_64_{{32|64}}
void *other_target;
__attribute__((noinline)) int block_address_rip(void) {
  asm volatile("leaq %0(%%rip), %%rax\n\tmovq %%rax, seen(%%rip)"
               :
               : "i"(&&out)
               : "rax", "memory");
  goto *other_target;
out:
  return 1;
}
