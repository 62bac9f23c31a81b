; Operands of target-independent instructions that are no absolute address:
; a statepoint's and an XRay sled's call target (PC-relative), a frame
; offset llvm.localrecover reads through a LOCAL_ESCAPE symbol, and the
; symbol of llvm.reloc.none. Neither mode reports them, and neither
; rewrites the frame offset as if it were an address.
; RUN: llc -load=%gotfree_so -verify-machineinstrs -gotfree-mode=rewrite -filetype=obj %s -o %t.rw.o 2>&1 \
; RUN:   | FileCheck %s --allow-empty --check-prefix=DIAG
; RUN: llvm-objdump -dr --no-show-raw-insn %t.rw.o | FileCheck %s
; RUN: llc -load=%gotfree_so -verify-machineinstrs -gotfree-mode=pie -filetype=obj %s -o %t.pie.o 2>&1 \
; RUN:   | FileCheck %s --allow-empty --check-prefix=DIAG
; RUN: llvm-objdump -dr --no-show-raw-insn %t.pie.o | FileCheck %s
; DIAG-NOT: gotfree

target triple = "x86_64-unknown-linux-gnu"

; CHECK-LABEL: <statepoint>:
; CHECK:       callq
; CHECK-NEXT:  R_X86_64_PLT32 return_i1-0x4
declare dso_local i1 @return_i1()
declare token @llvm.experimental.gc.statepoint.p0(i64, i32, ptr, i32, i32, ...)
declare i1 @llvm.experimental.gc.result.i1(token)
define i1 @statepoint() gc "statepoint-example" {
  %tok = call token (i64, i32, ptr, i32, i32, ...) @llvm.experimental.gc.statepoint.p0(i64 0, i32 0, ptr elementtype(i1 ()) @return_i1, i32 0, i32 0, i32 0, i32 0)
  %r = call zeroext i1 @llvm.experimental.gc.result.i1(token %tok)
  ret i1 %r
}

; The escaped slot is at -4 from the frame; localrecover reads it at that
; offset from the frame pointer it is given, with no relocation.
; CHECK-LABEL: <escape>:
; CHECK-NEXT:  movl $0x2a, -0x4(%rsp)
; CHECK-LABEL: <recover>:
; CHECK-NEXT:  movl -0x4(%rdi), %eax
; CHECK-NEXT:  retq
declare void @llvm.localescape(...)
declare ptr @llvm.localrecover(ptr, ptr, i32)
define void @escape() {
  %a = alloca i32
  call void (...) @llvm.localescape(ptr %a)
  store i32 42, ptr %a
  ret void
}
define i32 @recover(ptr %fp) {
  %p = call ptr @llvm.localrecover(ptr @escape, ptr %fp, i32 0)
  %v = load i32, ptr %p
  ret i32 %v
}

; CHECK-LABEL: <xray_tail>:
; CHECK-NOT:   R_X86_64
; CHECK:       jmp
; CHECK-NOT:   R_X86_64
; CHECK:       R_X86_64_PLT32 callee-0x4
declare dso_local i32 @callee()
define i32 @xray_tail() "function-instrument"="xray-always" {
  %r = tail call i32 @callee()
  ret i32 %r
}

; CHECK-LABEL: <reloc_none>:
; CHECK-NEXT:  retq
; CHECK-NEXT:  R_X86_64_NONE foo
declare void @llvm.reloc.none(metadata)
define void @reloc_none() {
  call void @llvm.reloc.none(metadata !"foo")
  ret void
}
