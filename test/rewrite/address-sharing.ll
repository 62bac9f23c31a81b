; The LEAs of one address in blocks that do not dominate each other (the
; cases of a switch) become one LEA at their common dominator when optimizing
; for size; for speed only when the dominator runs no more often than the
; LEAs it replaces (after a loop, yes; above the cases of a switch, no). The
; shared LEA does not go into a loop whose header dominates the uses.
; RUN: %llc_gf -code-model=kernel -relocation-model=static -O2 -filetype=obj %s -o %t.o
; RUN: llvm-objdump -dr --no-show-raw-insn %t.o | FileCheck %s
; RUN: %llc_gf -code-model=kernel -relocation-model=static -O2 -filetype=obj -gotfree-address-sharing=0 %s -o %t.off.o
; RUN: llvm-objdump -dr --no-show-raw-insn %t.off.o | FileCheck %s --check-prefix=OFF
; Without a budget for new LEAs only a LEA that already dominates is shared.
; RUN: %llc_gf -code-model=kernel -relocation-model=static -O2 -filetype=obj -gotfree-address-sharing-max-hoisted=0 %s -o %t.nohoist.o
; RUN: llvm-objdump -dr --no-show-raw-insn %t.nohoist.o | FileCheck %s --check-prefix=OFF
; RUN: %llc_gf -code-model=kernel -relocation-model=static -O2 -stop-after=gotfree-share-addresses %s -o - | FileCheck %s --check-prefix=MIR
; RUN: %llc_gf -code-model=kernel -relocation-model=static -O2 -pass-remarks=gotfree -filetype=null %s 2>&1 | FileCheck %s --check-prefix=REMARK

; CHECK-LABEL: <siblings>:
; CHECK-NEXT:  leaq (%rip), %[[B:r[a-z0-9]+]]
; CHECK-NEXT:  R_X86_64_PC32 arr-0x4
; CHECK-NOT:   (%rip)
; CHECK:       movq (%[[B]],%rdi,8), %rax
; CHECK-NOT:   (%rip)
; CHECK:       0x8(%[[B]],%rdi,8), %rdi
; CHECK-NOT:   (%rip)
; CHECK-LABEL: <siblings_speed>:
; CHECK-COUNT-3: R_X86_64_PC32 arr-0x4
; CHECK-NOT:   R_X86_64_PC32 arr-0x4
; CHECK-LABEL: <loop>:
; CHECK:       jae
; CHECK-NEXT:  leaq (%rip), %[[T:r[a-z0-9]+]]
; CHECK-NEXT:  R_X86_64_PC32 tbl-0x4
; CHECK:       (%[[T]],%rsi,4)
; CHECK:       (%[[T]],%rdx,4)

; OFF-LABEL: <siblings>:
; OFF-COUNT-3: R_X86_64_PC32 arr-0x4
; OFF-LABEL: <siblings_speed>:
; OFF-LABEL: <loop>:
; OFF-COUNT-2: R_X86_64_PC32 tbl-0x4

; MIR-LABEL: name: siblings
; MIR:       bb.0.entry:
; MIR:         = LEA64r $rip, 1, $noreg, @arr, $noreg
; MIR-NOT:     @arr
; MIR-LABEL: name: siblings_speed
; MIR-LABEL: name: loop
; MIR:       bb.1.head:
; MIR-NOT:     @tbl
; MIR:       bb.3.exit:
; MIR:         = LEA64r $rip, 1, $noreg, @tbl, $noreg
; MIR-NOT:     @tbl
; MIR:       bb.4.big:

; REMARK: remark: {{.*}}shared one RIP-relative LEA of 'arr' among 3 uses
; REMARK-NOT: remark: {{.*}}shared{{.*}}'arr' among 3
; REMARK: remark: {{.*}}shared one RIP-relative LEA of 'tbl' among 2 uses
; REMARK: remark: {{.*}}shared one RIP-relative LEA of 'arr' among 2 uses

target triple = "x86_64-unknown-linux-gnu"
@arr = external dso_local global [64 x i64]
@tbl = external dso_local global [64 x i32]
@other = external dso_local global [64 x i64]

declare void @use(i64)

define i64 @siblings(i64 %i, i32 %c) optsize {
entry:
  switch i32 %c, label %none [ i32 1, label %one
                               i32 2, label %two
                               i32 3, label %three ]
one:
  %p1 = getelementptr [64 x i64], ptr @arr, i64 0, i64 %i
  %a1 = load i64, ptr %p1
  ret i64 %a1
two:
  %i2 = shl i64 %i, 1
  %p2 = getelementptr [64 x i64], ptr @arr, i64 0, i64 %i2
  %a2 = load i64, ptr %p2
  %r2 = mul i64 %a2, 3
  ret i64 %r2
three:
  %i3 = add i64 %i, 1
  %p3 = getelementptr [64 x i64], ptr @arr, i64 0, i64 %i3
  %a3 = load i64, ptr %p3
  call void @use(i64 %a3)
  ret i64 0
none:
  ret i64 -1
}

define i64 @siblings_speed(i64 %i, i32 %c) {
entry:
  switch i32 %c, label %none [ i32 1, label %one
                               i32 2, label %two
                               i32 3, label %three ]
one:
  %p1 = getelementptr [64 x i64], ptr @arr, i64 0, i64 %i
  %a1 = load i64, ptr %p1
  ret i64 %a1
two:
  %i2 = shl i64 %i, 1
  %p2 = getelementptr [64 x i64], ptr @arr, i64 0, i64 %i2
  %a2 = load i64, ptr %p2
  %r2 = mul i64 %a2, 3
  ret i64 %r2
three:
  %i3 = add i64 %i, 1
  %p3 = getelementptr [64 x i64], ptr @arr, i64 0, i64 %i3
  %a3 = load i64, ptr %p3
  call void @use(i64 %a3)
  ret i64 0
none:
  ret i64 -1
}

; A loop's header dominates the exit: the shared LEA must not go into the
; loop, whose body does not use @tbl.
define i64 @loop(i64 %n, i64 %i, i64 %k) {
entry:
  br label %head
head:
  %s = phi i64 [ 0, %entry ], [ %s2, %body ]
  %j = phi i64 [ 0, %entry ], [ %j2, %body ]
  %done = icmp eq i64 %j, %n
  br i1 %done, label %exit, label %body
body:
  %po = getelementptr [64 x i64], ptr @other, i64 0, i64 %j
  %v = load i64, ptr %po
  %s2 = add i64 %s, %v
  %j2 = add i64 %j, 1
  br label %head
exit:
  %c = icmp sgt i64 %s, 100
  br i1 %c, label %big, label %small
big:
  %pb = getelementptr [64 x i32], ptr @tbl, i64 0, i64 %i
  %b = load i32, ptr %pb
  %bz = zext i32 %b to i64
  ret i64 %bz
small:
  %ps = getelementptr [64 x i32], ptr @tbl, i64 0, i64 %k
  %t = load i32, ptr %ps
  %tz = sext i32 %t to i64
  ret i64 %tz
}

; The common dominator ends in an invoke whose landing pad uses the address:
; the shared LEA goes at the top of the block, before the call.
; CHECK-LABEL: <eh>:
; CHECK:       leaq (%rip), %[[E:r[a-z0-9]+]]
; CHECK-NEXT:  R_X86_64_PC32 arr-0x4
; CHECK:       callq
; CHECK-NEXT:  R_X86_64_PLT32 may_throw-0x4
; CHECK-NOT:   R_X86_64_PC32 arr
; CHECK:       movq $0x1, (%[[E]],%{{r[a-z0-9]+}},8)
; CHECK-NOT:   R_X86_64_PC32 arr
; CHECK:       movq $0x2, (%[[E]],%{{r[a-z0-9]+}},8)
; CHECK-NOT:   R_X86_64_PC32 arr
; CHECK:       _Unwind_Resume
declare void @may_throw()
declare i32 @__gxx_personality_v0(...)
declare void @sink(ptr)

define void @eh(i64 %i) personality ptr @__gxx_personality_v0 {
entry:
  invoke void @may_throw() to label %ok unwind label %lpad
ok:
  %p = getelementptr [64 x i64], ptr @arr, i64 0, i64 %i
  store i64 1, ptr %p
  ret void
lpad:
  %lp = landingpad { ptr, i32 } cleanup
  %q = getelementptr [64 x i64], ptr @arr, i64 0, i64 %i
  store i64 2, ptr %q
  resume { ptr, i32 } %lp
}
