// An absolute reference may carry any 32-bit offset; a RIP-relative one must
// keep S + A - P in range. A far offset (the kernel's
// "__bss_stop - __START_KERNEL_map") is added separately, so the object links
// at a kernel address; small offsets stay folded.
// RUN: %clang_gf -Os -mcmodel=kernel -fno-pie -c %s -o %t.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
// RUN: printf 'SECTIONS { . = 0xffffffff81000000; .text : { *(.text*) } .data : { *(.data* .bss*) } . += 0x100000; __bss_stop = .; }' > %t.lds
// RUN: ld.lld -T %t.lds %t.o -o %t.elf
// Control: folding the offset into the PC-relative reference does not link.
// RUN: echo '.globl g; g: leaq __bss_stop+0x7fffffff(%%rip), %%rax' > %t.bad.s
// RUN: clang -c %t.bad.s -o %t.bad.o
// RUN: not ld.lld -T %t.lds %t.bad.o -o %t.bad.elf 2>&1 | FileCheck %s --check-prefix=RANGE
// RANGE: relocation R_X86_64_PC32 out of range

extern char __bss_stop[];
unsigned long phys_base;
char small[64];

// CHECK-LABEL: <far>:
// CHECK-NEXT:  leaq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 __bss_stop-0x4
// CHECK-NEXT:  addq $0x7fffffff, %rax
unsigned long far(void) {
  return (unsigned long)__bss_stop - 0xffffffff80000000UL + phys_base - 1;
}

// CHECK-LABEL: <near>:
// CHECK-NEXT:  leaq (%rip), %rax
// CHECK-NEXT:  R_X86_64_PC32 small+0xc
char *near(void) { return &small[16]; }
