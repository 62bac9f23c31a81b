// The jump-table options: bad values are one-line errors naming the option
// and the accepted values; every documented value is accepted.
// RUN: rm -f %t.o
// RUN: not %clang_gf -fplugin-arg-gotfree-jump-tables=pcrel -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=FORMAT
// RUN: not %clang_gf -fplugin-arg-gotfree-jump-table-annotations=objtool -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=ANNOT
// RUN: not %clang_gf -fplugin-arg-gotfree-annotate-insn-type=jt -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=TYPE
// RUN: not ls %t.o
// FORMAT: error: invalid argument '-fplugin-arg-gotfree-jump-tables=pcrel': invalid value 'pcrel' for gotfree option 'jump-tables' (expected auto|relative|absolute-rip|keep|none)
// ANNOT: error: invalid argument '-fplugin-arg-gotfree-jump-table-annotations=objtool': invalid value 'objtool' for gotfree option 'jump-table-annotations' (expected auto|reloc-none|annotate-insn|tablejump-pairs|none)
// TYPE: error: invalid argument '-fplugin-arg-gotfree-annotate-insn-type=jt': invalid value 'jt' for gotfree option 'annotate-insn-type' (expected an unsigned integer)
// RUN: for f in relative absolute-rip keep none; do \
// RUN:   for a in auto reloc-none annotate-insn tablejump-pairs none; do \
// RUN:     %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-jump-tables=$f \
// RUN:       -fplugin-arg-gotfree-jump-table-annotations=$a \
// RUN:       -fplugin-arg-gotfree-annotate-insn-type=0x9 -c %s -o %t.o || exit 1; \
// RUN:   done; \
// RUN: done
// The help text lists them.
// RUN: %clang_gf -fplugin-arg-gotfree-help -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=HELP
// HELP: jump-tables=auto|relative|absolute-rip|keep|none: Jump-table layout
// HELP: jump-table-annotations=auto|reloc-none|annotate-insn|tablejump-pairs|none: How jump-table dispatches are annotated for objtool
// HELP: annotate-insn-type=<unsigned>: TYPE of the .discard.annotate_insn entries for jump tables (required by jump-table-annotations=annotate-insn)
// HELP: link-time-sections=<section>[,<section>...]: Rewrite mode: comma-separated sections whose functions keep link-time (absolute) addresses; empty for none
// annotate-insn-type has no default: no mainline ANNOTYPE is a jump table.
// RUN: not %clang_gf -O2 -mcmodel=kernel -fno-pie -fplugin-arg-gotfree-jump-table-annotations=annotate-insn -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=NOTYPE
// NOTYPE: options.c:[[#@LINE+7]]:6: error: gotfree: jump-table-annotations=annotate-insn needs annotate-insn-type=N, the ANNOTYPE value of the objtool that reads it (mainline objtool has none for jump tables)

void f1(void);
void f2(void);
void f3(void);
void f4(void);
void f5(void);
void sw(int x) {
  switch (x) {
  case 0: f1(); break;
  case 1: f2(); break;
  case 2: f3(); break;
  case 3: f4(); break;
  case 4: f5(); break;
  }
}
