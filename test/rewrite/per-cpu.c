// A kernel's per-CPU variables (section .data..percpu and its ..* variants,
// on declarations too) live in a zero-based per-CPU area: their "address" is
// an offset into it, which per_cpu_ptr() adds to __per_cpu_offset[cpu] and
// which the relocs tool leaves alone. With segment-refs=keep (the default,
// the same zero-based assumption as for %gs:sym) the offset stays an absolute
// displacement or immediate, as in -mcmodel=kernel code without the plugin;
// every other symbol still becomes RIP-relative.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -c %s -o %t.o \
// RUN:   -Rpass-missed=gotfree 2>&1 | FileCheck %s --check-prefix=REMARK
// RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
// Controls: segment-refs=rip (a kernel whose per-CPU area is not zero-based)
// and code that is not a kernel make the offsets RIP-relative addresses.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -c %s -o %t.rip.o \
// RUN:   -fplugin-arg-gotfree-segment-refs=rip
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rip.o \
// RUN:   | FileCheck %s --check-prefix=RIP
// RUN: %clang_gf -O2 -mcmodel=small -fno-pie -c %s -o %t.small.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.small.o \
// RUN:   | FileCheck %s --check-prefix=RIP

struct rq {
  long nr;
  long load[4];
};
extern __attribute__((section(".data..percpu"))) struct rq runqueues;
extern __attribute__((section(".data..percpu..shared_aligned"))) long counter;
extern unsigned long __per_cpu_offset[];

// REMARK-DAG: per-cpu.c:[[@LINE+8]]:{{[0-9]+}}: remark: kept absolute reference to per-CPU variable 'runqueues' in MOV64rm: an offset into the zero-based per-CPU area (segment-refs=keep) [-Rpass-missed=gotfree]
// CHECK-LABEL: <nr>:
// CHECK:       leaq (%rip), %[[T:r[a-z0-9]+]]
// CHECK-NEXT:  R_X86_64_PC32 __per_cpu_offset-0x4
// CHECK-NEXT:  movq (%[[T]],%rax,8), %rax
// CHECK-NEXT:  movq (%rax), %rax
// CHECK-NEXT:  R_X86_64_32S runqueues
long nr(int cpu) {
  return ((struct rq *)((char *)&runqueues + __per_cpu_offset[cpu]))->nr;
}
// RIP-LABEL: <nr>:
// RIP:       R_X86_64_PC32 __per_cpu_offset-0x4
// RIP:       R_X86_64_PC32 runqueues-0x4

// CHECK-LABEL: <ptr>:
// CHECK:       movq $0x0, %rax
// CHECK-NEXT:  R_X86_64_32S counter
// CHECK:       R_X86_64_PC32 __per_cpu_offset-0x4
// RIP-LABEL: <ptr>:
// RIP:       leaq (%rip), %rax
// RIP-NEXT:  R_X86_64_PC32 counter-0x4
// REMARK-DAG: per-cpu.c:[[@LINE+2]]:{{[0-9]+}}: remark: kept absolute reference to per-CPU variable 'counter' in MOV64ri32
long *ptr(int cpu) {
  return (long *)((char *)&counter + __per_cpu_offset[cpu]);
}

// CHECK-LABEL: <offset>:
// CHECK-NEXT:  movq $0x0, %rax
// CHECK-NEXT:  R_X86_64_32S runqueues+0x10
// RIP-LABEL: <offset>:
// RIP-NEXT:  leaq (%rip), %rax
// RIP-NEXT:  R_X86_64_PC32 runqueues+0xc
// REMARK-DAG: per-cpu.c:[[@LINE+1]]:{{[0-9]+}}: remark: kept absolute reference to per-CPU variable 'runqueues'+16 in MOV64ri32
long *offset(void) { return &runqueues.load[1]; }
