# Two functions in one section: the call between them has no relocation.
  .text
  .globl _start
  .type _start,@function
_start:
  callq inner
  addl value(%rip), %eax
  movl %eax, %edi
  movl $231, %eax
  syscall
  .size _start, .-_start
  .p2align 4
  .type inner,@function
inner:
  movl $3, %eax
  retq
  .size inner, .-inner
  .data
value:
  .long 0
