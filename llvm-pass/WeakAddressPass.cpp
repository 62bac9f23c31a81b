//===- WeakAddressPass.cpp - extern_weak addresses from .data.rel.ro ------===//

#include "WeakAddressPass.h"
#include "GotFreeOptions.h"

#include "Statistics.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/ReplaceConstant.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumWeakSlots,
                  "extern_weak symbols given a pointer in .data.rel.ro");
GOTFREE_STATISTIC(NumWeakLoads,
                  "extern_weak addresses loaded from .data.rel.ro");

/// Whether \p U, a use of an extern_weak symbol by an instruction, needs its
/// address: a direct call does not, and a landing pad clause or an inline asm
/// operand must stay a constant (the verifier decides those).
static bool needsAddress(const Use &U) {
  auto *I = cast<Instruction>(U.getUser());
  if (isa<LandingPadInst>(I))
    return false;
  if (auto *Call = dyn_cast<CallBase>(I))
    return !Call->isCallee(&U) && !Call->isInlineAsm();
  return true;
}

PreservedAnalyses WeakAddressPass::run(Module &M, ModuleAnalysisManager &) {
  if (getEffectiveMode(M) == EffectiveMode::Off ||
      resolveWeak(M.getCodeModel()) != WeakPolicy::Relro)
    return PreservedAnalyses::all();
  bool Changed = false;
  for (GlobalValue &GV : M.global_values()) {
    if (!GV.hasExternalWeakLinkage() || GV.getAddressSpace() != 0)
      continue;
    // "icmp ne (ptr @wk, null)" inside an instruction becomes an instruction
    // of its own, whose operand can then be a load.
    Changed |= convertUsersOfConstantsToInstructions({&GV});
    SmallVector<Use *, 8> Uses;
    for (Use &U : GV.uses())
      if (isa<Instruction>(U.getUser()) && needsAddress(U))
        Uses.push_back(&U);
    if (Uses.empty())
      continue;
    auto *Slot = new GlobalVariable(M, GV.getType(), /*isConstant=*/false,
                                    GlobalValue::PrivateLinkage, &GV,
                                    "__gotfree_weak." + GV.getName());
    // Writable, so that nothing folds the load; RELRO once relocated.
    Slot->setSection(".data.rel.ro");
    Slot->setAlignment(M.getDataLayout().getPointerABIAlignment(0));
    ++NumWeakSlots;
    for (Use *U : Uses) {
      auto *I = cast<Instruction>(U->getUser());
      Instruction *Before = I;
      if (auto *Phi = dyn_cast<PHINode>(I))
        Before = Phi->getIncomingBlock(*U)->getTerminator();
      auto *Load = new LoadInst(GV.getType(), Slot, GV.getName() + ".addr",
                                Before->getIterator());
      U->set(Load);
      ++NumWeakLoads;
    }
    Changed = true;
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}
