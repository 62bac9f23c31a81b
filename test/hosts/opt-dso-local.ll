; The IR pass through opt: in a PIE module every global that can be direct
; becomes dso_local; extern_weak, thread-local, ifunc and intrinsics do not.
; RUN: %opt_gf -passes=gotfree-dso-local -S %s | FileCheck %s
; RUN: %opt_gf -passes=gotfree-dso-local -gotfree-mode=off -S %s | FileCheck %s --check-prefix=OFF
; gotfree is for x86-64 only: a PIE module for another target is left alone,
; whatever the mode option says.
; RUN: %opt_gf -passes=gotfree-dso-local -mtriple=aarch64-unknown-linux-gnu -S %s \
; RUN:   | FileCheck %s --check-prefix=OFF
; RUN: %opt_gf -passes=gotfree-dso-local -mtriple=aarch64-unknown-linux-gnu -gotfree-mode=pie \
; RUN:   -S %s | FileCheck %s --check-prefix=OFF
; RUN: %opt_gf -passes=gotfree-dso-local -mtriple=x86_64-linux-gnux32 -S %s \
; RUN:   | FileCheck %s --check-prefix=OFF

; CHECK: @var = external dso_local global i32
; CHECK: @wk = extern_weak global i32
; CHECK: @tls = external thread_local global i32
; CHECK: @def = dso_local global i32 0
; CHECK: @ifn = ifunc void (), ptr @resolver
; CHECK: declare dso_local void @fn()
; CHECK: declare void @llvm.trap()
; OFF: @var = external global i32
; OFF: declare void @fn()

target triple = "x86_64-unknown-linux-gnu"

@var = external global i32
@wk = extern_weak global i32
@tls = external thread_local global i32
@def = global i32 0
@ifn = ifunc void (), ptr @resolver

declare void @fn()
declare void @llvm.trap()
define ptr @resolver() { ret ptr @fn }

!llvm.module.flags = !{!0, !1}
!0 = !{i32 8, !"PIC Level", i32 2}
!1 = !{i32 7, !"PIE Level", i32 2}
