// End to end: C compiled with the plugin in PIE mode links (lld and GNU ld,
// --emit-relocs) into a PIE that gotfree-check passes; the same C without
// the plugin uses the GOT (in the object) and, after lld's relaxation,
// leaves stale GOTPCRELX relocations. Exit status 0 vs 1.
// REQUIRES: gotfree-check
// RUN: %clang_gf -target x86_64-linux-gnu -O2 -fpie -c %s -o %t.gf.o
// RUN: clang -target x86_64-linux-gnu -O2 -fpie -c %s -o %t.base.o
// RUN: clang -target x86_64-linux-gnu -O2 -fpie -DLIB -c %s -o %t.lib.o
// RUN: %gotfree_check %t.gf.o | FileCheck %s --check-prefix=GF
// RUN: ld.lld -pie --emit-relocs -e main %t.gf.o %t.lib.o -o %t.gf.lld
// RUN: %gotfree_check %t.gf.lld | FileCheck %s --check-prefix=GF
// RUN: %if gnu-ld %{ ld.bfd -pie --emit-relocs -e main %t.gf.o %t.lib.o -o %t.gf.bfd %}
// RUN: %if gnu-ld %{ %gotfree_check %t.gf.bfd | FileCheck %s --check-prefix=GF %}
// RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.base.o | FileCheck %s --check-prefix=BASE-OBJ
// RUN: ld.lld -pie --emit-relocs -e main %t.base.o %t.lib.o -o %t.base.lld
// RUN: bash %S/Inputs/exit-code.sh 1 %gotfree_check %t.base.lld | FileCheck %s --check-prefix=BASE-LLD

// GF-NOT: got-
// GF-NOT: stale-reloc
// GF: gotfree-check: PASS: got=0 abs=0 textrel=0 stale=0 jump-table=0

// BASE-OBJ: got-ref: {{.*}} <get{{.*}}>: movq (%rip), {{.*}} [R_X86_64_REX_GOTPCRELX table-0x4]
// BASE-OBJ: gotfree-check: FAIL: got=3

// BASE-LLD: stale-reloc: {{.*}} <get{{.*}}>: R_X86_64_REX_GOTPCRELX table-0x4 on relaxed 'leaq {{.*}}(%rip), %r{{.*}}' (lea): GNU ld writes R_X86_64_PC32 table-0x4 at
// BASE-LLD: gotfree-check: FAIL: got=0 abs=0 textrel=0 stale=3 jump-table=0

#ifdef LIB
int counter;
int table[16];
void ext_fn(int x) { table[x & 15] = x; }
int main(void) { return 0; }
#else
extern int counter;
extern int table[16];
extern void ext_fn(int);
static int local_state;
int get(int i) { return table[i & 15] + counter + local_state; }
void bump(void) {
  counter++;
  ext_fn(counter);
}
void (*fp)(int) = ext_fn;
#endif
