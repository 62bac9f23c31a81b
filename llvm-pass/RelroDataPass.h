//===- RelroDataPass.h - Relocated constants to .data.rel.ro ----*- C++ -*-===//
//
// -fno-pie codegen puts a constant that holds addresses (a table of function
// pointers) in .rodata: its relocations are resolved at link time. Once the
// code is position independent, those addresses become run-time relocations,
// which a PIE loader applies to writable (RELRO) data only, so with
// -fplugin-arg-gotfree-relro=on rewrite mode places such constants in
// .data.rel.ro as PIE codegen does. Off by default: a kernel applies its
// relocations itself, wherever they are.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_RELRODATAPASS_H
#define GOTFREE_RELRODATAPASS_H

#include "llvm/IR/PassManager.h"

namespace gotfree {

class RelroDataPass : public llvm::PassInfoMixin<RelroDataPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
  static llvm::StringRef name() { return "gotfree-relro-data"; }
};

} // namespace gotfree

#endif
