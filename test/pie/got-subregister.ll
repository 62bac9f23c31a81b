; A GOT slot read by an instruction narrower than 64 bits, or into a vector
; register, holds the symbol's address: the instruction takes it (or its low
; bits) from a RIP-relative LEA instead. Code generation folds such loads
; itself: "testb $7, b@GOTPCREL(%rip)", "movss b@GOTPCREL(%rip), %xmm0".
; RUN: llc -load=%gotfree_so -verify-machineinstrs -relocation-model=pic -filetype=obj %s -o %t.o
; RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s --check-prefixes=CHECK,SSE
; RUN: llvm-readelf -r %t.o | FileCheck %s --check-prefix=RELOC
; RUN: llc -load=%gotfree_so -verify-machineinstrs -relocation-model=pic -mattr=+avx -filetype=obj %s -o %t.avx.o
; RUN: llvm-objdump -dr --no-show-raw-insn %t.avx.o | FileCheck %s --check-prefixes=CHECK,AVX
; RUN: llvm-readelf -r %t.avx.o | FileCheck %s --check-prefix=RELOC
; RUN: llc -load=%gotfree_so -verify-machineinstrs -relocation-model=pic -mattr=+avx512f -filetype=obj %s -o %t.avx512.o
; RUN: llvm-objdump -dr --no-show-raw-insn %t.avx512.o | FileCheck %s --check-prefixes=CHECK,AVX
; RUN: llvm-readelf -r %t.avx512.o | FileCheck %s --check-prefix=RELOC
; RELOC-NOT: GOT
; Without the plugin, every one of them reads the GOT slot.
; RUN: llc -relocation-model=pic -mattr=+avx512f %s -o - | FileCheck %s --check-prefix=BASE
; BASE-COUNT-4: b@GOTPCREL(%rip)

target triple = "x86_64-unknown-linux-gnu"
@b = external global i8

; CHECK-LABEL: <test_low_bits>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 b-0x4
; CHECK-NEXT:  testb $0x7, %al
define i1 @test_low_bits() {
  %r = and i64 ptrtoint (ptr @b to i64), 7
  %c = icmp eq i64 %r, 0
  ret i1 %c
}

; CHECK-LABEL: <store_low_byte>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 b-0x4
; CHECK-NOT:   (%rip)
; CHECK:       movb %al, (%rdi)
define void @store_low_byte(ptr %p) {
  store i8 ptrtoint (ptr @b to i8), ptr %p
  ret void
}

; CHECK-LABEL: <into_xmm>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 b-0x4
; SSE-NEXT:    movq %rax, %xmm0
; AVX-NEXT:    vmovq %rax, %xmm0
define <2 x i64> @into_xmm() {
  %v = insertelement <2 x i64> zeroinitializer, i64 ptrtoint (ptr @b to i64), i32 0
  ret <2 x i64> %v
}

; CHECK-LABEL: <low_half_into_xmm>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 b-0x4
; SSE-NEXT:    movd %eax, %xmm0
; AVX-NEXT:    vmovd %eax, %xmm0
define <4 x i32> @low_half_into_xmm() {
  %v = insertelement <4 x i32> zeroinitializer, i32 ptrtoint (ptr @b to i32), i32 0
  ret <4 x i32> %v
}
