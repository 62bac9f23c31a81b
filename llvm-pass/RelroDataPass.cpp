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
  if (getEffectiveMode(M) != EffectiveMode::Rewrite ||
      !resolveRelro(M.getCodeModel()) || M.getPICLevel() != PICLevel::NotPIC)
    return PreservedAnalyses::all();
  bool Changed = false;
  for (GlobalVariable &GV : M.globals()) {
    if (!GV.isConstant() || GV.isDeclaration() ||
        !GV.getInitializer()->needsRelocation())
      continue;
    // The section name alone keeps a constant's read-only flags; a writable
    // .data.rel.ro is what the linker makes RELRO (write-protected once
    // relocated). A section the program named (section("name"),
    // .init_array) keeps its name and becomes writable, as it is in PIC
    // code. The pass runs after the optimizations that use constness.
    if (!GV.hasSection())
      GV.setSection(".data.rel.ro");
    GV.setConstant(false);
    ++NumRelro;
    Changed = true;
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
