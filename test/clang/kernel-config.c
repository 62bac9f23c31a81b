// The kernel defaults that depend on the kernel being compiled come from its
// configuration, which Kbuild includes in every compile. The per-CPU default
// (segment-refs=auto): CONFIG_X86_64_SMP marks the zero-based per-CPU
// area of x86-64 SMP kernels up to 6.14, whose %gs:sym offsets and
// per_cpu_ptr() offsets stay absolute; without it (7.3, and any
// uniprocessor kernel) per-CPU symbols are ordinary addresses and become
// RIP-relative. segment-refs=keep|rip overrides it either way.
//
// A zero-based kernel (6.1, 6.12): kept, with the keep remark.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -ffreestanding -nostdinc \
// RUN:   -D__KERNEL__ -include %S/Inputs/autoconf-x86_64-smp.h \
// RUN:   -Rpass-missed=gotfree -c %s -o %t.zero.o 2>&1 | FileCheck %s --check-prefix=KEEPREMARK
// RUN: llvm-objdump -dr --no-show-raw-insn %t.zero.o | FileCheck %s --check-prefixes=KEEP,WEAKABS
// A 7.3 kernel (SMP, no CONFIG_X86_64_SMP): RIP-relative, no R_X86_64_32S.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -ffreestanding -nostdinc \
// RUN:   -D__KERNEL__ -include %S/Inputs/autoconf-x86_64-7.3.h -c %s -o %t.rel.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rel.o | FileCheck %s --check-prefixes=RIP,WEAKRELRO
// RUN: llvm-readelf -r %t.rel.o | FileCheck %s --check-prefix=NO32S
// Overrides, both ways.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -ffreestanding -nostdinc \
// RUN:   -D__KERNEL__ -include %S/Inputs/autoconf-x86_64-7.3.h \
// RUN:   -fplugin-arg-gotfree-segment-refs=keep -c %s -o %t.keep.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.keep.o | FileCheck %s --check-prefixes=KEEP,WEAKRELRO
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -ffreestanding -nostdinc \
// RUN:   -D__KERNEL__ -include %S/Inputs/autoconf-x86_64-smp.h \
// RUN:   -fplugin-arg-gotfree-segment-refs=rip -c %s -o %t.rip.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.rip.o | FileCheck %s --check-prefixes=RIP,WEAKABS
// Not a kernel compile (no __KERNEL__): nothing to read, kept as before.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -ffreestanding -nostdinc \
// RUN:   -include %S/Inputs/autoconf-x86_64-7.3.h -c %s -o %t.user.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.user.o | FileCheck %s --check-prefixes=KEEP,WEAKABS
// The decision travels with the bitcode to link-time code generation.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -ffreestanding -nostdinc -flto=thin \
// RUN:   -D__KERNEL__ -include %S/Inputs/autoconf-x86_64-7.3.h -c %s -o %t.rel.bc
// RUN: llvm-dis %t.rel.bc -o - | FileCheck %s --check-prefix=FLAGRIP
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -ffreestanding -nostdinc -flto=thin \
// RUN:   -D__KERNEL__ -include %S/Inputs/autoconf-x86_64-smp.h -c %s -o %t.zero.bc
// RUN: llvm-dis %t.zero.bc -o - | FileCheck %s --check-prefix=FLAGKEEP
// RUN: ld.lld -r --load-pass-plugin=%gotfree_so %t.rel.bc -o %t.lto.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.lto.o | FileCheck %s --check-prefixes=RIP,WEAKRELRO
// And to llc, when the compile stops at IR (-emit-llvm) and llc loads the
// plugin: its machine passes take the options recorded in the module.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -ffreestanding -nostdinc -emit-llvm \
// RUN:   -D__KERNEL__ -include %S/Inputs/autoconf-x86_64-7.3.h -c %s -o %t.rel.ir.bc
// RUN: %llc_gf -O2 -relocation-model=static \
// RUN:   -code-model=kernel -filetype=obj %t.rel.ir.bc -o %t.llc.o
// RUN: llvm-objdump -dr --no-show-raw-insn %t.llc.o | FileCheck %s --check-prefixes=RIP,WEAKRELRO

#define __percpu_section __attribute__((section(".data..percpu")))
__percpu_section long runqueues[4];
extern __seg_gs long counters[];
extern unsigned long __per_cpu_offset[];

// per_cpu_ptr(&runqueues, cpu): the variable's address plus the CPU's offset.
// __per_cpu_offset is an ordinary variable either way.
// KEEP-LABEL: <other_cpu>:
// KEEP:         leaq (%rip), %rcx
// KEEP-NEXT:    R_X86_64_PC32 __per_cpu_offset-0x4
// KEEP-NEXT:    movq (%rcx,%rax,8), %rax
// KEEP-NEXT:    movq (%rax), %rax
// KEEP-NEXT:    R_X86_64_32S runqueues
// RIP-LABEL: <other_cpu>:
// RIP:          leaq (%rip), %rcx
// RIP-NEXT:     R_X86_64_PC32 __per_cpu_offset-0x4
// RIP-NEXT:     movq (%rcx,%rax,8), %rax
// RIP-NEXT:     leaq (%rip), %rcx
// RIP-NEXT:     R_X86_64_PC32 runqueues-0x4
// RIP-NEXT:     movq (%rax,%rcx), %rax
// KEEPREMARK: kernel-config.c:[[@LINE+2]]:{{.*}} remark: kept absolute reference to per-CPU variable 'runqueues' in {{.*}}(segment-refs=keep)
long other_cpu(int cpu) {
  return *(long *)((char *)&runqueues + __per_cpu_offset[cpu]);
}

// A %gs:-relative access to an indexed per-CPU array.
// KEEP-LABEL: <this_cpu>:
// KEEP-NEXT:    movq %gs:(,%rdi,8), %rax
// KEEP-NEXT:    R_X86_64_32S counters
// RIP-LABEL: <this_cpu>:
// RIP-NEXT:     leaq (%rip), %rax
// RIP-NEXT:     R_X86_64_PC32 counters-0x4
// RIP-NEXT:     movq %gs:(%rax,%rdi,8), %rax
long this_cpu(long i) { return counters[i]; }

// NO32S-NOT: R_X86_64_32S
// FLAGRIP-DAG: !{i32 1, !"gotfree.segment-refs", !"rip"}
// FLAGRIP-DAG: !{i32 1, !"gotfree.weak", !"relro"}
// FLAGRIP-DAG: !{i32 1, !"gotfree.relro", !"on"}
// FLAGKEEP-DAG: !{i32 1, !"gotfree.segment-refs", !"keep"}
// FLAGKEEP-DAG: !{i32 1, !"gotfree.weak", !"auto"}
// FLAGKEEP-DAG: !{i32 1, !"gotfree.relro", !"auto"}

// A kernel whose per-CPU data is not zero-based can be linked as a PIE, whose
// run-time relocations must be in writable data (-z text): the address of an
// extern_weak symbol is loaded from a pointer (weak=relro), and constants
// holding addresses go to .data.rel.ro (relro=on). A zero-based kernel
// keeps its relocs-tool defaults (weak=abs, relro=off).
extern int weak_hook __attribute__((weak));
// WEAKABS-LABEL: <weak_present>:
// WEAKABS:        movabsq $0x0, %r{{[a-z0-9]+}}
// WEAKABS-NEXT:   R_X86_64_64 weak_hook
// WEAKRELRO-LABEL: <weak_present>:
// WEAKRELRO-NOT:  movabsq
// WEAKRELRO:      cmpq $0x0, (%rip)
// WEAKRELRO-NEXT: R_X86_64_PC32 .data.rel.ro
int weak_present(void) { return &weak_hook != 0; }

extern void handler_a(void), handler_b(void);
void (*const handlers[])(void) = {handler_a, handler_b};
// RUN: llvm-readelf -S -r %t.zero.o | FileCheck %s --check-prefix=SECZERO
// RUN: llvm-readelf -S -r %t.rel.o | FileCheck %s --check-prefix=SECREL
// SECZERO: Relocation section '.rela.rodata'
// SECZERO-NEXT: Offset
// SECZERO-NEXT: R_X86_64_64 {{.*}} handler_a
// SECREL-NOT: Relocation section '.rela.rodata'
// SECREL: Relocation section '.rela.data.rel.ro'
// SECREL-NEXT: Offset
// SECREL-NEXT: R_X86_64_64 {{.*}} handler_a
