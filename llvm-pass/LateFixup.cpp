//===- LateFixup.cpp - GOT-free rewrites after register allocation --------===//
//
// Some references only appear after register allocation: the stack
// protector's guard load (LOAD_STACK_GUARD is expanded post-RA), tail calls
// expanded by the pseudo expansion. The rewrites that need no new register are
// done again here, just before the verifier.
//
//===----------------------------------------------------------------------===//

#include "Passes.h"
#include "Rewrites.h"

#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"

using namespace llvm;
using namespace gotfree;

namespace {
class LateFixup : public MachineFunctionPass {
public:
  static char ID;
  LateFixup() : MachineFunctionPass(ID) {}
  StringRef getPassName() const override {
    return "gotfree: late GOT-free fixups";
  }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.addRequired<MachineOptimizationRemarkEmitterPass>();
    AU.setPreservesCFG();
    MachineFunctionPass::getAnalysisUsage(AU);
  }
  MachineFunctionProperties getRequiredProperties() const override {
    return MachineFunctionProperties().setNoVRegs();
  }
  bool runOnMachineFunction(MachineFunction &MF) override;
};
} // namespace

char LateFixup::ID = 0;
char &gotfree::LateFixupID = LateFixup::ID;
static RegisterPass<LateFixup> Registration("gotfree-late-fixup",
                                            "gotfree: late GOT-free fixups");

bool LateFixup::runOnMachineFunction(MachineFunction &MF) {
  const X86Names *Names = getNamesIfApplicable(MF);
  if (!Names)
    return false;
  auto &ORE = getAnalysis<MachineOptimizationRemarkEmitterPass>().getORE();
  RewriteContext Ctx{MF, *Names, ORE, /*CanCreateRegs=*/false};
  bool Changed = false;
  for (MachineBasicBlock &MBB : MF) {
    for (MachineInstr &MI : make_early_inc_range(MBB.instrs())) {
      if (MI.isInlineAsm())
        Changed |= rewriteInlineAsmMemRefs(Ctx, MI);
      else if (!removeGOTRef(Ctx, MI))
        Changed |= rewriteAbsoluteRefs(Ctx, MI);
      else
        Changed = true;
    }
  }
  return Changed;
}
