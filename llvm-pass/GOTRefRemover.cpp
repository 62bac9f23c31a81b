//===- GOTRefRemover.cpp - Remove GOT references from PIE codegen ---------===//
//
// What -fpie codegen still routes through the GOT after the dso_local pass:
// GOTPCREL loads of symbols codegen could not prove local, -fno-plt calls and
// libcalls. Runs right after instruction selection so that a GOT load can be
// folded into the memory references that use it.
//
//===----------------------------------------------------------------------===//

#include "Passes.h"
#include "Rewrites.h"

#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"

using namespace llvm;
using namespace gotfree;

namespace {
class GOTRefRemover : public MachineFunctionPass {
public:
  static char ID;
  GOTRefRemover() : MachineFunctionPass(ID) {}
  StringRef getPassName() const override {
    return "gotfree: remove GOT references";
  }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.addRequired<MachineOptimizationRemarkEmitterPass>();
    AU.setPreservesCFG();
    MachineFunctionPass::getAnalysisUsage(AU);
  }
  bool runOnMachineFunction(MachineFunction &MF) override;
};
} // namespace

char GOTRefRemover::ID = 0;
char &gotfree::GOTRefRemoverID = GOTRefRemover::ID;
static RegisterPass<GOTRefRemover>
    Registration("gotfree-remove-got", "gotfree: remove GOT references");

bool GOTRefRemover::runOnMachineFunction(MachineFunction &MF) {
  const X86Names *Names = getNamesIfApplicable(MF);
  if (!Names)
    return false;
  auto &ORE = getAnalysis<MachineOptimizationRemarkEmitterPass>().getORE();
  RewriteContext Ctx{MF, *Names, ORE, /*CanCreateRegs=*/true};
  bool Changed = false;
  for (MachineBasicBlock &MBB : MF)
    for (MachineInstr &MI : make_early_inc_range(MBB))
      Changed |= removeGOTRef(Ctx, MI);
  return Changed;
}
