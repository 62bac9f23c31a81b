//===- ModuleOptionsPass.cpp - gotfree options as module flags ------------===//

#include "ModuleOptionsPass.h"
#include "GotFreeOptions.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace gotfree;

PreservedAnalyses RecordOptionsPass::run(Module &M, ModuleAnalysisManager &) {
  if (getEffectiveMode(M) == EffectiveMode::Off)
    return PreservedAnalyses::all();
  recordOptionsInModule(M);
  return PreservedAnalyses::all();
}

PreservedAnalyses ApplyModuleOptionsPass::run(Module &M,
                                              ModuleAnalysisManager &) {
  if (Error E = applyOptionsFromModule(M))
    M.getContext().emitError("gotfree: the options recorded in module '" +
                             M.getModuleIdentifier() +
                             "' cannot be applied: " + toString(std::move(E)));
  return PreservedAnalyses::all();
}
