//===- MarkDispatches.cpp - Mark dispatches after isel --------------------===//
//
// Every indirect jmp that dispatches through a jump table is marked with its
// table right after instruction selection (and after the layout conversion),
// while the SSA trail from the jmp back to the table's lea still exists. The
// late emitter counts the marks again and turns them into annotations, or,
// without annotations, keeps each dispatch's table LEA where objtool looks.
// In a kernel, computed gotos through a C jump table (CJumpTableSection)
// are marked with their table too, for the same reason.
//
//===----------------------------------------------------------------------===//

#include "Diagnostics.h"
#include "DispatchMark.h"
#include "GotFreeOptions.h"
#include "Passes.h"

#include "Statistics.h"
#include "llvm/ADT/SmallBitVector.h"
#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/MachineJumpTableInfo.h"
#include "llvm/Target/TargetMachine.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumMarked, "Jump-table dispatches marked after isel");
GOTFREE_STATISTIC(NumCTableMarked,
                  "Computed gotos through a C jump table marked after isel");

namespace {
class JumpTableMarker : public MachineFunctionPass {
public:
  static char ID;
  JumpTableMarker() : MachineFunctionPass(ID) {}
  StringRef getPassName() const override {
    return "gotfree: mark jump-table dispatches";
  }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.setPreservesAll();
    MachineFunctionPass::getAnalysisUsage(AU);
  }
  bool runOnMachineFunction(MachineFunction &MF) override;
};
} // namespace

char JumpTableMarker::ID = 0;
char &gotfree::JumpTableMarkerID = JumpTableMarker::ID;
static RegisterPass<JumpTableMarker>
    Registration("gotfree-jump-table-mark",
                 "gotfree: mark jump-table dispatches");

bool JumpTableMarker::runOnMachineFunction(MachineFunction &MF) {
  const X86Names *N = getNamesIfApplicable(MF);
  if (!N)
    return false;
  bool Changed = false;
  // objtool follows a kernel's C jump tables with the same backward walk as
  // the compiler's 8-byte tables: the emitter keeps their LEA in reach.
  if (isKernelOutput(MF.getTarget().getCodeModel()))
    for (MachineBasicBlock &MBB : MF)
      for (MachineInstr &MI : MBB)
        if (const GlobalValue *Table = findCJumpTable(MI, *N)) {
          setCJumpTableMark(MI, *Table);
          ++NumCTableMarked;
          Changed = true;
        }

  const MachineJumpTableInfo *MJTI = MF.getJumpTableInfo();
  if (!MJTI || MJTI->isEmpty() ||
      MJTI->getEntryKind() == MachineJumpTableInfo::EK_Inline)
    return Changed;
  unsigned NumTables = MJTI->getJumpTables().size();
  SmallBitVector Used(NumTables), Dispatched(NumTables);
  for (MachineBasicBlock &MBB : MF) {
    for (MachineInstr &MI : MBB) {
      for (const MachineOperand &MO : MI.operands())
        if (MO.isJTI() && unsigned(MO.getIndex()) < NumTables)
          Used.set(MO.getIndex());
      if (!MI.isIndirectBranch())
        continue;
      if (std::optional<unsigned> Old = getJumpTableMark(MI)) {
        Dispatched.set(*Old); // MIR input that is already marked.
        continue;
      }
      std::optional<unsigned> JTI = findDispatchedTable(MI);
      if (!JTI)
        continue; // A computed goto, not a jump table.
      setJumpTableMark(MI, *JTI);
      Dispatched.set(*JTI);
      ++NumMarked;
      Changed = true;
    }
  }
  // A table that is used but whose jump was not found would go out
  // unannotated: that is an error, not an omission.
  if (resolveJumpTableAnnotation(MF.getTarget().getCodeModel()) ==
      JumpTableAnnotation::None)
    return Changed;
  for (unsigned JTI : Used.set_bits())
    if (!Dispatched.test(JTI) && !MJTI->getJumpTables()[JTI].MBBs.empty())
      reportAt(MF, "cannot find the indirect jump that dispatches through "
                   "jump table " +
                       Twine(JTI) + " to annotate it");
  return Changed;
}
