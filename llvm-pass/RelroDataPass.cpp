//===- RelroDataPass.cpp - Relocated constants to .data.rel.ro ------------===//

#include "RelroDataPass.h"
#include "GotFreeOptions.h"

#include "Statistics.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumRelro,
                  "Constants holding addresses moved to .data.rel.ro");

PreservedAnalyses RelroDataPass::run(Module &M, ModuleAnalysisManager &) {
  if (!getRelroData() || getMode() == Mode::Off ||
      M.getPICLevel() != PICLevel::NotPIC)
    return PreservedAnalyses::all();
  bool Changed = false;
  for (GlobalVariable &GV : M.globals()) {
    if (!GV.isConstant() || GV.isDeclaration() || GV.hasSection() ||
        !GV.getInitializer()->needsRelocation())
      continue;
    GV.setSection(".data.rel.ro");
    ++NumRelro;
    Changed = true;
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
