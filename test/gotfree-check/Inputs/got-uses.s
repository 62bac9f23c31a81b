# A small input with GOT uses, absolute and PC-relative relocations; the
# base for the hand-broken files of bad-input.test.
  .text
  .globl _start
_start:
  call f
  movq foo@GOTPCREL(%rip), %rax
  jmp *foo@GOTPCREL(%rip)
  leaq foo(%rip), %rax
  ret
f:
  ret
  .globl foo
foo:
  ret
  .data
  .p2align 3
  .quad foo
  .quad f
