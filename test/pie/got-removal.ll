; PIE mode: what -fpie codegen routes through the GOT is removed. GOT loads
; become RIP-relative LEAs or fold into their users, -fno-plt calls and tail
; calls become direct, extern_weak addresses use movabsq.
; RUN: %llc_gf -relocation-model=pic -O2 -filetype=obj %s -o %t.o
; RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
; RUN: llvm-readelf -r %t.o | FileCheck %s --check-prefix=RELOC
; Without the plugin the same input uses the GOT: the test can fail.
; RUN: llc -relocation-model=pic -O2 -filetype=obj %s -o %t.base.o
; RUN: llvm-readelf -r %t.base.o | FileCheck %s --check-prefix=BASE

; RELOC-NOT: GOTPCREL
; RELOC-NOT: R_X86_64_32
; BASE: R_X86_64_REX_GOTPCRELX

target triple = "x86_64-unknown-linux-gnu"
@ext = external global i32
@arr = external global [16 x i32]
@wk = extern_weak global i32
declare void @f()
declare void @nlb() nonlazybind
define i32 @load() {
  %v = load i32, ptr @ext
  ret i32 %v
}
define i32 @loadoff() {
  %p = getelementptr i8, ptr @arr, i64 12
  %v = load i32, ptr %p
  ret i32 %v
}
define ptr @fnaddr() { ret ptr @f }
define i32 @idx(i64 %i) {
  %p = getelementptr [16 x i32], ptr @arr, i64 0, i64 %i
  %v = load i32, ptr %p
  ret i32 %v
}
define void @callnoplt() {
  call void @nlb()
  call void @nlb()
  ret void
}
define void @tailnoplt() {
  tail call void @nlb()
  ret void
}
define i1 @weakcmp() {
  %c = icmp ne ptr @wk, null
  ret i1 %c
}
!llvm.module.flags = !{!0, !1}
!0 = !{i32 8, !"PIC Level", i32 2}
!1 = !{i32 7, !"PIE Level", i32 2}

; CHECK-LABEL: <load>:
; CHECK-NEXT:  movl (%rip), %eax
; CHECK-NEXT:  R_X86_64_PC32 ext-0x4
; CHECK-LABEL: <loadoff>:
; CHECK-NEXT:  movl (%rip), %eax
; CHECK-NEXT:  R_X86_64_PC32 arr+0x8
; CHECK-LABEL: <fnaddr>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 f-0x4
; CHECK-LABEL: <idx>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 arr-0x4
; CHECK-NEXT:  movl (%rax,%rdi,4), %eax
; CHECK-LABEL: <callnoplt>:
; CHECK:       callq
; CHECK-NEXT:  R_X86_64_PLT32 nlb-0x4
; CHECK-NEXT:  callq
; CHECK-NEXT:  R_X86_64_PLT32 nlb-0x4
; CHECK-LABEL: <tailnoplt>:
; CHECK-NEXT:  jmp
; CHECK-NEXT:  R_X86_64_PLT32 nlb-0x4
; CHECK-LABEL: <weakcmp>:
; CHECK-NEXT:  movabsq $0x0, %rax
; CHECK-NEXT:  R_X86_64_64 wk
