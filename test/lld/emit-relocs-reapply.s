# REQUIRES: patched-lld
## Kernel-style check (what arch/x86/tools/relocs relies on): every relocation
## that --emit-relocs keeps, applied again to the linked output, must give the
## bytes that are there, after lld relaxed GOTPCRELX and TLS sequences.

# RUN: rm -rf %t && split-file %s %t && cd %t
# RUN: llvm-mc -filetype=obj -triple=x86_64 got.s -o got.o
# RUN: llvm-mc -filetype=obj -triple=x86_64 tls.s -o tls.o
# RUN: llvm-readelf -r got.o | FileCheck --check-prefix=OBJ %s
# OBJ: R_X86_64_REX_GOTPCRELX
# OBJ: R_X86_64_GOTPCRELX

# RUN: %ld_lld_patched --emit-relocs -no-pie got.o tls.o -o nopie
# RUN: python3 %S/Inputs/reapply-relocs.py nopie | FileCheck --check-prefix=OK %s
# RUN: %ld_lld_patched --emit-relocs -pie got.o tls.o -o pie
# RUN: python3 %S/Inputs/reapply-relocs.py pie | FileCheck --check-prefix=OK %s
## The binops stay GOT loads in a PIE; their GOT slots are checked too.
# RUN: llvm-objdump -dr --no-show-raw-insn pie | FileCheck --check-prefix=PIEDIS %s
# OK: reapply-relocs: {{[1-9][0-9]*}} relocations, 0 failed
# PIEDIS: addq {{.*}}(%rip), %rax
# PIEDIS-NEXT: R_X86_64_REX_GOTPCRELX foo-0x4

## Negative control: the unpatched lld keeps the GOTPCRELX and TLS types.
# RUN: ld.lld --emit-relocs -no-pie got.o tls.o -o old
# RUN: not python3 %S/Inputs/reapply-relocs.py old | FileCheck --check-prefix=OLD %s
# OLD-DAG: R_X86_64_REX_GOTPCRELX foo-4: does not point into .got
# OLD-DAG: R_X86_64_GOTPCRELX foo-4: does not point into .got
# OLD-DAG: R_X86_64_GOTTPOFF ie-4: does not point into .got
# OLD-DAG: R_X86_64_TLSGD gd-4: unsupported relocation type
# OLD:     reapply-relocs: {{[0-9]+}} relocations, {{[1-9][0-9]*}} failed

#--- got.s
.globl _start, foo
_start:
  movq foo@GOTPCREL(%rip), %rax
  movl foo@GOTPCREL(%rip), %eax
  call *foo@GOTPCREL(%rip)
  jmp *foo@GOTPCREL(%rip)
  addq foo@GOTPCREL(%rip), %rax
  testq %rax, foo@GOTPCREL(%rip)
  subl foo@GOTPCREL(%rip), %r8d
  cmpq foo@GOTPCREL(%rip), %r15
.data
foo: .quad 0

#--- tls.s
.globl __tls_get_addr
  .byte 0x66
  leaq gd@tlsgd(%rip), %rdi
  .value 0x6666
  rex64
  call __tls_get_addr@PLT
  leaq ld@tlsld(%rip), %rdi
  call __tls_get_addr@PLT
  leaq ld@dtpoff(%rax), %rcx
  movq ie@gottpoff(%rip), %rax
  addq ie@gottpoff(%rip), %r12
  addq ie@gottpoff(%rip), %rcx
  leaq desc@tlsdesc(%rip), %rax
  call *desc@tlscall(%rax)
__tls_get_addr:
  ret
.section .tbss,"awT",@nobits
gd: .quad 0
ld: .quad 0
ie: .quad 0
desc: .quad 0
