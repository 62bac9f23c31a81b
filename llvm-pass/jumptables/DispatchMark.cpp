//===- DispatchMark.cpp - Which jump does which jump table ----------------===//

#include "DispatchMark.h"
#include "X86Names.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/CodeGen/MachineFunction.h"
#include "llvm/CodeGen/MachineInstr.h"
#include "llvm/CodeGen/MachineJumpTableInfo.h"
#include "llvm/CodeGen/MachineRegisterInfo.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Metadata.h"

using namespace llvm;
using namespace gotfree;

/// Index of section name \p Name among \p MD's operands.
static std::optional<unsigned> findMarkOperand(const MDNode &MD,
                                               StringRef Name) {
  for (unsigned I = 0, E = MD.getNumOperands(); I != E; ++I)
    if (auto *S = dyn_cast_or_null<MDString>(MD.getOperand(I)))
      if (S->getString() == Name)
        return I;
  return std::nullopt;
}

/// Sets the !pcsections entry \p Name of \p MI to \p Aux (nullptr: removes
/// it), keeping the other entries.
static void setMark(MachineInstr &MI, StringRef Name, Metadata *Aux) {
  MachineFunction &MF = *MI.getMF();
  SmallVector<Metadata *, 4> Ops;
  const MDNode *Old = MI.getPCSections();
  if (Old) {
    std::optional<unsigned> Ours = findMarkOperand(*Old, Name);
    for (unsigned I = 0, E = Old->getNumOperands(); I != E; ++I)
      if (!Ours || (I != *Ours && I != *Ours + 1))
        Ops.push_back(Old->getOperand(I));
  }
  LLVMContext &Ctx = MF.getFunction().getContext();
  if (Aux) {
    // The !pcsections form: a section name followed by its auxiliary data.
    Ops.push_back(MDString::get(Ctx, Name));
    Ops.push_back(MDNode::get(Ctx, Aux));
  }
  if (Old || Aux)
    MI.setPCSections(MF, Ops.empty() ? nullptr : MDNode::get(Ctx, Ops));
}

/// The auxiliary data of the !pcsections entry \p Name of \p MI.
static const Metadata *getMark(const MachineInstr &MI, StringRef Name) {
  const MDNode *MD = MI.getPCSections();
  if (!MD)
    return nullptr;
  std::optional<unsigned> I = findMarkOperand(*MD, Name);
  if (!I || *I + 1 >= MD->getNumOperands())
    return nullptr;
  auto *Aux = dyn_cast_or_null<MDNode>(MD->getOperand(*I + 1));
  if (!Aux || Aux->getNumOperands() != 1)
    return nullptr;
  return Aux->getOperand(0).get();
}

void gotfree::setJumpTableMark(MachineInstr &MI, unsigned JTI) {
  LLVMContext &Ctx = MI.getMF()->getFunction().getContext();
  setMark(
      MI, JumpTableMarkName,
      ConstantAsMetadata::get(ConstantInt::get(Type::getInt32Ty(Ctx), JTI)));
}

std::optional<unsigned> gotfree::getJumpTableMark(const MachineInstr &MI) {
  auto *C =
      mdconst::dyn_extract_or_null<ConstantInt>(getMark(MI, JumpTableMarkName));
  if (!C)
    return std::nullopt;
  return C->getZExtValue();
}

void gotfree::clearJumpTableMark(MachineInstr &MI) {
  setMark(MI, JumpTableMarkName, nullptr);
}

void gotfree::setCJumpTableMark(MachineInstr &MI, const GlobalValue &Table) {
  setMark(MI, CJumpTableMarkName,
          ConstantAsMetadata::get(const_cast<GlobalValue *>(&Table)));
}

const GlobalValue *gotfree::getCJumpTableMark(const MachineInstr &MI) {
  return mdconst::dyn_extract_or_null<GlobalValue>(
      getMark(MI, CJumpTableMarkName));
}

void gotfree::clearCJumpTableMark(MachineInstr &MI) {
  setMark(MI, CJumpTableMarkName, nullptr);
}

const GlobalValue *gotfree::findCJumpTable(const MachineInstr &MI,
                                           const X86Names &N) {
  if (MI.getOpcode() != N.JMP64m || MI.getOperand(MemScale).getImm() != 8)
    return nullptr;
  const MachineOperand *Disp = &MI.getOperand(MemDisp);
  const MachineOperand &Base = MI.getOperand(MemBase);
  if (!Disp->isGlobal() && Base.isReg() && Base.getReg().isVirtual()) {
    // jmp *(%b,%i,8) with %b = lea tbl(%rip).
    const MachineInstr *Def =
        MI.getMF()->getRegInfo().getUniqueVRegDef(Base.getReg());
    if (!Def || Def->getOpcode() != N.LEA64r ||
        !Def->getOperand(1 + MemBase).isReg() ||
        Def->getOperand(1 + MemBase).getReg() != N.RIP)
      return nullptr;
    Disp = &Def->getOperand(1 + MemDisp);
  }
  if (!Disp->isGlobal() || Disp->getOffset())
    return nullptr;
  const auto *GV = dyn_cast<GlobalVariable>(Disp->getGlobal());
  if (!GV || GV->getSection() != CJumpTableSection)
    return nullptr;
  return GV;
}

std::optional<unsigned> gotfree::findDispatchedTable(const MachineInstr &MI) {
  const MachineFunction &MF = *MI.getMF();
  const MachineJumpTableInfo *MJTI = MF.getJumpTableInfo();
  if (!MJTI || !MI.isIndirectBranch())
    return std::nullopt;
  const MachineRegisterInfo &MRI = MF.getRegInfo();

  // Walk the definitions the jump target is computed from (lea of the table,
  // the entry load, the add of the base) looking for table operands.
  SmallSet<unsigned, 2> Found;
  SmallPtrSet<const MachineInstr *, 8> Seen;
  SmallVector<const MachineInstr *, 8> Work{&MI};
  while (!Work.empty() && Seen.size() < 16) {
    const MachineInstr *Cur = Work.pop_back_val();
    if (!Seen.insert(Cur).second)
      continue;
    for (const MachineOperand &MO : Cur->operands()) {
      if (MO.isJTI()) {
        Found.insert(MO.getIndex());
        continue;
      }
      if (!MO.isReg() || !MO.isUse() || !MO.getReg().isVirtual())
        continue;
      if (const MachineInstr *Def = MRI.getUniqueVRegDef(MO.getReg()))
        Work.push_back(Def);
    }
  }
  if (Found.size() == 1)
    return *Found.begin();
  if (!Found.empty())
    return std::nullopt;

  // No SSA trail (MIR after register allocation): match the successors.
  const MachineBasicBlock &MBB = *MI.getParent();
  SmallPtrSet<const MachineBasicBlock *, 16> Succs(MBB.succ_begin(),
                                                   MBB.succ_end());
  std::optional<unsigned> Match;
  const auto &Tables = MJTI->getJumpTables();
  for (unsigned JTI = 0, E = Tables.size(); JTI != E; ++JTI) {
    const auto &MBBs = Tables[JTI].MBBs;
    if (MBBs.empty())
      continue;
    SmallPtrSet<const MachineBasicBlock *, 16> Targets(MBBs.begin(),
                                                       MBBs.end());
    if (Targets != Succs)
      continue;
    if (Match)
      return std::nullopt; // Ambiguous.
    Match = JTI;
  }
  return Match;
}

std::string gotfree::getTableObjectName(const MachineFunction &MF,
                                        unsigned JTI) {
  // Function numbers are unique in a module, like the .LJTI labels'.
  return "__gotfree_jt" + std::to_string(MF.getFunctionNumber()) + "_" +
         std::to_string(JTI);
}
