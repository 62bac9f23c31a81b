// The marks are counted right after isel and again when the annotations are
// written; the counters reach clang's -stats-file. Inputs/switches.c has six
// tables, each with one dispatch.
// RUN: %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-jump-tables=relative \
// RUN:   -fplugin-arg-gotfree-jump-table-annotations=annotate-insn -fplugin-arg-gotfree-annotate-insn-type=9 \
// RUN:   -c %S/Inputs/switches.c -o %t.rw.o -Xclang -stats-file=%t.rw.json
// RUN: FileCheck %s --check-prefixes=MARKS,RW < %t.rw.json
// RUN: %clang_gf -O2 -fpie -fplugin-arg-gotfree-jump-tables=absolute-rip \
// RUN:   -fplugin-arg-gotfree-jump-table-annotations=reloc-none \
// RUN:   -c %S/Inputs/switches.c -o %t.pie.o -Xclang -stats-file=%t.pie.json
// RUN: FileCheck %s --check-prefixes=MARKS,PIE < %t.pie.json
// RUN: %clang_gf -O2 -fpie -fplugin-arg-gotfree-jump-tables=none \
// RUN:   -c %S/Inputs/switches.c -o %t.none.o -Xclang -stats-file=%t.none.json
// RUN: FileCheck %s --check-prefix=NONE < %t.none.json
// MARKS-DAG: "gotfree.NumMarked": 6
// MARKS-DAG: "gotfree.NumAnnotated": 6
// MARKS-NOT: "gotfree.NumLost"
// RW-DAG:    "gotfree.NumToRelative": 6
// RW-DAG:    "gotfree.NumOwnTables": 6
// PIE-DAG:   "gotfree.NumToAbsolute": 6
// NONE:      "gotfree.NumNoJumpTables": 7
// NONE-NOT:  "gotfree.NumMarked"
