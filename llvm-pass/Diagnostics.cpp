//===- Diagnostics.cpp - Located gotfree diagnostics and remarks ----------===//

#include "Diagnostics.h"

#include "llvm/CodeGen/MachineFunction.h"
#include "llvm/CodeGen/MachineInstr.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Metadata.h"

using namespace llvm;
using namespace gotfree;

/// The !srcloc cookie of an inline asm instruction, or 0.
static uint64_t getInlineAsmCookie(const MachineInstr &MI) {
  for (const MachineOperand &MO : llvm::reverse(MI.operands())) {
    if (!MO.isMetadata())
      continue;
    const MDNode *MD = MO.getMetadata();
    if (MD->getNumOperands() == 0)
      continue;
    if (auto *C = mdconst::dyn_extract<ConstantInt>(MD->getOperand(0)))
      return C->getZExtValue();
  }
  return 0;
}

void gotfree::reportAt(const MachineInstr &MI, const Twine &Msg,
                       DiagnosticSeverity Severity) {
  const MachineFunction &MF = *MI.getMF();
  LLVMContext &Ctx = MF.getFunction().getContext();
  std::string Text = ("gotfree: " + Msg).str();
  if (MI.isInlineAsm()) {
    if (uint64_t Cookie = getInlineAsmCookie(MI)) {
      Ctx.diagnose(DiagnosticInfoInlineAsm(Cookie, Text, Severity));
      return;
    }
  }
  Ctx.diagnose(DiagnosticInfoUnsupported(MF.getFunction(), Text,
                                         MI.getDebugLoc(), Severity));
}

void gotfree::reportAt(const MachineFunction &MF, const Twine &Msg,
                       DiagnosticSeverity Severity) {
  std::string Text = ("gotfree: " + Msg).str();
  MF.getFunction().getContext().diagnose(DiagnosticInfoUnsupported(
      MF.getFunction(), Text, DiagnosticLocation(), Severity));
}

void gotfree::remarkRewritten(MachineOptimizationRemarkEmitter &ORE,
                              const MachineInstr &MI, StringRef Name,
                              const Twine &Msg) {
  ORE.emit([&] {
    return MachineOptimizationRemark(RemarkPassName, Name, MI.getDebugLoc(),
                                     MI.getParent())
           << Msg.str();
  });
}

void gotfree::remarkKept(MachineOptimizationRemarkEmitter &ORE,
                         const MachineInstr &MI, StringRef Name,
                         const Twine &Msg) {
  ORE.emit([&] {
    return MachineOptimizationRemarkMissed(RemarkPassName, Name,
                                           MI.getDebugLoc(), MI.getParent())
           << Msg.str();
  });
}

void RewriteKind::record(MachineOptimizationRemarkEmitter &ORE,
                         const MachineInstr &MI, const Twine &Msg) const {
  ++Count;
  remarkRewritten(ORE, MI, RemarkName, Msg);
}
