//===- GotFreeVerifier.cpp - Report the GOT-free output contract ----------===//
//
// The last pass before the AsmPrinter. It asks the classifier
// (ReferencePolicy.h) about every symbol reference left in the code and
// reports what it decided: a Violation, or a Rewrite the rewrite passes could
// not do, is a located error (or warning), never a silent absolute or GOT
// reference in the object file; a reference a policy keeps is a
// -Rpass-missed=gotfree remark. It decides nothing itself.
//
//===----------------------------------------------------------------------===//

#include "Diagnostics.h"
#include "Passes.h"
#include "ReferencePolicy.h"
#include "X86Names.h"

#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumViolations,
                  "GOT or absolute references reported by the verifier");
GOTFREE_STATISTIC(NumPolicyKept, "References left as they are by a policy");

namespace {
class Verifier : public MachineFunctionPass {
public:
  static char ID;
  Verifier() : MachineFunctionPass(ID) {}
  StringRef getPassName() const override {
    return "gotfree: verify the GOT-free output contract";
  }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.addRequired<MachineOptimizationRemarkEmitterPass>();
    AU.setPreservesAll();
    MachineFunctionPass::getAnalysisUsage(AU);
  }
  bool runOnMachineFunction(MachineFunction &MF) override;
};
} // namespace

char Verifier::ID = 0;
char &gotfree::VerifierID = Verifier::ID;
static RegisterPass<Verifier>
    Registration("gotfree-verify",
                 "gotfree: verify the GOT-free output contract");

bool Verifier::runOnMachineFunction(MachineFunction &MF) {
  std::string Problem;
  const X86Names *N = getNamesIfApplicable(MF, &Problem);
  if (!N) {
    if (!Problem.empty())
      reportAt(MF, Problem);
    return false;
  }
  auto &ORE = getAnalysis<MachineOptimizationRemarkEmitterPass>().getORE();
  SmallVector<SymbolRef, 4> Refs;
  for (const MachineBasicBlock &MBB : MF) {
    for (const MachineInstr &MI : MBB.instrs()) {
      Refs.clear();
      collectSymbolRefs(MI, *N, Refs);
      for (const SymbolRef &Ref : Refs) {
        RefDecision D = classifyReference(MI, Ref, *N);
        if (D.Action == RefAction::Keep) {
          if (isPolicyKeep(D)) {
            ++NumPolicyKept;
            remarkKept(ORE, MI, "PolicyKept", describeDecision(MI, Ref, D, *N));
          }
          continue;
        }
        if (!D.Severity)
          continue;
        ++NumViolations;
        reportAt(MI, describeDecision(MI, Ref, D, *N), *D.Severity);
      }
    }
  }
  return false;
}
