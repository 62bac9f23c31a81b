# A GOT load that a stock lld relaxes to a lea but keeps describing as
# R_X86_64_REX_GOTPCRELX.
  .section .text._start,"ax",@progbits
  .globl _start
  .type _start,@function
_start:
  movq value@GOTPCREL(%rip), %rax
  movl (%rax), %edi
  movl $231, %eax
  syscall
  .size _start, .-_start
  .section .text.other,"ax",@progbits
  .p2align 4
  .type other,@function
other:
  retq
  .size other, .-other
  .data
  .globl value
value:
  .long 5
