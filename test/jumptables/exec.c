// Execution: Inputs/switches.c runs every case of its switches (dense,
// sparse, two tables per function, byte-code loops, register pressure); each
// layout and annotation, in both modes, at -O2/-O0/-Os, must print what the
// plain non-PIE baseline prints.
// RUN: bash %S/../exec/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0 Os" \
// RUN:   --cflags "-fplugin-arg-gotfree-jump-table-annotations=annotate-insn -fplugin-arg-gotfree-annotate-insn-type=9" \
// RUN:   %t.default %S/Inputs/switches.c | FileCheck %s
// RUN: bash %S/../exec/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0 Os" \
// RUN:   --cflags "-fplugin-arg-gotfree-jump-tables=relative -fplugin-arg-gotfree-jump-table-annotations=reloc-none" \
// RUN:   %t.relative %S/Inputs/switches.c | FileCheck %s
// RUN: bash %S/../exec/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 O0 Os" \
// RUN:   --cflags "-fplugin-arg-gotfree-jump-tables=keep -fplugin-arg-gotfree-jump-table-annotations=tablejump-pairs" \
// RUN:   %t.keep %S/Inputs/switches.c | FileCheck %s
// RUN: bash %S/../exec/Inputs/exec-diff.sh --plugin %gotfree_so --opts "O2 Os" \
// RUN:   --cflags "-fplugin-arg-gotfree-jump-tables=none" \
// RUN:   %t.none %S/Inputs/switches.c | FileCheck %s
// CHECK:      == baseline -O2 output
// CHECK-NEXT: dense: -1 11 22 5 99 7 3 8 -1 -1
// CHECK-NEXT: sparse: 1 2 3 4 5 0 6 7 8 9 10 11 0 0
// CHECK-NEXT: two: 0 0 50 61 92 2 3 0 1 1 51 62 93 3 4 1 3 3 53 64 95 5 6 3 8 8 58 69 100 10 11 8 14 14 64 75 106 16 17 14 31 31 81 92 123 33 34 31 41 41 91 102 133 43 44 41 0 0 50 61 92 2 3 0 side=[-153164 -8 56 864]
// CHECK-NEXT: interp: 93 -42
// CHECK-NEXT: pressure: 981 872 636 5200 786 816 732 990 981
// CHECK-NEXT: sink: 47
// CHECK-NEXT: exit: 0
// CHECK:      exec-diff: [[N:[0-9]+]] of [[N]] match
//
// PIE mode with absolute-rip: 8-byte entries need their .rodata relocated
// at start-up, as a kernel does; glibc's static-PIE start-up relocates
// writable data only, so the linked copy gets .rodata writable.
// RUN: for o in O2 O0; do \
// RUN:   %clang_gf -$o -fpie -fplugin-arg-gotfree-jump-tables=absolute-rip \
// RUN:     -fplugin-arg-gotfree-jump-table-annotations=reloc-none \
// RUN:     -c %S/Inputs/switches.c -o %t.pieabs-$o.o && \
// RUN:   llvm-objcopy --set-section-flags .rodata=alloc,load,contents,data \
// RUN:     %t.pieabs-$o.o %t.pieabs-$o.link.o && \
// RUN:   clang -static-pie -fuse-ld=lld %t.pieabs-$o.link.o -o %t.pieabs-$o && \
// RUN:   { %t.pieabs-$o; echo "exit: $?"; } > %t.pieabs-$o.out; \
// RUN:   diff %t.default/base-O2.out %t.pieabs-$o.out || exit 1; \
// RUN: done
