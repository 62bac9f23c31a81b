//===- NoJumpTables.h - jump-tables=none ------------------------*- C++ -*-===//
//
// jump-tables=none does what -fno-jump-tables does: every function gets the
// "no-jump-tables"="true" attribute, which switch lowering (and SimplifyCFG's
// switch-to-lookup-table conversion) honour. The new pass manager pass runs at
// the start of the optimization pipeline; the legacy pass runs first in code
// generation, so llc and LTO code generation see the attribute as well.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_JUMPTABLES_NOJUMPTABLES_H
#define GOTFREE_JUMPTABLES_NOJUMPTABLES_H

#include "llvm/IR/PassManager.h"

namespace llvm {
class FunctionPass;
}

namespace gotfree {

class NoJumpTablesPass : public llvm::PassInfoMixin<NoJumpTablesPass> {
public:
  llvm::PreservedAnalyses run(llvm::Function &F,
                              llvm::FunctionAnalysisManager &);
  static bool isRequired() { return true; }
  static llvm::StringRef name() { return "gotfree-no-jump-tables"; }
};

/// The same for the legacy code generation pipeline.
llvm::FunctionPass *createNoJumpTablesLegacyPass();

/// True when jump-tables=none applies (the option, and gotfree is not off).
bool isNoJumpTablesRequested();

} // namespace gotfree

#endif
