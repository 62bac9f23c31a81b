// Plugin options: a bad key, a bad value or a missing '=' stops the
// compilation with an error naming the option; no object is written.
// RUN: rm -f %t.o
// RUN: not %clang_gf -fplugin-arg-gotfree-mod=pie -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=KEY
// RUN: not %clang_gf -fplugin-arg-gotfree-mode=pi -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=VALUE
// RUN: not %clang_gf -fplugin-arg-gotfree-weak -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=NOEQ
// RUN: not ls %t.o
// RUN: %clang_gf -fplugin-arg-gotfree-help -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=HELP
// Every documented value is accepted.
// RUN: %clang_gf -fplugin-arg-gotfree-mode=rewrite -fplugin-arg-gotfree-weak=abs \
// RUN:   -fplugin-arg-gotfree-segment-refs=rip -fplugin-arg-gotfree-asm-imm=ignore \
// RUN:   -fplugin-arg-gotfree-verify=warn -c %s -o %t.o

// KEY: error: invalid argument '-fplugin-arg-gotfree-mod=pie': unknown gotfree option 'mod' (known options: mode, weak, segment-refs, asm-imm, verify, relro, tls, jump-tables, jump-table-annotations, annotate-insn-type, link-time-sections)
// VALUE: error: invalid argument '-fplugin-arg-gotfree-mode=pi': invalid value 'pi' for gotfree option 'mode' (expected auto|rewrite|pie|off)
// NOEQ: error: invalid argument '-fplugin-arg-gotfree-weak': expected KEY=VALUE
// HELP: gotfree options (-fplugin-arg-gotfree-KEY=VALUE):
// HELP: mode=auto|rewrite|pie|off: What gotfree rewrites
// HELP: jump-table-annotations=auto|reloc-none|annotate-insn|tablejump-pairs|none:

int x;
int f(void) { return x; }
