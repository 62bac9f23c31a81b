// Policy options and their diagnostics, located at the source line (or, for
// inline asm, at the asm string).
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -c %s -o %t.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
// asm-imm=auto (the default): an error outside kernels, a remark in one.
// RUN: not %clang_gf -O2 -fno-pie -DASM_IMM -c %s -o %t.imm.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=IMM
// RUN: not %clang_gf -O2 -mcmodel=kernel -fno-pie -DASM_IMM -fplugin-arg-gotfree-asm-imm=error \
// RUN:   -c %s -o %t.imm.o 2>&1 | FileCheck %s --check-prefix=IMM
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -DASM_IMM -Rpass-missed=gotfree \
// RUN:   -c %s -o %t.kimm.o 2>&1 | FileCheck %s --check-prefix=KIMM
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -DASM_IMM -fplugin-arg-gotfree-asm-imm=warn \
// RUN:   -c %s -o %t.warn.o 2>&1 | FileCheck %s --check-prefix=IMMWARN
// RUN: not %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-weak=error \
// RUN:   -c %s -o %t.weak.o 2>&1 | FileCheck %s --check-prefix=WEAK
// RUN: not %clang_gf -O2 -fpie -fplugin-arg-gotfree-weak=error \
// RUN:   -c %s -o %t.pieweak.o 2>&1 | FileCheck %s --check-prefix=WEAK
// RUN: not %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-segment-refs=error \
// RUN:   -c %s -o %t.seg.o 2>&1 | FileCheck %s --check-prefix=SEG
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-segment-refs=rip \
// RUN:   -c %s -o %t.rip.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rip.o | FileCheck %s --check-prefix=SEGRIP
// RUN: not %clang_gf -O2 -mcmodel=large -fno-pie -c %s -o %t.large.o 2>&1 \
// RUN:   | FileCheck %s --check-prefix=LARGE

extern int wk __attribute__((weak));
extern long sym;
extern __seg_gs long percpu[];

// An extern_weak address is formed with movabsq (R_X86_64_64): it is zero
// when the symbol is undefined, wherever the image runs.
// CHECK-LABEL: <weak_present>:
// CHECK:       movabsq $0x0, %r{{[a-z0-9]+}}
// CHECK-NEXT:  R_X86_64_64 wk
// WEAK: policies.c:[[@LINE+1]]:{{[0-9]+}}: error: gotfree: the address of extern_weak symbol 'wk' cannot be formed PC-relatively (weak=error)
int weak_present(void) { return &wk != 0; }

// Indexed %gs:-relative per-CPU data stays zero-based and absolute by
// default (isel already makes the plain %gs:sym(%rip) form RIP-relative).
// CHECK-LABEL: <read_percpu>:
// CHECK-NEXT:  movq %gs:(,%rdi,8), %rax
// CHECK-NEXT:  R_X86_64_32S percpu
// SEG: policies.c:[[@LINE+1]]:{{[0-9]+}}: error: gotfree: segment-relative reference to 'percpu' is absolute (segment-refs=error)
long read_percpu(long i) { return percpu[i]; }
// SEGRIP-LABEL: <read_percpu>:
// SEGRIP-NEXT:  leaq (%rip), %rax
// SEGRIP-NEXT:  R_X86_64_PC32 percpu-0x4
// SEGRIP-NEXT:  movq %gs:(%rax,%rdi,8), %rax

// An "m" operand naming a global is printed RIP-relative.
// CHECK-LABEL: <asm_mem>:
// CHECK-NEXT:  movq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 sym-0x4
long asm_mem(void) {
  long v;
  asm("movq %1, %0" : "=r"(v) : "m"(sym));
  return v;
}

// An "i" operand used PC-relatively or in PC-relative data is fine.
// CHECK-LABEL: <asm_imm_ok>:
// CHECK-NEXT:  leaq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 sym-0x4
long asm_imm_ok(void) {
  long v;
  asm("leaq %c1(%%rip), %0\n\t"
      ".pushsection .discard.test, \"a\"\n\t"
      ".long %c1 - .\n\t"
      ".popsection"
      : "=r"(v)
      : "i"(&sym));
  return v;
}

// The kernel's "%P[var] (%% rip)" (with a space) is PC-relative too.
// CHECK-LABEL: <asm_imm_rip_spaced>:
// CHECK:       testb $0x1, (%rip)
// CHECK-NEXT:  R_X86_64_PC32 sym-0x4
int asm_imm_rip_spaced(void) {
  asm goto("testb $1, %P[v] (%% rip)\n\tjnz %l[yes]" ::[v] "i"((char *)&sym + 1)
           :
           : yes);
  return 0;
yes:
  return 1;
}

#ifdef ASM_IMM
// An "i" operand used as an absolute immediate cannot be made PC-relative.
long asm_imm(void) {
  long v;
  // IMM: policies.c:[[@LINE+3]]:{{[0-9]+}}: error: gotfree: inline asm operand 1 ('i') uses the address of 'sym' as an absolute value, which cannot be made PC-relative
  // IMMWARN: policies.c:[[@LINE+2]]:{{[0-9]+}}: warning: gotfree: inline asm operand 1 ('i') uses the address of 'sym' as an absolute value
  // KIMM: policies.c:[[@LINE+1]]:{{[0-9]+}}: remark: kept inline asm operand 1 ('i'): the address of 'sym' used as an absolute value (a kernel's relocs tool applies it)
  asm("movq $%c1, %0" : "=r"(v) : "i"(&sym));
  return v;
}
#endif

// An indexed "m" operand gets a LEA'd base like any memory operand.
// CHECK-LABEL: <asm_mem_indexed>:
// CHECK-NEXT:  leaq (%rip), %[[B:r[a-z0-9]+]]
// CHECK-NEXT:  R_X86_64_PC32 sym-0x4
// CHECK-NEXT:  movq (%[[B]],%rdi,8), %rax
long asm_mem_indexed(long i) {
  long v;
  asm("movq %1, %0" : "=r"(v) : "m"((&sym)[i]));
  return v;
}

// LARGE: error: gotfree: the large code model is not supported
