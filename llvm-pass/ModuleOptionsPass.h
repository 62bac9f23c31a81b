//===- ModuleOptionsPass.h - gotfree options as module flags ----*- C++ -*-===//
//
// The options a compile was given are recorded in its module (module flags
// "gotfree.KEY", GotFreeOptions.h) at the start of the optimization pipeline,
// and set again from the module where link-time code generation begins (the
// full LTO pipeline's end, a ThinLTO backend's optimizer): ld.lld parses
// -mllvm before it loads pass plugins, so nothing else reaches their
// options there. Code generation sets them again before the machine passes
// run (createApplyModuleOptionsLegacyPass), for llc on a module the IR
// passes wrote.
//
//===----------------------------------------------------------------------===//

#ifndef GOTFREE_MODULEOPTIONSPASS_H
#define GOTFREE_MODULEOPTIONSPASS_H

#include "llvm/IR/PassManager.h"

namespace llvm {
class ModulePass;
} // namespace llvm

namespace gotfree {

class RecordOptionsPass : public llvm::PassInfoMixin<RecordOptionsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

class ApplyModuleOptionsPass
    : public llvm::PassInfoMixin<ApplyModuleOptionsPass> {
public:
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &);
  static bool isRequired() { return true; }
};

/// The legacy pass that sets the options from the module's flags, run first
/// in the code generation pipeline.
llvm::ModulePass *createApplyModuleOptionsLegacyPass();

} // namespace gotfree

#endif
