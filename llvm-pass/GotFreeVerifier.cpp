//===- GotFreeVerifier.cpp - The GOT-free output contract -----------------===//
//
// The last pass before the AsmPrinter. It checks the output contract: no
// operand with a GOT target flag and no absolute symbol reference other than
// the policy exceptions (segment-relative per-CPU data, extern_weak movabsq,
// absolute symbols). A violation is a located error (or warning), never a
// silent absolute or GOT reference in the object file.
//
//===----------------------------------------------------------------------===//

#include "Diagnostics.h"
#include "GotFreeOptions.h"
#include "InlineAsmRefs.h"
#include "Passes.h"
#include "SymbolRefs.h"
#include "X86Names.h"

#include "Statistics.h"
#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"
#include "llvm/CodeGen/TargetInstrInfo.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumViolations,
                  "GOT or absolute references reported by the verifier");
GOTFREE_STATISTIC(NumAsmImmediates, "Inline asm symbol immediates reported");

namespace {
class Verifier : public MachineFunctionPass {
public:
  static char ID;
  Verifier() : MachineFunctionPass(ID) {}
  StringRef getPassName() const override {
    return "gotfree: verify the GOT-free output contract";
  }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.setPreservesAll();
    MachineFunctionPass::getAnalysisUsage(AU);
  }
  bool runOnMachineFunction(MachineFunction &MF) override;

private:
  const X86Names *N = nullptr;
  void violation(const MachineInstr &MI, const Twine &Msg);
  void checkOperands(const MachineInstr &MI);
  void checkInlineAsm(const MachineInstr &MI);
  void weakViolation(const MachineInstr &MI, const std::string &What);
  bool isSegmentRef(const MachineInstr &MI, unsigned MemIdx) const;
};
} // namespace

char Verifier::ID = 0;
char &gotfree::VerifierID = Verifier::ID;
static RegisterPass<Verifier>
    Registration("gotfree-verify",
                 "gotfree: verify the GOT-free output contract");

void Verifier::violation(const MachineInstr &MI, const Twine &Msg) {
  ++NumViolations;
  reportAt(MI, Msg,
           getVerifyPolicy() == VerifyPolicy::Error ? DS_Error : DS_Warning);
}

void Verifier::weakViolation(const MachineInstr &MI, const std::string &What) {
  violation(MI, "the address of extern_weak symbol " + What +
                    " cannot be formed PC-relatively (weak=error)");
}

bool Verifier::isSegmentRef(const MachineInstr &MI, unsigned MemIdx) const {
  const MachineOperand &Seg = MI.getOperand(MemIdx + MemSegment);
  return Seg.isReg() && (Seg.getReg() == N->FS || Seg.getReg() == N->GS);
}

void Verifier::checkOperands(const MachineInstr &MI) {
  SmallVector<SymbolOperand, 2> Ops;
  collectSymbolOperands(MI, *N, Ops);
  StringRef Opcode = N->TII->getName(MI.getOpcode());
  for (const SymbolOperand &Op : Ops) {
    const MachineOperand &MO = MI.getOperand(Op.OpIdx);
    std::string What = describeSymbolRef(MO);
    if (unsigned Flag = MO.getTargetFlags()) {
      if (!N->isGOTFlag(Flag))
        continue;
      // Under weak=error the GOT load of an extern_weak symbol is kept on
      // purpose: say why.
      if (isExternWeakRef(MO) && getWeakPolicy() == WeakPolicy::Error)
        weakViolation(MI, What);
      else
        violation(MI, "GOT reference (" + N->flagName(Flag) + ") to " + What +
                          " in " + Opcode);
      continue;
    }
    if (isAbsoluteSymbolRef(MO))
      continue;
    switch (Op.Kind) {
    case RefKind::PCRelative:
      break;
    case RefKind::Displacement: {
      const MachineOperand &Base = MI.getOperand(Op.MemIdx + MemBase);
      if (Base.isReg() && Base.getReg() == N->RIP &&
          !(N->isLEA(MI.getOpcode()) && isExternWeakRef(MO)))
        break;
      if (isSegmentRef(MI, Op.MemIdx)) {
        if (getSegmentPolicy() == SegmentPolicy::Keep)
          break;
        if (getSegmentPolicy() == SegmentPolicy::Error) {
          violation(MI, "segment-relative reference to " + What +
                            " is absolute (segment-refs=error)");
          break;
        }
      }
      if (isExternWeakRef(MO) && getWeakPolicy() == WeakPolicy::Error &&
          N->isLEA(MI.getOpcode())) {
        weakViolation(MI, What);
        break;
      }
      violation(MI, "absolute memory reference to " + What + " in " + Opcode);
      break;
    }
    case RefKind::Immediate:
      if (isExternWeakRef(MO)) {
        if (getWeakPolicy() == WeakPolicy::Error) {
          weakViolation(MI, What);
          break;
        }
        if (MI.getOpcode() == N->MOV64ri)
          break;
      }
      violation(MI,
                "absolute immediate reference to " + What + " in " + Opcode);
      break;
    case RefKind::Other:
      violation(MI, "unsupported reference to " + What + " in " + Opcode);
      break;
    }
  }
}

void Verifier::checkInlineAsm(const MachineInstr &MI) {
  StringRef Tmpl = MI.getOperand(InlineAsm::MIOp_AsmString).getSymbolName();
  SmallVector<AsmOperandUse, 4> Uses = parseAsmOperandUses(Tmpl);
  for (const AsmOperandGroup &G : getAsmOperandGroups(MI)) {
    if (G.Flag.isMemKind() &&
        G.Flag.getNumOperandRegisters() == MemNumOperands) {
      if (getVerifyPolicy() == VerifyPolicy::Off)
        continue;
      unsigned MemIdx = G.FlagIdx + 1;
      const MachineOperand &Disp = MI.getOperand(MemIdx + MemDisp);
      const MachineOperand &Base = MI.getOperand(MemIdx + MemBase);
      if (!isSymbolRef(Disp) || isAbsoluteSymbolRef(Disp))
        continue;
      if (unsigned Flag = Disp.getTargetFlags()) {
        if (N->isGOTFlag(Flag))
          violation(MI, "inline asm operand " + Twine(G.OpNo) +
                            " is a GOT reference to " +
                            describeSymbolRef(Disp));
        continue;
      }
      bool Segment = false;
      for (const AsmOperandUse &U : Uses)
        Segment |= U.OpNo == G.OpNo && U.SegmentPrefixed;
      if ((Base.isReg() && Base.getReg() == N->RIP) ||
          (Segment && getSegmentPolicy() == SegmentPolicy::Keep))
        continue;
      violation(MI, "inline asm operand " + Twine(G.OpNo) + " references " +
                        describeSymbolRef(Disp) + " absolutely");
      continue;
    }
    if (!G.Flag.isImmKind() || getAsmImmPolicy() == AsmImmPolicy::Ignore)
      continue;
    const MachineOperand &Imm = MI.getOperand(G.FlagIdx + 1);
    if (!isSymbolRef(Imm) || isAbsoluteSymbolRef(Imm))
      continue;
    for (const AsmOperandUse &U : Uses) {
      if (U.OpNo != G.OpNo ||
          classifySymbolUse(U) != AsmSymbolUse::AbsoluteImmediate)
        continue;
      ++NumAsmImmediates;
      reportAt(MI,
               "inline asm operand " + Twine(G.OpNo) +
                   " ('i') uses the address of " + describeSymbolRef(Imm) +
                   " as an absolute value, which cannot be made PC-relative",
               getAsmImmPolicy() == AsmImmPolicy::Error ? DS_Error
                                                        : DS_Warning);
      break;
    }
  }
}

bool Verifier::runOnMachineFunction(MachineFunction &MF) {
  std::string Problem;
  N = getNamesIfApplicable(MF, &Problem);
  if (!N) {
    if (!Problem.empty())
      reportAt(MF, Problem);
    return false;
  }
  for (const MachineBasicBlock &MBB : MF) {
    for (const MachineInstr &MI : MBB.instrs()) {
      if (MI.isInlineAsm())
        checkInlineAsm(MI);
      else if (getVerifyPolicy() != VerifyPolicy::Off)
        checkOperands(MI);
    }
  }
  return false;
}
