//===- ModuleOptionsPass.cpp - gotfree options as module flags ------------===//

#include "ModuleOptionsPass.h"
#include "GotFreeOptions.h"

#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Pass.h"

using namespace llvm;
using namespace gotfree;

PreservedAnalyses RecordOptionsPass::run(Module &M, ModuleAnalysisManager &) {
  if (getEffectiveMode(M) == EffectiveMode::Off)
    return PreservedAnalyses::all();
  recordOptionsInModule(M);
  return PreservedAnalyses::all();
}

/// Sets the options from \p M's flags; a flag that cannot be applied is an
/// error on the module's context.
static void applyOrReport(Module &M) {
  if (Error E = applyOptionsFromModule(M))
    M.getContext().emitError("gotfree: the options recorded in module '" +
                             M.getModuleIdentifier() +
                             "' cannot be applied: " + toString(std::move(E)));
}

PreservedAnalyses ApplyModuleOptionsPass::run(Module &M,
                                              ModuleAnalysisManager &) {
  applyOrReport(M);
  return PreservedAnalyses::all();
}

namespace {
/// The same at the start of code generation, for the machine passes: llc
/// (or any host that runs code generation on a module the plugin's IR
/// passes wrote) has no link-time pipeline to run ApplyModuleOptionsPass.
class ApplyModuleOptionsLegacy : public ModulePass {
public:
  static char ID;
  ApplyModuleOptionsLegacy() : ModulePass(ID) {}
  StringRef getPassName() const override {
    return "gotfree: options recorded in the module";
  }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.setPreservesAll();
  }
  bool runOnModule(Module &M) override {
    applyOrReport(M);
    return false;
  }
};
} // namespace

char ApplyModuleOptionsLegacy::ID = 0;
static RegisterPass<ApplyModuleOptionsLegacy>
    Registration("gotfree-apply-module-options",
                 "gotfree: options recorded in the module");

ModulePass *gotfree::createApplyModuleOptionsLegacyPass() {
  return new ApplyModuleOptionsLegacy();
}
