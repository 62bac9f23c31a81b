// Rewrite mode on user-space code: -mcmodel=kernel's stack protector reads
// the canary from %gs:40, which only a kernel sets up, so a hosted compile
// (standard headers, not -ffreestanding) gets a warning; kernel-like
// compiles (-nostdinc, -ffreestanding), a guard somewhere else, no stack
// protector, and the other modes get none.
// RUN: %clang_gf --target=x86_64-linux-gnu -O2 -mcmodel=kernel -fno-pie -fstack-protector-strong -c %s -o %t.o 2>&1 | FileCheck %s
// RUN: llvm-objdump -d --no-show-raw-insn %t.o | FileCheck %s --check-prefix=GS
// RUN: %clang_gf --target=x86_64-linux-gnu -O2 -mcmodel=kernel -fno-pie -fstack-protector-strong -nostdinc -c %s -o %t.o 2>&1 | count 0
// RUN: %clang_gf --target=x86_64-linux-gnu -O2 -mcmodel=kernel -fno-pie -fstack-protector-strong -ffreestanding -c %s -o %t.o 2>&1 | count 0
// RUN: %clang_gf --target=x86_64-linux-gnu -O2 -mcmodel=kernel -fno-pie -fno-stack-protector -c %s -o %t.o 2>&1 | count 0
// RUN: %clang_gf --target=x86_64-linux-gnu -O2 -mcmodel=kernel -fno-pie -fstack-protector-strong -fplugin-arg-gotfree-mode=off -c %s -o %t.o 2>&1 | count 0
// RUN: %clang_gf --target=x86_64-linux-gnu -O2 -fno-pie -fstack-protector-strong -c %s -o %t.o 2>&1 | count 0
// RUN: %clang_gf --target=x86_64-linux-gnu -O2 -fpie -fstack-protector-strong -c %s -o %t.o 2>&1 | count 0
// The global guard is what the warning suggests: it becomes RIP-relative.
// RUN: %clang_gf --target=x86_64-linux-gnu -O2 -mcmodel=kernel -fno-pie -fstack-protector-strong -mstack-protector-guard=global -c %s -o %t.global.o 2>&1 | count 0
// RUN: llvm-objdump -dr --no-show-raw-insn %t.global.o | FileCheck %s --check-prefix=GLOBAL

// CHECK: warning: gotfree: -mcmodel=kernel with -fstack-protector reads the stack canary from %gs:40, which only a kernel sets up; a hosted program crashes at its first protected return (use -fno-stack-protector or -mstack-protector-guard=global, or -ffreestanding/-nostdinc if this is kernel code)
// GS: %gs:0x28
// GLOBAL-NOT: %gs:
// GLOBAL:     R_X86_64_PC32 __stack_chk_guard-0x4
// GLOBAL-NOT: %gs:

int g(char *);
int f(const char *s) {
  char buf[64];
  __builtin_strcpy(buf, s);
  return g(buf);
}
