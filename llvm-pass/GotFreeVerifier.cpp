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
#include "llvm/IR/DiagnosticInfo.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Target/TargetMachine.h"

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
  bool doFinalization(Module &) override {
    // The scanner refers to this module's target machine.
    Scanner.reset();
    CheckedModule = nullptr;
    return false;
  }

private:
  /// The module whose file-scope asm has been checked (with its first
  /// function, where the target machine is known).
  const Module *CheckedModule = nullptr;
  /// The module's parser state for inline asm text.
  std::unique_ptr<AsmTextScanner> Scanner;
  void checkModuleAsm(const Module &M, const TargetMachine &TM);
};
} // namespace

char Verifier::ID = 0;
char &gotfree::VerifierID = Verifier::ID;
static RegisterPass<Verifier>
    Registration("gotfree-verify",
                 "gotfree: verify the GOT-free output contract");

/// File-scope asm has no location: its diagnostics name the module.
void Verifier::checkModuleAsm(const Module &M, const TargetMachine &TM) {
  if (M.getModuleInlineAsm().empty())
    return;
  std::optional<SmallVector<AsmTextRef, 2>> Refs =
      Scanner->scan(M.getModuleInlineAsm());
  if (!Refs)
    return;
  for (const AsmTextRef &Ref : *Refs) {
    RefDecision D = classifyAsmTextRef(TM, Ref);
    if (D.Action == RefAction::Keep || !D.Severity)
      continue;
    ++NumViolations;
    M.getContext().diagnose(DiagnosticInfoInlineAsm(
        /*LocCookie=*/0,
        "gotfree: file-scope asm in '" + M.getModuleIdentifier() +
            "': " + describeAsmTextDecision(Ref, D),
        *D.Severity));
  }
}

bool Verifier::runOnMachineFunction(MachineFunction &MF) {
  std::string Problem;
  const X86Names *N = getNamesIfApplicable(MF, &Problem);
  if (!N) {
    if (!Problem.empty())
      reportAt(MF, Problem);
    return false;
  }
  const Module &M = *MF.getFunction().getParent();
  if (&M != CheckedModule) {
    CheckedModule = &M;
    Scanner = std::make_unique<AsmTextScanner>(MF.getTarget());
    checkModuleAsm(M, MF.getTarget());
  }
  auto &ORE = getAnalysis<MachineOptimizationRemarkEmitterPass>().getORE();
  // Reports one decision: a Keep a policy made as a remark, anything else
  // that is still there as a diagnostic.
  auto Report = [&](const MachineInstr &MI, const RefDecision &D,
                    auto Describe) {
    if (D.Action == RefAction::Keep) {
      if (isPolicyKeep(D)) {
        ++NumPolicyKept;
        remarkKept(ORE, MI, "PolicyKept", Describe());
      }
      return;
    }
    if (!D.Severity)
      return;
    ++NumViolations;
    reportAt(MI, Describe(), *D.Severity);
  };
  SmallVector<SymbolRef, 4> Refs;
  for (const MachineBasicBlock &MBB : MF) {
    for (const MachineInstr &MI : MBB.instrs()) {
      Refs.clear();
      collectSymbolRefs(MI, *N, Refs);
      for (const SymbolRef &Ref : Refs) {
        RefDecision D = classifyReference(MI, Ref, *N);
        Report(MI, D, [&] { return describeDecision(MI, Ref, D, *N); });
      }
      if (!MI.isInlineAsm())
        continue;
      if (std::optional<SmallVector<AsmTextRef, 2>> TextRefs =
              Scanner->scan(MI))
        for (const AsmTextRef &Ref : *TextRefs) {
          RefDecision D = classifyAsmTextRef(MF.getTarget(), Ref);
          Report(MI, D, [&] { return describeAsmTextDecision(Ref, D); });
        }
    }
  }
  return false;
}
