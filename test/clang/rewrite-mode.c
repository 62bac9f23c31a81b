// Rewrite mode through clang: today's kernel flags plus the plugin give an
// object with no absolute or GOT relocation, and -Rpass=gotfree says what was
// rewritten, at the source line.
// RUN: %clang_gf -O2 -fno-vectorize -fno-unroll-loops -mcmodel=kernel -fno-pie -c %s -o %t.o -Rpass=gotfree 2>&1 \
// RUN:   | FileCheck %s --check-prefix=REMARK
// RUN: llvm-readelf -r %t.o | FileCheck %s --check-prefix=RELOC
// RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
// RUN: clang -O2 -mcmodel=kernel -fno-pie -c %s -o %t.base.o
// RUN: llvm-readelf -r %t.base.o | FileCheck %s --check-prefix=BASE
// BASE: R_X86_64_32S

extern long sym, arr[];
extern void take(void *);
extern void fn(void);

// REMARK: rewrite-mode.c:[[@LINE+4]]:{{[0-9]+}}: remark: rewrote MOV64ri32 of 'sym' as RIP-relative LEA
// CHECK-LABEL: <addr>:
// CHECK-NEXT:  leaq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 sym-0x4
long *addr(void) { return &sym; }

// REMARK: rewrite-mode.c:[[@LINE+5]]:{{[0-9]+}}: remark: gave indexed absolute reference to 'arr' a RIP-relative base
// CHECK-LABEL: <idx>:
// CHECK-NEXT:  leaq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 arr-0x4
// CHECK-NEXT:  movq (%rax,%rdi,8), %rax
long idx(long i) { return arr[i]; }

// CHECK-LABEL: <fnptr>:
// CHECK:       leaq (%rip), %rdi
// CHECK-NEXT:  R_X86_64_PC32 fn-0x4
void fnptr(void) { take(fn); }

// A loop that indexes a global array: the LEA is hoisted out of the loop.
// CHECK-LABEL: <sum>:
// CHECK:       leaq (%rip), %[[R:[a-z0-9]+]]
// CHECK-NEXT:  R_X86_64_PC32 arr-0x4
// CHECK-NOT:   leaq
// CHECK:       addq (%[[R]]), %rax
// CHECK-NOT:   leaq
// CHECK:       jne
// CHECK-NEXT:  retq
long sum(long n) {
  long s = 0;
  for (long i = 0; i < n; ++i)
    s += arr[i];
  return s;
}

// RELOC:     '.rela.text'
// RELOC-NOT: R_X86_64_32
// RELOC-NOT: GOTPCREL
// RELOC:     '.rela.eh_frame'
