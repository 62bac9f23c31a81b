; Intel-dialect inline asm that indexes a memory operand in its own text
; ("$0[rdx * 4]") makes the assembler add the index to the operand: with the
; symbol as displacement the result is an absolute address (R_X86_64_32S),
; which no RIP-relative base can fix. That is a located error instead of a
; silent absolute reference; a memory operand used as it is becomes
; RIP-relative.
; RUN: not llc -load=%gotfree_so -verify-machineinstrs -relocation-model=static \
; RUN:   -code-model=kernel -filetype=obj %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=ERR
; ERR: error: {{.*}}in function indexed {{.*}}gotfree: inline asm operand 0, a memory reference to 'arr', is indexed by the template text
; ERR-NOT: plain
; RUN: llc -load=%gotfree_so -verify-machineinstrs -relocation-model=static -code-model=kernel \
; RUN:   -filetype=obj %s -o %t.o -gotfree-verifier=warn 2>&1 | FileCheck %s --check-prefix=WARN
; WARN: warning: {{.*}}is indexed by the template text
; RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
; CHECK-LABEL: <plain>:
; CHECK-NEXT:  movl (%rip), %eax
; CHECK-NEXT:  R_X86_64_PC32 v-0x4

target triple = "x86_64-unknown-linux-gnu"
@arr = external dso_local global [16 x i32]
@v = external dso_local global i32

define void @indexed(i64 %i, i32 %x) {
  call void asm sideeffect inteldialect "mov dword ptr $0[rdx * $$4], $1", "=*m,r,{rdx},~{dirflag},~{fpsr},~{flags}"(ptr elementtype([16 x i32]) @arr, i32 %x, i64 %i)
  ret void
}

define i32 @plain() {
  %r = call i32 asm sideeffect inteldialect "mov $0, dword ptr $1", "=r,*m,~{dirflag},~{fpsr},~{flags}"(ptr elementtype(i32) @v)
  ret i32 %r
}
