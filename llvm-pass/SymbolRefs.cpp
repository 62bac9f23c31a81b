//===- SymbolRefs.cpp - Classifying symbol operands -----------------------===//

#include "SymbolRefs.h"
#include "X86Names.h"

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
  else
    OS << "operand";
  if (!MO.isJTI() && !MO.isMCSymbol() && isSymbolRef(MO) && MO.getOffset())
    OS << (MO.getOffset() > 0 ? "+" : "") << MO.getOffset();
  return S;
}

void gotfree::collectSymbolOperands(const MachineInstr &MI, const X86Names &N,
                                    SmallVectorImpl<SymbolOperand> &Out) {
  if (MI.isMetaInstruction() || MI.isDebugInstr() || MI.isInlineAsm() ||
      MI.isLabel() || MI.isCFIInstruction())
    return;
  std::optional<unsigned> MemIdx = N.getMemOperandIdx(MI);
  const MCInstrDesc &Desc = MI.getDesc();
  for (unsigned I = 0, E = MI.getNumOperands(); I != E; ++I) {
    const MachineOperand &MO = MI.getOperand(I);
    if (!isSymbolRef(MO))
      continue;
    if (MemIdx && I == *MemIdx + MemDisp) {
      Out.push_back({I, RefKind::Displacement, *MemIdx});
      continue;
    }
    if (MemIdx && I >= *MemIdx && I < *MemIdx + MemNumOperands) {
      Out.push_back({I, RefKind::Other});
      continue;
    }
    RefKind Kind = RefKind::Other;
    if (I < Desc.getNumOperands()) {
      uint8_t Type = Desc.operands()[I].OperandType;
      if (Type == MCOI::OPERAND_PCREL)
        Kind = RefKind::PCRelative;
      else if (Type == MCOI::OPERAND_IMMEDIATE)
        Kind = RefKind::Immediate;
    }
    Out.push_back({I, Kind});
  }
}
