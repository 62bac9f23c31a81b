; Rewrite mode on SSE and AVX memory operands, block addresses and constant
; pools: all end up RIP-relative, no R_X86_64_32S remains (the control build
; without the plugin has three).
; RUN: %llc_gf -code-model=kernel -relocation-model=static -O2 -filetype=obj %s -o %t.o
; RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
; RUN: llvm-readelf -r %t.o | FileCheck %s --check-prefix=RELOC
; RUN: llc -code-model=kernel -relocation-model=static -O2 -filetype=obj %s -o %t.base.o
; RUN: llvm-readelf -r %t.base.o | FileCheck %s --check-prefix=BASE
; RELOC-NOT: R_X86_64_32
; BASE-COUNT-3: R_X86_64_32S

; CHECK-LABEL: <sse>:
; CHECK-NEXT:  leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 dbl-0x4
; CHECK-NEXT:  movsd (%rax,%rdi,8), %xmm0
; CHECK-LABEL: <avx>:
; CHECK:       leaq (%rip), %rax
; CHECK-NEXT:  R_X86_64_PC32 vec-0x4
; CHECK-NEXT:  vmovaps (%rdi,%rax), %xmm0
; CHECK-LABEL: <label>:
; CHECK-NEXT:  leaq {{.*}}(%rip), %rax
; CHECK-NEXT:  movq %rax, (%rip)
; CHECK-NEXT:  R_X86_64_PC32 slot-0x4
; CHECK-LABEL: <cpool>:
; CHECK-NEXT:  mulsd (%rip), %xmm0
; CHECK-NEXT:  R_X86_64_PC32 .LCPI3_0-0x4

target triple = "x86_64-unknown-linux-gnu"
@dbl = external dso_local global [16 x double]
@vec = external dso_local global [16 x <4 x float>]
@slot = external dso_local global ptr
define double @sse(i64 %i) {
  %p = getelementptr [16 x double], ptr @dbl, i64 0, i64 %i
  %v = load double, ptr %p
  ret double %v
}
define <4 x float> @avx(i64 %i) #0 {
  %p = getelementptr [16 x <4 x float>], ptr @vec, i64 0, i64 %i
  %v = load <4 x float>, ptr %p
  %w = fadd <4 x float> %v, %v
  ret <4 x float> %w
}
define void @label() {
entry:
  store ptr blockaddress(@label, %target), ptr @slot
  br label %target
target:
  ret void
}
define double @cpool(double %x) {
  %y = fmul double %x, 3.25
  ret double %y
}
attributes #0 = { "target-features"="+avx" }
