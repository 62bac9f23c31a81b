//===- SymbolRefs.cpp - Classifying symbol operands -----------------------===//

#include "SymbolRefs.h"
#include "X86Names.h"

#include "llvm/CodeGen/MachineBasicBlock.h"
#include "llvm/CodeGen/MachineInstr.h"
#include "llvm/CodeGen/MachineOperand.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalValue.h"
#include "llvm/MC/MCSymbol.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;
using namespace gotfree;

bool gotfree::isSymbolRef(const MachineOperand &MO) {
  return MO.isGlobal() || MO.isSymbol() || MO.isBlockAddress() || MO.isCPI() ||
         MO.isJTI() || MO.isMCSymbol();
}

bool gotfree::isExternWeakRef(const MachineOperand &MO) {
  return MO.isGlobal() && MO.getGlobal()->hasExternalWeakLinkage();
}

bool gotfree::isAbsoluteSymbolRef(const MachineOperand &MO) {
  return MO.isGlobal() && MO.getGlobal()->isAbsoluteSymbolRef();
}

std::string gotfree::describeSymbolRef(const MachineOperand &MO) {
  std::string S;
  raw_string_ostream OS(S);
  if (MO.isGlobal())
    OS << "'" << MO.getGlobal()->getName() << "'";
  else if (MO.isSymbol())
    OS << "'" << MO.getSymbolName() << "'";
  else if (MO.isBlockAddress())
    OS << "block address in '" << MO.getBlockAddress()->getFunction()->getName()
       << "'";
  else if (MO.isCPI())
    OS << "constant pool entry " << MO.getIndex();
  else if (MO.isJTI())
    OS << "jump table " << MO.getIndex();
  else if (MO.isMCSymbol())
    OS << "'" << MO.getMCSymbol()->getName() << "'";
  else if (MO.isMBB())
    OS << "the address of block " << MO.getMBB()->getFullName();
  else
    OS << "operand";
  if (!MO.isMCSymbol() && isSymbolRef(MO) && getSymbolOffset(MO))
    OS << (MO.getOffset() > 0 ? "+" : "") << MO.getOffset();
  return S;
}

bool gotfree::isFrameOffsetSymbol(const MachineOperand &MO) {
  // llvm.localrecover's "fn$frame_escape_N", which LOCAL_ESCAPE sets to a
  // frame offset (MCContext::getOrCreateFrameAllocSymbol).
  return MO.isMCSymbol() && MO.getMCSymbol()->isTemporary() &&
         MO.getMCSymbol()->getName().contains("$frame_escape_");
}

int64_t gotfree::getSymbolOffset(const MachineOperand &MO) {
  return MO.isJTI() || MO.isMBB() ? 0 : MO.getOffset();
}

void gotfree::collectSymbolOperands(const MachineInstr &MI, const X86Names &N,
                                    SmallVectorImpl<SymbolRef> &Out) {
  if (MI.isMetaInstruction() || MI.isDebugInstr() || MI.isInlineAsm() ||
      MI.isLabel() || MI.isCFIInstruction())
    return;
  std::optional<unsigned> MemIdx = N.getMemOperandIdx(MI);
  const MCInstrDesc &Desc = MI.getDesc();
  for (unsigned I = 0, E = MI.getNumOperands(); I != E; ++I) {
    const MachineOperand &MO = MI.getOperand(I);
    // A block's address outside a branch: "movq $.LBB0_2, buf+8" (the
    // resume address __builtin_setjmp stores).
    if (MO.isMBB() && !MI.isBranch()) {
      if (MemIdx && I == *MemIdx + MemDisp)
        Out.push_back({SymbolRef::Displacement, I, *MemIdx});
      else if (I < Desc.getNumOperands() &&
               Desc.operands()[I].OperandType == MCOI::OPERAND_IMMEDIATE)
        Out.push_back({SymbolRef::Immediate, I});
      continue;
    }
    if (!isSymbolRef(MO))
      continue;
    if (MemIdx && I == *MemIdx + MemDisp) {
      Out.push_back({SymbolRef::Displacement, I, *MemIdx});
      continue;
    }
    if (MemIdx && I >= *MemIdx && I < *MemIdx + MemNumOperands) {
      Out.push_back({SymbolRef::Other, I});
      continue;
    }
    SymbolRef::SiteKind Site = SymbolRef::Other;
    if (I < Desc.getNumOperands()) {
      uint8_t Type = Desc.operands()[I].OperandType;
      if (Type == MCOI::OPERAND_PCREL)
        Site = SymbolRef::PCRelative;
      else if (Type == MCOI::OPERAND_IMMEDIATE)
        Site = SymbolRef::Immediate;
    }
    Out.push_back({Site, I});
  }
}
