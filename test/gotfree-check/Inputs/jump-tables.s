# Hand-written jump-table dispatches with the three annotation formats of
# design.md "Jump tables". Assembled with -defsym BAD=1 the tables and
# annotations are broken in the ways gotfree-check must catch.

  .text
# reloc-none, relative 4-byte entries (lea; movslq; add; jmp *%reg).
  .globl rel_none
  .type rel_none,@function
rel_none:
  cmpl $3, %edi
  ja .Lrn_def
  movl %edi, %eax
  leaq rel_none.jt(%rip), %rcx
  movslq (%rcx,%rax,4), %rax
  addq %rcx, %rax
  .reloc ., R_X86_64_NONE, rel_none.jt
  jmpq *%rax
.Lrn0:
  movl $10, %eax
  retq
.Lrn1:
  movl $11, %eax
  retq
.Lrn2:
  movabsq $0x1122334455667788, %rax
  retq
.Lrn3:
  movl $13, %eax
  retq
.Lrn_def:
  xorl %eax, %eax
  retq
  .size rel_none, .-rel_none

# reloc-none, absolute 8-byte entries (lea; jmp *(t,i,8)).
  .globl abs_none
  .type abs_none,@function
abs_none:
  cmpl $2, %edi
  ja .Lan_def
  movl %edi, %eax
  leaq abs_none.jt(%rip), %rcx
  .reloc ., R_X86_64_NONE, abs_none.jt
  jmpq *(%rcx,%rax,8)
.Lan0:
  movl $20, %eax
  retq
.Lan1:
  movl $21, %eax
  retq
.Lan2:
  movl $22, %eax
  retq
.Lan_def:
  xorl %eax, %eax
  retq
  .size abs_none, .-abs_none

# annotate-insn: the jump is named in .discard.annotate_insn, the table is
# what the lea before it loads.
  .globl annot
  .type annot,@function
annot:
  cmpl $1, %edi
  ja .Lai_def
  movl %edi, %eax
  leaq annot.jt(%rip), %rcx
  movslq (%rcx,%rax,4), %rax
  addq %rcx, %rax
.Lai_jmp:
  jmpq *%rax
.Lai0:
  movl $30, %eax
  retq
.Lai1:
  movl $31, %eax
  retq
.Lai_def:
  xorl %eax, %eax
  retq
  .size annot, .-annot
  .pushsection .discard.annotate_insn,"M",@progbits,8
  .long .Lai_jmp - .
  .long 9
  # Another annotation type on the same instruction: not a jump table.
  .long .Lai0 - .
  .long 1
  .popsection

# tablejump-pairs: {jump, table} pairs.
  .globl pairs
  .type pairs,@function
pairs:
  cmpl $1, %edi
  ja .Ltp_def
  movl %edi, %eax
  leaq pairs.jt(%rip), %rcx
.Ltp_jmp:
  jmpq *(%rcx,%rax,8)
.Ltp0:
  movl $40, %eax
  retq
.Ltp1:
  movl $41, %eax
  retq
.Ltp_def:
  xorl %eax, %eax
  retq
  .size pairs, .-pairs
  .pushsection .discard.tablejump_annotate,"",@progbits
  .quad .Ltp_jmp
  .quad pairs.jt
  .popsection

  .globl _start
  .type _start,@function
_start:
  retq
  .size _start, .-_start

.ifdef BAD
# An annotation that is not on an indirect jump.
  .globl not_jmp
  .type not_jmp,@function
not_jmp:
  leaq rel_none.jt(%rip), %rcx
  .reloc ., R_X86_64_NONE, rel_none.jt
  movl $1, %eax
  retq
  .size not_jmp, .-not_jmp
.endif

  .section .rodata,"a",@progbits
  .p2align 3
  .type rel_none.jt,@object
rel_none.jt:
  .long .Lrn0 - rel_none.jt
  .long .Lrn1 - rel_none.jt
.ifdef BAD
  # Into the middle of the movabsq.
  .long .Lrn2 + 2 - rel_none.jt
.else
  .long .Lrn2 - rel_none.jt
.endif
  .long .Lrn3 - rel_none.jt
  .size rel_none.jt, .-rel_none.jt

  # Absolute tables live in .data.rel.ro, as compilers put them for PIC.
  .section .data.rel.ro,"aw",@progbits
  .p2align 3
  .type abs_none.jt,@object
abs_none.jt:
  .quad .Lan0
.ifdef BAD
  # Into another function.
  .quad _start
.else
  .quad .Lan1
.endif
  .quad .Lan2
  .size abs_none.jt, .-abs_none.jt

  .section .rodata,"a",@progbits
  .p2align 3
  .type annot.jt,@object
annot.jt:
  .long .Lai0 - annot.jt
  .long .Lai1 - annot.jt
.ifdef BAD
  # The symbol claims a third entry that points past the function.
  .long .Lai1 + 0x1000 - annot.jt
.endif
  .size annot.jt, .-annot.jt

  .section .data.rel.ro,"aw",@progbits
  .p2align 3
.ifndef BAD
  .type pairs.jt,@object
.endif
pairs.jt:
  .quad .Ltp0
  .quad .Ltp1
.ifndef BAD
  .size pairs.jt, .-pairs.jt
.endif
