// Symbols named in the text of an inline asm template, not as operands, are
// found by parsing the template with LLVM's assembler parser (operands
// printed as placeholders). A PC-relative use (a branch, "sym(%rip)", a
// "sym - ." data word) and a 64-bit data word are fine; an absolute use
// ("$sym", an absolute memory operand, ".long sym", "pushq $1f") cannot be
// made PC-relative: an asm-imm error outside a kernel, a kept reference
// (a -Rpass-missed remark) in a kernel (-mcmodel=kernel), whose relocs tool
// applies it; a GOT reference is an error everywhere. File-scope asm too.
// RUN: not %clang_gf -O2 -fno-pie -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=USER --implicit-check-not=gotfree:
// RUN: not %clang_gf -O2 -fpie -c %s -o %t.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=USER --implicit-check-not=gotfree:
// RUN: not %clang_gf -O2 -mcmodel=kernel -fno-pie -c %s -o %t.o -Rpass-missed=gotfree 2>&1 \
// RUN:   | FileCheck %s --check-prefix=KERNEL --implicit-check-not=error:
// RUN: %clang_gf -O2 -fno-pie -fplugin-arg-gotfree-asm-imm=warn -DNO_GOT -c %s -o %t.warn.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=WARN
// The PC-relative and 64-bit uses alone compile without a word.
// RUN: %clang_gf -O2 -fno-pie -DONLY_FINE -c %s -o %t.fine.o 2>&1 \
// RUN:   | FileCheck %s --allow-empty --check-prefix=FINE
// RUN: llvm-readelf -r %t.fine.o | FileCheck %s --check-prefix=FINE-RELOC
// FINE-NOT: gotfree
// FINE-RELOC-NOT: R_X86_64_32
// FINE-RELOC: R_X86_64_PC32 {{.*}} g - 4
// FINE-RELOC: R_X86_64_PC32 {{.*}} g - 4
// FINE-RELOC-NOT: R_X86_64_32
// A section that is not loaded (no "a" flag, as the kernel's objtool
// annotations: ".pushsection .discard.noendbr; .long 986b") holds absolute
// words that the linker resolves and nothing relocates at run time: fine in
// every mode, and no remark in a kernel. The same words in an allocated
// section are the absolute uses above.
// RUN: %clang_gf -O2 -fpie -DNOT_LOADED -c %s -o %t.nl.o 2>&1 \
// RUN:   | FileCheck %s --allow-empty --check-prefix=FINE
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -DNOT_LOADED -Rpass-missed=gotfree -c %s -o %t.nlk.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=NL-KERNEL --implicit-check-not=gotfree: --implicit-check-not="in .long"
// RUN: llvm-readelf -S -r %t.nl.o | FileCheck %s --check-prefix=NOT-LOADED
// RUN: not %clang_gf -O2 -fpie -DNOT_LOADED -DALLOC -c %s -o %t.nla.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=ALLOC --implicit-check-not=gotfree:
// NOT-LOADED: .discard.words PROGBITS {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} 0 0 1{{$}}
// NOT-LOADED: .discard.noendbr PROGBITS {{[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ [0-9a-f]+}} 0 0 1{{$}}
// NOT-LOADED-LABEL: Relocation section '.rela.discard.words'
// NOT-LOADED-NEXT: Offset
// NOT-LOADED-NEXT: R_X86_64_32 {{.*}} g + 0
// NOT-LOADED-NEXT: R_X86_64_64 {{.*}} g + 0
// NOT-LOADED-LABEL: Relocation section '.rela.discard.noendbr'
// NOT-LOADED-NEXT: Offset
// NOT-LOADED-NEXT: R_X86_64_32 {{.*}} .text + 0
// NL-KERNEL: remark: kept a 64-bit data word holding 'g' in .quad in inline asm text
// ALLOC-DAG: error: gotfree: file-scope asm in '{{.*}}asm-text.c': inline asm text uses the address of 'g' in .long as an absolute value
// ALLOC-DAG: asm-text.c:{{[0-9]+}}:{{[0-9]+}}: error: gotfree: inline asm text uses the address of a local label in .long as an absolute value

extern long g;

#ifdef NOT_LOADED
#ifdef ALLOC
#define FLAGS ",\"a\""
#else
#define FLAGS ""
#endif
asm(".pushsection .discard.words" FLAGS "\n.long g\n.quad g\n.popsection");
void not_loaded(void) {
  asm volatile("986:\n\t.pushsection .discard.noendbr" FLAGS
               "\n\t.long 986b\n\t.popsection");
}
#elif !defined(ONLY_FINE)
// USER-DAG: error: gotfree: file-scope asm in '{{.*}}asm-text.c': inline asm text uses the address of 'g' in .long as an absolute value, which cannot be made PC-relative
asm(".pushsection .data.abs,\"aw\"\n.long g\n.popsection");

// USER-DAG: asm-text.c:[[@LINE+4]]:{{[0-9]+}}: error: gotfree: inline asm text uses the address of 'g' in MOV64ri32 as an absolute value
// KERNEL-DAG: asm-text.c:[[@LINE+3]]:{{[0-9]+}}: remark: kept absolute reference to 'g' in MOV64ri32 in inline asm text (a kernel's relocs tool applies it)
long *immediate(void) {
  long *p;
  asm("movq\t$g,\t%0" : "=r"(p));
  return p;
}

// The kernel's iret_to_self (sync_core.h) pushes the address of a label.
// USER-DAG: asm-text.c:[[@LINE+2]]:{{[0-9]+}}: error: gotfree: inline asm text uses the address of a local label in PUSH64i8
// KERNEL-DAG: asm-text.c:[[@LINE+1]]:{{[0-9]+}}: remark: kept absolute reference to a local label in PUSH64i8 in inline asm text
void push_label(void) { asm volatile("pushq $1f\n\tpopq %%rax\n1:" ::: "rax"); }

// USER-DAG: asm-text.c:[[@LINE+2]]:{{[0-9]+}}: error: gotfree: inline asm text uses the address of 'g' in MOV64rm as an absolute value
// KERNEL-DAG: asm-text.c:[[@LINE+1]]:{{[0-9]+}}: remark: kept absolute reference to 'g' in MOV64rm in inline asm text
void absolute_memory(void) { asm volatile("movq g, %%rax" ::: "rax"); }

#ifndef NO_GOT
// USER-DAG: asm-text.c:[[@LINE+2]]:{{[0-9]+}}: error: gotfree: inline asm text makes a GOT reference to 'g' in MOV64rm
// KERNEL-DAG: asm-text.c:[[@LINE+1]]:{{[0-9]+}}: error: gotfree: inline asm text makes a GOT reference to 'g' in MOV64rm
void got(void) { asm volatile("movq g@GOTPCREL(%%rip), %%rax" ::: "rax"); }
#endif
// WARN: warning: gotfree: inline asm text uses the address of 'g' in MOV64ri32
#endif

// Fine in every mode.
long rip_relative(void) {
  long v;
  asm("movq g(%%rip), %0" : "=r"(v));
  return v;
}
long *rip_relative_lea(void) {
  long *p;
  asm("leaq g(%%rip), %0" : "=r"(p));
  return p;
}
void data_words(void) {
  asm(".pushsection .data.words,\"aw\"\n.quad g\n.long g - .\n.popsection");
}
int goto_label(int x) {
  asm goto("testl %0, %0; jne %l1" : : "r"(x) : : out);
  return 0;
out:
  return 1;
}
void constants(void) {
  asm volatile(".set n, 8\n\tmovq $n, %%rax\n\tcall rip_relative" ::: "rax");
}
