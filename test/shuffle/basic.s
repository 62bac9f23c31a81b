# gotfree-shuffle on a small program: calls between functions, a relative
# jump table in .rodata, function pointers in .data.rel.ro and .eh_frame.
# The shuffled program (static, so that it runs without a self-relocator)
# exits with the same code, its calls still reach the functions they name,
# its function order differs from the input's and between seeds, and a seed
# is reproducible. As a PIE, the RELATIVE addends follow the functions.
# REQUIRES: gotfree-shuffle
# RUN: rm -rf %t && mkdir -p %t && cd %t
# RUN: llvm-mc -filetype=obj -triple=x86_64 %s -o prog.o
# RUN: ld.lld -static --emit-relocs prog.o -o prog
# RUN: bash %S/../gotfree-check/Inputs/exit-code.sh 42 ./prog
# RUN: %gotfree_shuffle --seed 1 prog -o s1 | FileCheck %s --check-prefix=LOG
# RUN: %gotfree_shuffle --seed 2 prog -o s2 > /dev/null
# RUN: %gotfree_shuffle --seed 1 prog -o s1again > /dev/null
# RUN: cmp s1 s1again
# RUN: bash %S/../gotfree-check/Inputs/exit-code.sh 42 ./s1
# RUN: bash %S/../gotfree-check/Inputs/exit-code.sh 42 ./s2
# RUN: llvm-nm -n --defined-only prog | awk '$2 == "t" { print $3 }' > order.in
# RUN: llvm-nm -n --defined-only s1 | awk '$2 == "t" { print $3 }' > order.1
# RUN: llvm-nm -n --defined-only s2 | awk '$2 == "t" { print $3 }' > order.2
# RUN: not cmp -s order.in order.1
# RUN: not cmp -s order.1 order.2
# RUN: sort order.in > sorted.in && sort order.1 > sorted.1 && cmp sorted.in sorted.1
# RUN: llvm-objdump -d --no-show-raw-insn --disassemble-symbols=_start s1 | FileCheck %s --check-prefix=START
# RUN: llvm-objdump -d --no-show-raw-insn --disassemble-symbols=pick s1 | FileCheck %s --check-prefix=PICK
# RUN: llvm-objdump -d --no-show-raw-insn --disassemble-symbols=twice s1 | FileCheck %s --check-prefix=TWICE
# The relocation records moved with the code: the shuffled program can be
# shuffled again, and still runs.
# RUN: %gotfree_shuffle --seed 7 s1 -o s1s7 > /dev/null
# RUN: not cmp -s s1 s1s7
# RUN: bash %S/../gotfree-check/Inputs/exit-code.sh 42 ./s1s7
# RUN: %gotfree_check s1 | FileCheck %s --check-prefix=CHECK-OUT
# RUN: ld.lld -static -pie --no-dynamic-linker -z text --emit-relocs prog.o -o pie
# RUN: %gotfree_shuffle --seed 3 pie -o pie3 | FileCheck %s --check-prefix=PIELOG
# RUN: llvm-nm pie3 > pie3.txt && llvm-readelf -r pie3 >> pie3.txt
# RUN: FileCheck %s --check-prefix=PIE < pie3.txt
# RUN: llvm-nm pie > pie.txt && llvm-readelf -r pie >> pie.txt
# RUN: FileCheck %s --check-prefix=PIE < pie.txt

# LOG: gotfree-shuffle: s1: seed 1, 6 functions in 6 blocks (0 kept together)
# LOG-SAME: 0 dynamic
# PIELOG: seed 3, 6 functions in 6 blocks {{.*}} 2 dynamic

# PIE: {{0*}}[[ADDR:[1-9a-f][0-9a-f]*]] t twice
# PIE: Relocation section '.rela.dyn'
# PIE-COUNT-2: R_X86_64_RELATIVE {{ *}}[[ADDR]]{{$}}

# Each call still names its callee (llvm-objdump symbolizes the target).
# START: <_start>:
# START:      callq {{.*}} <pick>
# START:      leaq {{.*}}(%rip), %rcx # {{.*}} <fptrs>
# PICK:       <pick>:
# PICK:       leaq {{.*}}(%rip), %rcx # {{.*}} <table>
# TWICE:      <twice>:
# TWICE:      callq {{.*}} <helper>

# CHECK-OUT: gotfree-check: PASS

  .section .text._start,"ax",@progbits
  .p2align 4
  .globl _start
  .type _start,@function
_start:
  .cfi_startproc
  movl $2, %edi
  callq pick                 # case 2: 20
  movl %eax, %ebx
  leaq fptrs(%rip), %rcx
  movl $1, %edi
  callq *8(%rcx)             # fptrs[1] = twice: 2
  addl %eax, %ebx
  movl $10, %edi
  callq *(%rcx)              # fptrs[0] = twice: 20
  addl %eax, %ebx
  movl %ebx, %edi            # 42
  movl $231, %eax
  syscall
  .cfi_endproc
  .size _start, .-_start

  .section .text.pick,"ax",@progbits
  .p2align 4
  .type pick,@function
pick:
  .cfi_startproc
  movl %edi, %eax
  leaq table(%rip), %rcx
  movslq (%rcx,%rax,4), %rax
  addq %rcx, %rax
  jmpq *%rax
.Lcase0:
  movl $5, %eax
  retq
.Lcase1:
  movl $7, %eax
  retq
.Lcase2:
  movl $20, %eax
  retq
  .cfi_endproc
  .size pick, .-pick

  .section .text.twice,"ax",@progbits
  .p2align 4
  .type twice,@function
twice:
  .cfi_startproc
  pushq %rbx
  .cfi_def_cfa_offset 16
  movl %edi, %ebx
  callq helper
  addl %ebx, %eax
  popq %rbx
  .cfi_def_cfa_offset 8
  retq
  .cfi_endproc
  .size twice, .-twice

  .section .text.helper,"ax",@progbits
  .p2align 4
  .type helper,@function
helper:
  movl %edi, %eax
  retq
  .size helper, .-helper

  .section .text.pad1,"ax",@progbits
  .p2align 4
  .type pad1,@function
pad1:
  .fill 40, 1, 0x90
  retq
  .size pad1, .-pad1

  .section .text.pad2,"ax",@progbits
  .p2align 4
  .type pad2,@function
pad2:
  .fill 70, 1, 0x90
  retq
  .size pad2, .-pad2

  .section .rodata,"a",@progbits
  .p2align 2
  .type table,@object
table:
  .long .Lcase0 - table
  .long .Lcase1 - table
  .long .Lcase2 - table
  .size table, 12

  .section .data.rel.ro,"aw",@progbits
  .p2align 3
fptrs:
  .quad twice
  .quad twice
