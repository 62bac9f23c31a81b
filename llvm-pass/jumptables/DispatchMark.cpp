//===- DispatchMark.cpp - Which jump does which jump table ----------------===//

#include "DispatchMark.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/CodeGen/MachineFunction.h"
#include "llvm/CodeGen/MachineInstr.h"
#include "llvm/CodeGen/MachineJumpTableInfo.h"
#include "llvm/CodeGen/MachineRegisterInfo.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/Metadata.h"

using namespace llvm;
using namespace gotfree;

/// Index of our section name among \p MD's operands.
static std::optional<unsigned> findMarkOperand(const MDNode &MD) {
  for (unsigned I = 0, E = MD.getNumOperands(); I != E; ++I)
    if (auto *S = dyn_cast_or_null<MDString>(MD.getOperand(I)))
      if (S->getString() == JumpTableMarkName)
        return I;
  return std::nullopt;
}

void gotfree::setJumpTableMark(MachineInstr &MI, unsigned JTI) {
  MachineFunction &MF = *MI.getMF();
  LLVMContext &Ctx = MF.getFunction().getContext();
  SmallVector<Metadata *, 4> Ops;
  if (const MDNode *Old = MI.getPCSections()) {
    std::optional<unsigned> Ours = findMarkOperand(*Old);
    for (unsigned I = 0, E = Old->getNumOperands(); I != E; ++I)
      if (!Ours || (I != *Ours && I != *Ours + 1))
        Ops.push_back(Old->getOperand(I));
  }
  // The !pcsections form: a section name followed by its auxiliary data.
  Ops.push_back(MDString::get(Ctx, JumpTableMarkName));
  Ops.push_back(MDNode::get(Ctx, ConstantAsMetadata::get(ConstantInt::get(
                                     Type::getInt32Ty(Ctx), JTI))));
  MI.setPCSections(MF, MDNode::get(Ctx, Ops));
}

std::optional<unsigned> gotfree::getJumpTableMark(const MachineInstr &MI) {
  const MDNode *MD = MI.getPCSections();
  if (!MD)
    return std::nullopt;
  std::optional<unsigned> I = findMarkOperand(*MD);
  if (!I || *I + 1 >= MD->getNumOperands())
    return std::nullopt;
  auto *Aux = dyn_cast_or_null<MDNode>(MD->getOperand(*I + 1));
  if (!Aux || Aux->getNumOperands() != 1)
    return std::nullopt;
  auto *C = mdconst::dyn_extract<ConstantInt>(Aux->getOperand(0));
  if (!C)
    return std::nullopt;
  return C->getZExtValue();
}

void gotfree::clearJumpTableMark(MachineInstr &MI) {
  const MDNode *MD = MI.getPCSections();
  if (!MD)
    return;
  std::optional<unsigned> Ours = findMarkOperand(*MD);
  if (!Ours)
    return;
  SmallVector<Metadata *, 4> Ops;
  for (unsigned I = 0, E = MD->getNumOperands(); I != E; ++I)
    if (I != *Ours && I != *Ours + 1)
      Ops.push_back(MD->getOperand(I));
  MachineFunction &MF = *MI.getMF();
  MI.setPCSections(MF,
                   Ops.empty() ? nullptr : MDNode::get(MD->getContext(), Ops));
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
