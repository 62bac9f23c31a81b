//===- NoJumpTables.cpp - jump-tables=none --------------------------------===//

#include "NoJumpTables.h"
#include "GotFreeOptions.h"

#include "Statistics.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Module.h"
#include "llvm/Pass.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumNoJumpTables, "Functions given \"no-jump-tables\"");

bool gotfree::isNoJumpTablesRequested() {
  return getMode() != Mode::Off &&
         getRequestedJumpTableFormat() == JumpTableFormat::None;
}

/// Sets the attribute; true when it changed anything.
static bool disableJumpTables(Function &F) {
  if (!isNoJumpTablesRequested() || F.isDeclaration() ||
      getEffectiveMode(*F.getParent()) == EffectiveMode::Off ||
      F.getFnAttribute("no-jump-tables").getValueAsBool())
    return false;
  F.addFnAttr("no-jump-tables", "true");
  ++NumNoJumpTables;
  return true;
}

PreservedAnalyses NoJumpTablesPass::run(Function &F,
                                        FunctionAnalysisManager &) {
  // Attributes are not analysis results: everything stays valid.
  disableJumpTables(F);
  return PreservedAnalyses::all();
}

namespace {
class NoJumpTablesLegacy : public FunctionPass {
public:
  static char ID;
  NoJumpTablesLegacy() : FunctionPass(ID) {}
  StringRef getPassName() const override { return "gotfree: no jump tables"; }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.setPreservesAll();
  }
  bool runOnFunction(Function &F) override { return disableJumpTables(F); }
};
} // namespace

char NoJumpTablesLegacy::ID = 0;
static RegisterPass<NoJumpTablesLegacy>
    Registration("gotfree-no-jump-tables-legacy", "gotfree: no jump tables");

FunctionPass *gotfree::createNoJumpTablesLegacyPass() {
  return new NoJumpTablesLegacy();
}
