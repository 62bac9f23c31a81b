# Absolute relocations in allocated sections, text relocations and RELR
# statistics. movabsq in .text is an R_X86_64_64 in code (an error, unlike
# R_X86_64_64 in data); -z notext lets lld keep it as a dynamic relocation
# on read-only code: a text relocation.
# REQUIRES: gotfree-check
# RUN: llvm-mc -filetype=obj -triple=x86_64 -defsym NOPIE=1 %s -o %t.nopie.o
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.nopie.o | FileCheck %s --check-prefix=OBJ
# RUN: ld.lld -static --emit-relocs %t.nopie.o -o %t.exe
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.exe | FileCheck %s --check-prefix=EXE
# Past --max-listed findings are counted, not listed.
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check --max-listed=1 %t.exe | FileCheck %s --check-prefix=CAP
# RUN: llvm-mc -filetype=obj -triple=x86_64 %s -o %t.o
# RUN: ld.lld -pie -z notext -z pack-relative-relocs --emit-relocs %t.o -o %t.pie
# RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.pie | FileCheck %s --check-prefix=PIE
# RUN: llvm-readelf -r -d %t.pie | FileCheck %s --check-prefix=READELF
# Allowing a category turns its findings into a pass, exit status 0.
# RUN: %gotfree_check --allow=abs,textrel %t.pie | FileCheck %s --check-prefix=ALLOWED
# RUN: bash %S/Inputs/exit-code.sh 2 %gotfree_check --allow=bogus %t.pie 2>&1 | FileCheck %s --check-prefix=BADOPT

# OBJ:      gotfree-check: {{.*}}: relocatable object, 8 static relocations
# OBJ-NEXT: abs-reloc: .text+0x2 <_start+0x2>: R_X86_64_64 var+0x0 in .text
# OBJ-NEXT: abs-reloc: .text+0x13 <_start+0x13>: R_X86_64_32S var+0x8 in .text
# OBJ-NEXT: abs-reloc: .rodata+0x0 <table>: R_X86_64_32 var+0x0 in .rodata
# OBJ-NEXT: abs64-data: 4 R_X86_64_64 relocations in allocated data (not an error)
# OBJ-NEXT: gotfree-check: FAIL: got=0 abs=3 textrel=0 stale=0 jump-table=0

# EXE:      gotfree-check: {{.*}}: executable, 8 static relocations
# lld puts .rodata below .text: address order.
# EXE-NEXT: abs-reloc: 0x{{[0-9a-f]+}} <table>: R_X86_64_32 var+0x0 in .rodata
# EXE-NEXT: abs-reloc: 0x{{[0-9a-f]+}} <_start+0x2>: R_X86_64_64 var+0x0 in .text
# EXE-NEXT: abs-reloc: 0x{{[0-9a-f]+}} <_start+0x13>: R_X86_64_32S var+0x8 in .text
# EXE-NEXT: abs64-data: 4 R_X86_64_64 relocations in allocated data (not an error)
# EXE-NEXT: gotfree-check: FAIL: got=0 abs=3 textrel=0 stale=0 jump-table=0

# CAP:      gotfree-check: {{.*}}: executable, 8 static relocations
# CAP-NEXT: abs-reloc: 0x{{[0-9a-f]+}} <_start+0x2>: R_X86_64_64 var+0x0 in .text
# CAP-NEXT: unlisted: 2 more abs findings (raise --max-listed to see them)
# CAP-NEXT: abs64-data: 4 R_X86_64_64 relocations in allocated data (not an error)
# CAP-NEXT: gotfree-check: FAIL: got=0 abs=3 textrel=0 stale=0 jump-table=0

# PIE:      abs-reloc: 0x{{[0-9a-f]+}} <_start+0x2>: R_X86_64_64 var+0x0 in .text
# PIE-NEXT: text-reloc: 0x{{[0-9a-f]+}} <_start+0x2>: R_X86_64_RELATIVE(relr) var writes to a non-writable segment
# PIE-NEXT: text-reloc: 0x{{[0-9a-f]+}} <_DYNAMIC>: DF_TEXTREL and DT_TEXTREL set: the loader must write to code
# PIE-NEXT: abs64-data: 4 R_X86_64_64 relocations in allocated data (not an error)
# PIE-NEXT: dyn-relocs: .relr.dyn: relr, 3 entries, 5 addresses, R_X86_64_RELATIVE 5
# PIE-NEXT: gotfree-check: FAIL: got=0 abs=1 textrel=2 stale=0 jump-table=0
# READELF: TEXTREL
# 3 words of 8 bytes, 5 addresses: the numbers gotfree-check reports.
# READELF: (RELRSZ) 24 (bytes)
# READELF: '.relr.dyn' at offset {{.*}} contains 5 entries

# ALLOWED: gotfree-check: PASS: got=0 abs=1(allowed) textrel=2(allowed) stale=0 jump-table=0
# BADOPT: gotfree-check: error: --allow: unknown category 'bogus'

  .text
  .globl _start
_start:
  movabsq $var, %rax
  movl var+8(%rip), %ecx
.ifdef NOPIE
  movq $var+8, %rdx
.endif
  ret
.ifdef NOPIE
  .section .rodata,"a"
table:
  .long var
.endif
  .data
  .p2align 3
  .globl var
var:
  .quad _start
  .quad var
  .quad _start
  .quad var
