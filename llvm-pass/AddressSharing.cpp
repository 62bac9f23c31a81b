//===- AddressSharing.cpp - One RIP-relative LEA per address --------------===//
//
// x86-64 has no RIP-relative form with an index register or next to an
// immediate, so an indexed reference ("movq sym(,%rax,8)"), a symbol
// immediate ("cmpq $sym") or a jump-table dispatch needs "leaq sym(%rip)"
// first. MachineCSE does not share such a cheap instruction beyond a block
// and its successors, and the per-CPU accesses of a scheduler function or the
// cases of a switch sit in blocks that do not dominate each other at all.
// This pass gives all LEAs of one address in a function one definition:
//  * the first of them, where it dominates the others;
//  * else, for the function's few most used addresses, a new LEA at the top
//    of the nearest common dominator of their blocks, never inside a loop
//    that does not hold them all. Optimizing for speed, only where that block
//    runs no more often than the LEAs it replaces.
// A RIP-relative LEA is trivially rematerializable: where registers are short
// the allocator recomputes it next to its uses instead of spilling it.
//
//===----------------------------------------------------------------------===//

#include "Diagnostics.h"
#include "Passes.h"
#include "Rewrites.h"
#include "SymbolRefs.h"
#include "X86Names.h"

#include "Statistics.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/CodeGen/MachineBlockFrequencyInfo.h"
#include "llvm/CodeGen/MachineBranchProbabilityInfo.h"
#include "llvm/CodeGen/MachineDominators.h"
#include "llvm/CodeGen/MachineFunctionPass.h"
#include "llvm/CodeGen/MachineInstrBuilder.h"
#include "llvm/CodeGen/MachineLoopInfo.h"
#include "llvm/CodeGen/MachineOptimizationRemarkEmitter.h"
#include "llvm/CodeGen/MachineRegisterInfo.h"
#include "llvm/CodeGen/TargetInstrInfo.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;
using namespace gotfree;

#define DEBUG_TYPE "gotfree"

GOTFREE_STATISTIC(NumSharedLEAs, "RIP-relative LEAs replaced by a shared one");
GOTFREE_STATISTIC(NumHoistedLEAs,
                  "Shared RIP-relative LEAs placed at a common dominator");

static cl::opt<bool>
    ShareAddresses("gotfree-address-sharing", cl::init(true), cl::Hidden,
                   cl::desc("Give all RIP-relative LEAs of one address in a "
                            "function one definition at their common "
                            "dominator (developer knob)"));

static cl::opt<unsigned> MaxHoisted(
    "gotfree-address-sharing-max-hoisted", cl::init(4), cl::Hidden,
    cl::desc("Most addresses per function given a new LEA above all their "
             "uses, most used first (developer knob)"));

namespace {
class AddressSharing : public MachineFunctionPass {
public:
  static char ID;
  AddressSharing() : MachineFunctionPass(ID) {}
  StringRef getPassName() const override {
    return "gotfree: share RIP-relative addresses";
  }
  void getAnalysisUsage(AnalysisUsage &AU) const override {
    AU.addRequired<MachineOptimizationRemarkEmitterPass>();
    AU.addRequired<MachineBranchProbabilityInfoWrapperPass>();
    AU.setPreservesCFG();
    MachineFunctionPass::getAnalysisUsage(AU);
  }
  MachineFunctionProperties getRequiredProperties() const override {
    return MachineFunctionProperties().setIsSSA();
  }
  bool runOnMachineFunction(MachineFunction &MF) override;

private:
  bool share(ArrayRef<MachineInstr *> LEAs);

  const X86Names *N = nullptr;
  MachineDominatorTree *DT = nullptr;
  MachineLoopInfo *MLI = nullptr;
  /// Null when optimizing for size: then the LEAs are shared wherever the
  /// budget allows.
  MachineBlockFrequencyInfo *MBFI = nullptr;
  MachineOptimizationRemarkEmitter *ORE = nullptr;
  unsigned Hoisted = 0;
};
} // namespace

char AddressSharing::ID = 0;
char &gotfree::AddressSharingID = AddressSharing::ID;
static RegisterPass<AddressSharing>
    Registration("gotfree-share-addresses",
                 "gotfree: share RIP-relative addresses");

/// "%r = LEA64r $rip, 1, $noreg, <symbol>, $noreg" into a virtual register.
static bool isAddressLEA(const X86Names &N, const MachineInstr &MI) {
  if (MI.getOpcode() != N.LEA64r || !MI.getOperand(0).getReg().isVirtual())
    return false;
  const MachineOperand &Base = MI.getOperand(1 + MemBase);
  const MachineOperand &Index = MI.getOperand(1 + MemIndex);
  const MachineOperand &Disp = MI.getOperand(1 + MemDisp);
  const MachineOperand &Seg = MI.getOperand(1 + MemSegment);
  return Base.isReg() && Base.getReg() == N.RIP && !Index.getReg() &&
         !Seg.getReg() &&
         (Disp.isGlobal() || Disp.isSymbol() || Disp.isJTI() || Disp.isCPI() ||
          Disp.isBlockAddress() || Disp.isMCSymbol());
}

bool AddressSharing::runOnMachineFunction(MachineFunction &MF) {
  if (!ShareAddresses || skipFunction(MF.getFunction()))
    return false;
  N = getNamesIfApplicable(MF);
  if (!N)
    return false;

  // Groups of LEAs of one address, in function order; hashed by the
  // displacement operand and told apart by isIdenticalTo.
  SmallVector<SmallVector<MachineInstr *, 4>, 16> Groups;
  DenseMap<size_t, SmallVector<unsigned, 1>> ByHash;
  for (MachineBasicBlock &MBB : MF) {
    for (MachineInstr &MI : MBB) {
      if (!isAddressLEA(*N, MI))
        continue;
      const MachineOperand &Disp = MI.getOperand(1 + MemDisp);
      SmallVector<unsigned, 1> &Candidates = ByHash[hash_value(Disp)];
      auto It = find_if(Candidates, [&](unsigned G) {
        return Groups[G].front()->getOperand(1 + MemDisp).isIdenticalTo(Disp);
      });
      if (It != Candidates.end()) {
        Groups[*It].push_back(&MI);
      } else {
        Candidates.push_back(Groups.size());
        Groups.emplace_back().push_back(&MI);
      }
    }
  }

  // The most used addresses first: they save the most and take the budget
  // of new LEAs.
  SmallVector<unsigned, 16> Order;
  for (unsigned G = 0, E = Groups.size(); G != E; ++G)
    if (Groups[G].size() > 1)
      Order.push_back(G);
  if (Order.empty())
    return false;
  llvm::sort(Order, [&](unsigned A, unsigned B) {
    return std::make_pair(Groups[A].size(), B) >
           std::make_pair(Groups[B].size(), A);
  });
  // Built here rather than required: most functions have nothing to share,
  // and the next pass that needs them changes the CFG first.
  MachineDominatorTree LocalDT(MF);
  MachineLoopInfo LocalMLI(LocalDT);
  DT = &LocalDT;
  MLI = &LocalMLI;
  std::optional<MachineBlockFrequencyInfo> LocalMBFI;
  if (!MF.getFunction().hasOptSize()) {
    LocalMBFI.emplace(
        MF, getAnalysis<MachineBranchProbabilityInfoWrapperPass>().getMBPI(),
        LocalMLI);
    MBFI = &*LocalMBFI;
  }
  ORE = &getAnalysis<MachineOptimizationRemarkEmitterPass>().getORE();
  Hoisted = 0;
  bool Changed = false;
  for (unsigned G : Order)
    Changed |= share(Groups[G]);
  DT = nullptr;
  MLI = nullptr;
  MBFI = nullptr;
  return Changed;
}

bool AddressSharing::share(ArrayRef<MachineInstr *> LEAs) {
  MachineBasicBlock *Dom = nullptr;
  for (MachineInstr *MI : LEAs) {
    if (!DT->isReachableFromEntry(MI->getParent()))
      return false; // Left for unreachable-block elimination.
    Dom = Dom ? DT->findNearestCommonDominator(Dom, MI->getParent())
              : MI->getParent();
  }
  // Not into a loop that does not hold every LEA (a loop's header can
  // dominate blocks after its exit).
  auto HoldsAll = [&](const MachineLoop *L) {
    return all_of(LEAs, [&](const MachineInstr *MI) {
      return L->contains(MI->getParent());
    });
  };
  for (const MachineLoop *L = MLI->getLoopFor(Dom); L && !HoldsAll(L);
       L = MLI->getLoopFor(Dom))
    Dom = DT->getNode(Dom)->getIDom()->getBlock();

  // The first LEA in the dominator block, if there is one, dominates the
  // others; otherwise a new one goes at the top of the block (not before its
  // terminators: an invoke's landing pad may use the address).
  MachineInstr *Leader = nullptr;
  for (MachineInstr *MI : LEAs)
    if (MI->getParent() == Dom && (!Leader || DT->dominates(MI, Leader)))
      Leader = MI;
  MachineRegisterInfo &MRI = Dom->getParent()->getRegInfo();
  bool IsNew = !Leader;
  if (IsNew && Hoisted >= MaxHoisted)
    return false;
  // Optimizing for speed, a new LEA must not run more often than the LEAs it
  // replaces: hoisting the address an error path needs into a hot path costs
  // more than the bytes it saves.
  if (IsNew && MBFI) {
    BlockFrequency Replaced;
    for (const MachineInstr *MI : LEAs)
      Replaced += MBFI->getBlockFreq(MI->getParent());
    if (MBFI->getBlockFreq(Dom) > Replaced)
      return false;
  }
  if (IsNew) {
    ++Hoisted;
    const MachineInstr &First = *LEAs.front();
    Register Reg = MRI.createVirtualRegister(
        MRI.getRegClass(First.getOperand(0).getReg()));
    Leader =
        BuildMI(*Dom, Dom->SkipPHIsLabelsAndDebug(Dom->begin()), DebugLoc(),
                First.getDesc(), Reg)
            .add(ArrayRef(First.operands_begin() + 1, First.operands_end()));
  }

  Register Shared = Leader->getOperand(0).getReg();
  unsigned Replaced = 0;
  for (MachineInstr *MI : LEAs) {
    if (MI == Leader)
      continue;
    Register Old = MI->getOperand(0).getReg();
    // A use as an index needs GR64_NOSP: the shared register takes the
    // narrowest class its uses require, or this LEA stays.
    if (!MRI.constrainRegClass(Shared, MRI.getRegClass(Old)))
      continue;
    MRI.replaceRegWith(Old, Shared);
    if (MI->peekDebugInstrNum())
      MI->getMF()->substituteDebugValuesForInst(*MI, *Leader);
    MI->eraseFromParent();
    ++Replaced;
  }
  if (!Replaced) {
    if (IsNew)
      Leader->eraseFromParent();
    return false;
  }
  MRI.clearKillFlags(Shared);
  unsigned Uses = IsNew ? Replaced : Replaced + 1;
  NumSharedLEAs += Uses - 1;
  NumHoistedLEAs += IsNew;
  remarkRewritten(*ORE, *Leader, "AddressShared",
                  "shared one RIP-relative LEA of " +
                      describeSymbolRef(Leader->getOperand(1 + MemDisp)) +
                      " among " + Twine(Uses) + " uses");
  return true;
}
