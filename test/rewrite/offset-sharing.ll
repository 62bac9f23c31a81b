; Indexed references to one symbol at several offsets share one LEA: the
; offset stays in the displacement (arr+32 -> 32(%lea,%i,8)).
; RUN: %llc_gf -code-model=kernel -relocation-model=static -O2 -filetype=obj %s -o %t.o
; RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
; CHECK-LABEL: <sum2>:
; CHECK:       leaq (%rip), %[[B:r[a-z0-9]+]]
; CHECK-NEXT:  R_X86_64_PC32 arr-0x4
; CHECK-NOT:   leaq
; CHECK-DAG:   (%[[B]],%rdi,8)
; CHECK-DAG:   0x20(%[[B]],%rdi,8)
; CHECK-NOT:   leaq
; CHECK:       retq
target triple = "x86_64-unknown-linux-gnu"
@arr = external dso_local global [64 x i64]
define i64 @sum2(i64 %i) {
  %p = getelementptr [64 x i64], ptr @arr, i64 0, i64 %i
  %j = add i64 %i, 4
  %q = getelementptr [64 x i64], ptr @arr, i64 0, i64 %j
  %a = load i64, ptr %p
  %b = load i64, ptr %q
  %s = add i64 %a, %b
  ret i64 %s
}
