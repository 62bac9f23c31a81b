# _start's symbol is 5 bytes (its call) when SHORT is defined, though its
# code goes on: the rest would stay behind when functions move. One section
# a function, as -ffunction-sections makes them.
  .section .text._start,"ax",@progbits
  .globl _start
  .type _start,@function
_start:
  callq helper
  movl %eax, %edi
  movl $231, %eax
  syscall
.ifdef SHORT
  .size _start, 5
.else
  .size _start, .-_start
.endif
  .section .text.helper,"ax",@progbits
  .p2align 4
  .type helper,@function
helper:
  movl $7, %eax
  retq
  .size helper, .-helper
  .section .text.other,"ax",@progbits
  .p2align 4
  .type other,@function
other:
  callq helper
  retq
  .size other, .-other
