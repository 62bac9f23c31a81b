//===- AbsoluteRefRewriter.cpp - Absolute references -> RIP-relative ------===//
//
// Runs right after instruction selection, in SSA form, so that the LEAs it
// creates are visible to MachineCSE and MachineLICM, which share and hoist
// them: that is where the code size of -mcmodel=kernel is kept.
//
//===----------------------------------------------------------------------===//

#include "Passes.h"
#include "Rewrites.h"

#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"

using namespace llvm;
using namespace gotfree;

namespace {
class AbsoluteRefRewriter : public MachineFunctionPass {
public:
  static char ID;
  AbsoluteRefRewriter() : MachineFunctionPass(ID) {}
  StringRef getPassName() const override {
    return "gotfree: rewrite absolute symbol references as RIP-relative";
  }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.addRequired<MachineOptimizationRemarkEmitterPass>();
    AU.setPreservesCFG();
    MachineFunctionPass::getAnalysisUsage(AU);
  }
  bool runOnMachineFunction(MachineFunction &MF) override;
};
} // namespace

char AbsoluteRefRewriter::ID = 0;
char &gotfree::AbsoluteRefRewriterID = AbsoluteRefRewriter::ID;
static RegisterPass<AbsoluteRefRewriter>
    Registration("gotfree-rewrite",
                 "gotfree: rewrite absolute symbol references as RIP-relative");

bool AbsoluteRefRewriter::runOnMachineFunction(MachineFunction &MF) {
  const X86Names *Names = getNamesIfApplicable(MF);
  if (!Names)
    return false;
  auto &ORE = getAnalysis<MachineOptimizationRemarkEmitterPass>().getORE();
  RewriteContext Ctx{MF, *Names, ORE, /*CanCreateRegs=*/true};
  bool Changed = false;
  for (MachineBasicBlock &MBB : MF)
    for (MachineInstr &MI : make_early_inc_range(MBB))
      Changed |= MI.isInlineAsm() ? rewriteInlineAsmMemRefs(Ctx, MI)
                                  : rewriteAbsoluteRefs(Ctx, MI);
  return Changed;
}
