; Every rewrite gotfree makes is one remark (-Rpass=gotfree) and one count
; of the counter of the same name; every reference a policy keeps is a
; -Rpass-missed=gotfree remark and a count of NumPolicyKept. Declarations
; without dso_local reach code generation through the GOT even in the
; kernel model, so one rewrite-mode compile sees both kinds.
; RUN: %clang_gf --target=x86_64-unknown-linux-gnu -O2 -mcmodel=kernel -fno-pie -c %s -o %t.o \
; RUN:   -Rpass=gotfree -Rpass-missed=gotfree -Xclang -stats-file=%t.json 2>&1 | FileCheck %s
; RUN: FileCheck %s --check-prefix=STATS < %t.json
; RUN: llvm-readelf -r %t.o | FileCheck %s --check-prefix=RELOC \
; RUN:   --implicit-check-not=GOT --implicit-check-not=R_X86_64_32
; RELOC: R_X86_64_64 {{.*}} wk + 0
; RELOC: R_X86_64_32S {{.*}} percpu + 0

target triple = "x86_64-unknown-linux-gnu"
@sym = external dso_local global i64
@gsym = external global i64
@arr = external dso_local global [4 x i64]
@wk = extern_weak global i32
@b = external global i8
@percpu = external dso_local addrspace(256) global [4 x i64]
declare void @take(ptr)
declare void @ext() nonlazybind

; CHECK-DAG: remark: {{.*}}rewrote MOV64ri32 of 'sym' as RIP-relative LEA [-Rpass=gotfree]
define ptr @addr() {
  ret ptr @sym
}

; CHECK-DAG: remark: {{.*}}gave indexed absolute reference to 'arr' a RIP-relative base [-Rpass=gotfree]
define i64 @idx(i64 %i) {
  %p = getelementptr [4 x i64], ptr @arr, i64 0, i64 %i
  %v = load i64, ptr %p
  ret i64 %v
}

; CHECK-DAG: remark: {{.*}}rewrote MOV64mi32 of 'sym' as MOV64mr of a RIP-relative LEA [-Rpass=gotfree]
define void @store(ptr %p) {
  %q = getelementptr ptr, ptr %p, i64 1
  store ptr @sym, ptr %q
  ret void
}

; The GOT slot of an extern_weak symbol holds its absolute address: movabsq,
; remarked as such (not as a GOT load made a LEA).
; CHECK-DAG: remark: {{.*}}formed address of extern_weak 'wk' with movabsq [-Rpass=gotfree]
; CHECK-DAG: remark: {{.*}}replaced GOT slot operand of 'wk' with its address [-Rpass=gotfree]
define i1 @weak() {
  %c = icmp ne ptr @wk, null
  ret i1 %c
}

; CHECK-DAG: remark: {{.*}}kept inline asm operand 0: a 64-bit data word holding 'sym' [-Rpass-missed=gotfree]
define void @asm_quad() {
  call void asm sideeffect ".pushsection .data.x,\22aw\22\0A.quad ${0:c}\0A.popsection", "i"(ptr @sym)
  ret void
}

; CHECK-DAG: remark: {{.*}}kept segment-relative reference to 'percpu' [-Rpass-missed=gotfree]
define i64 @seg(i64 %i) {
  %p = getelementptr [4 x i64], ptr addrspace(256) @percpu, i64 0, i64 %i
  %v = load i64, ptr addrspace(256) %p
  ret i64 %v
}

; CHECK-DAG: remark: {{.*}}replaced GOT load of 'gsym' with its address [-Rpass=gotfree]
define void @pass_addr() {
  call void @take(ptr @gsym)
  ret void
}

; CHECK-DAG: remark: {{.*}}folded GOT load of 'gsym' into a RIP-relative memory reference [-Rpass=gotfree]
define i64 @load_got() {
  %v = load i64, ptr @gsym
  ret i64 %v
}

; CHECK-DAG: remark: {{.*}}made call through the GOT to 'ext' direct [-Rpass=gotfree]
define void @call_noplt() {
  call void @ext()
  ret void
}

; CHECK-DAG: remark: {{.*}}replaced GOT slot operand of 'b' with its address [-Rpass=gotfree]
define i1 @low_bits() {
  %r = and i64 ptrtoint (ptr @b to i64), 7
  %c = icmp eq i64 %r, 0
  ret i1 %c
}

; STATS-DAG: "gotfree.NumMovToLEA": 1{{,?$}}
; STATS-DAG: "gotfree.NumIndexedMem": 1{{,?$}}
; STATS-DAG: "gotfree.NumImmToReg": 1{{,?$}}
; STATS-DAG: "gotfree.NumWeakAbs": 1{{,?$}}
; STATS-DAG: "gotfree.NumGOTLoadToLEA": 1{{,?$}}
; STATS-DAG: "gotfree.NumGOTLoadFolded": 1{{,?$}}
; STATS-DAG: "gotfree.NumGOTCalls": 1{{,?$}}
; STATS-DAG: "gotfree.NumGOTOperandToReg": 2{{,?$}}
; STATS-DAG: "gotfree.NumPolicyKept": 2{{,?$}}
