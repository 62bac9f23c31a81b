; Rewrite mode end to end through llc: the object has no R_X86_64_32/32S
; relocation left and every reference is PC-relative; the dispatch of the
; absolute-rip (8-byte) jump table goes through a RIP-relative base.
; RUN: %llc_gf -code-model=kernel -relocation-model=static -O2 -gotfree-jump-tables=absolute-rip -filetype=obj %s -o %t.o
; RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
; RUN: llvm-readelf -r %t.o | FileCheck %s --check-prefix=RELOC
; Control: without the plugin the input needs R_X86_64_32S.
; RUN: llc -code-model=kernel -relocation-model=static -O2 -filetype=obj %s -o %t.base.o
; RUN: llvm-readelf -r %t.base.o | FileCheck %s --check-prefix=BASE

; RELOC:     Relocation section '.rela.text'
; RELOC-NOT: R_X86_64_32
; RELOC-NOT: GOT
; RELOC:     Relocation section '.rela.rodata'
; BASE: R_X86_64_32S

target triple = "x86_64-unknown-linux-gnu"
@sym = external dso_local global i64
@arr = external dso_local global [16 x i64]
@wk = extern_weak dso_local global i64
declare void @g(ptr)
define ptr @addr() { ret ptr @sym }
define i64 @load() {
  %v = load i64, ptr @sym
  ret i64 %v
}
define i64 @idx(i64 %i) {
  %p = getelementptr [16 x i64], ptr @arr, i64 0, i64 %i
  %v = load i64, ptr %p
  ret i64 %v
}
define void @store(ptr %p) {
  store ptr @sym, ptr %p
  ret void
}
define i1 @cmp(ptr %p) {
  %c = icmp eq ptr %p, getelementptr (i8, ptr @sym, i64 8)
  ret i1 %c
}
define ptr @weak() { ret ptr @wk }
@tab = external dso_local global [8 x [8 x i32]]
declare void @many(i64, i64, i64, i64, i64, i64, ptr)
define void @pushes() {
  call void @many(i64 1, i64 2, i64 3, i64 4, i64 5, i64 6, ptr @sym)
  ret void
}
define i32 @index2(i64 %i, i64 %j) {
  %p = getelementptr [8 x [8 x i32]], ptr @tab, i64 0, i64 %i, i64 %j
  %v = load i32, ptr %p
  ret i32 %v
}
define i1 @cmpmem(ptr %p) {
  %v = load ptr, ptr %p
  %c = icmp eq ptr %v, @sym
  ret i1 %c
}
define i32 @trunc() { ret i32 ptrtoint (ptr @sym to i32) }
define i32 @sw(i32 %x) {
entry:
  switch i32 %x, label %d [ i32 0, label %a
                            i32 1, label %b
                            i32 2, label %c
                            i32 3, label %e
                            i32 4, label %f ]
a: call void @h(i32 1)
   br label %d
b: call void @h(i32 2)
   br label %d
c: call void @h(i32 3)
   br label %d
e: call void @h(i32 4)
   br label %d
f: call void @h(i32 5)
   br label %d
d: ret i32 0
}
declare void @h(i32)

; CHECK-LABEL: <addr>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 sym-0x4
; CHECK-LABEL: <load>:
; CHECK-NEXT:  movq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 sym-0x4
; CHECK-LABEL: <idx>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 arr-0x4
; CHECK-NEXT:  movq (%rax,%rdi,8), %rax
; CHECK-LABEL: <store>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 sym-0x4
; CHECK-NEXT:  movq %rax, (%rdi)
; CHECK-LABEL: <cmp>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 sym+0x4
; CHECK-NEXT:  cmpq %rax, %rdi
; CHECK-LABEL: <weak>:
; CHECK-NEXT:  movabsq $0x0, %rax
; CHECK-NEXT:  R_X86_64_64 wk
; CHECK-LABEL: <pushes>:
; CHECK:       leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 sym-0x4
; CHECK-NEXT:  movq %rax, (%rsp)
; CHECK-LABEL: <index2>:
; CHECK:       leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 tab-0x4
; CHECK-LABEL: <cmpmem>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 sym-0x4
; CHECK-NEXT:  cmpq %rax, (%rdi)
; CHECK-LABEL: <trunc>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 sym-0x4
; CHECK-LABEL: <sw>:
; CHECK:       leaq (%rip), %rcx
; CHECK-NEXT:  R_X86_64_PC32 .rodata-0x4
; CHECK-NEXT:  jmpq *(%rcx,%rax,8)
