//===- DSOLocalPass.cpp - Mark globals dso_local for PIE codegen ----------===//

#include "DSOLocalPass.h"
#include "GotFreeOptions.h"

#include "Statistics.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/GlobalIFunc.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Module.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumDSOLocal, "Globals marked dso_local");

static bool canBeDSOLocal(const GlobalValue &GV) {
  if (GV.isDSOLocal() || GV.hasExternalWeakLinkage() ||
      GV.hasDLLImportStorageClass() || isa<GlobalIFunc>(GV))
    return false;
  if (const auto *F = dyn_cast<Function>(&GV))
    if (F->isIntrinsic())
      return false;
  // A thread-local declaration is reached through the GOT (initial-exec) or
  // __tls_get_addr; dso_local would change its access model, not its GOT use.
  if (GV.isThreadLocal())
    return false;
  return !GV.getName().starts_with("llvm.");
}

PreservedAnalyses DSOLocalPass::run(Module &M, ModuleAnalysisManager &) {
  if (getEffectiveMode(M) != EffectiveMode::PIE)
    return PreservedAnalyses::all();
  bool Changed = false;
  for (GlobalValue &GV : M.global_values()) {
    if (!canBeDSOLocal(GV))
      continue;
    GV.setDSOLocal(true);
    ++NumDSOLocal;
    Changed = true;
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
